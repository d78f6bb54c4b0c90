// Domain errors: one base class, one subclass per failure, each with a stable `code`.
// Handlers map them to HTTP in one place (functions/http/middleware.ts); adapters turn SDK failures
// (ConditionalCheckFailed, TransactionCanceled) into these, so SDK names never leak past an adapter.

/** Base of every error foster raises on purpose. `status` is the HTTP status the error maps to. */
export abstract class FosterError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One invalid field: `path` is dotted with indexes (`[3].policies[0].issuedOn`). */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** Bad input (400). The message names the first failing field; `issues` lists them all. */
export class ValidationError extends FosterError {
  readonly code = 'VALIDATION_FAILED';
  readonly status = 400;
  constructor(readonly issues: readonly FieldIssue[]) {
    const first = issues[0];
    super(first ? `${first.path || 'body'}: ${first.message}` : 'invalid input');
  }
  /** The failing field paths, first one first. */
  get fields(): string[] {
    return this.issues.map((i) => i.path);
  }
}

export class UnauthorizedError extends FosterError {
  readonly code = 'UNAUTHORIZED';
  readonly status = 401;
}

export class ForbiddenError extends FosterError {
  readonly code = 'FORBIDDEN';
  readonly status = 403;
}

export class NotFoundError extends FosterError {
  readonly code = 'NOT_FOUND';
  readonly status = 404;
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} not found`);
  }
}

/** A state or rule conflict (409): illegal transition, cap reached, too few attempts... */
export class ConflictError extends FosterError {
  readonly status = 409;
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

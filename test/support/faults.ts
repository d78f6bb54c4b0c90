import { DynamoDBServiceException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// Fault injection on the real DynamoDB Local client: a middleware on the client's stack (inside the
// SDK's retry loop, so each attempt meets it) that fails the n-th write request, either before it
// reaches the table (nothing written) or after (written, but the caller sees an error: a lost
// response, or a Lambda dying right after the write).

/** The write operations of DynamoDB, as the SDK names them. */
export const WRITE_COMMANDS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/** The failures DynamoDB returns under load or contention. */
export const FAULT_KINDS = ['ThrottlingException', 'ProvisionedThroughputExceededException', 'TransactionConflict'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  readonly kind: FaultKind;
  /** `before`: the request never reaches the table; `after`: it is applied, then the error is thrown. */
  readonly when: 'before' | 'after';
  /** Which write request (0-based, counted from `arm`, retries included) fails first. @default 0 */
  readonly at?: number;
  /** How many write requests in a row fail. @default 1 */
  readonly times?: number;
}

/** The error DynamoDB answers with for `kind` (a TransactionConflict on a transaction is a cancellation reason). */
export function faultError(kind: FaultKind, command: string, input: unknown): Error {
  const $metadata = { httpStatusCode: 400, requestId: 'injected' };
  if (kind === 'TransactionConflict' && command === 'TransactWriteItems') {
    const count = ((input as { TransactItems?: unknown[] }).TransactItems ?? []).length;
    return new TransactionCanceledException({
      message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
      $metadata,
      CancellationReasons: Array.from({ length: count }, (_, i) => ({ Code: i === 0 ? 'TransactionConflict' : 'None' })),
    });
  }
  const name = kind === 'TransactionConflict' ? 'TransactionConflictException' : kind;
  return new DynamoDBServiceException({ name, $fault: 'client', $metadata, message: `injected ${name}` });
}

export interface FaultInjector {
  /** Fails write requests as `fault` says, from now on. */
  arm(fault: Fault): void;
  disarm(): void;
  /** Write requests seen since the last `arm` or `resetCount` (retries included). */
  writes(): number;
  resetCount(): void;
  /** Errors thrown since the last `arm`. */
  injected(): number;
}

/** Installs the fault middleware on `client`; it does nothing until armed. */
export function injectFaults(client: DynamoDBDocumentClient): FaultInjector {
  let fault: Fault | undefined;
  let seen = 0;
  let thrown = 0;
  client.middlewareStack.add(
    (next, context) =>
      async function fosterFaultInjection(args) {
        const command = String(context.commandName ?? '').replace(/Command$/, '');
        if (!WRITE_COMMANDS.has(command)) return next(args);
        const index = seen++;
        const from = fault?.at ?? 0;
        const hit = fault !== undefined && index >= from && index < from + (fault.times ?? 1);
        if (!hit) return next(args);
        thrown++;
        const error = faultError(fault!.kind, command, args.input);
        if (fault!.when === 'before') throw error;
        await next(args);
        throw error;
      },
    { step: 'finalizeRequest', priority: 'low', name: 'fosterFaultInjection' },
  );
  return {
    arm(next) {
      fault = next;
      seen = 0;
      thrown = 0;
    },
    disarm() {
      fault = undefined;
    },
    writes: () => seen,
    resetCount() {
      seen = 0;
    },
    injected: () => thrown,
  };
}

type RetryStrategy = Extract<NonNullable<DynamoDBClientConfig['retryStrategy']>, { acquireInitialRetryToken: unknown }>;

/**
 * The SDK's standard retry decisions (throttling and transient errors retried, `maxAttempts` in
 * all) without its back-off delays, so a test can fail hundreds of writes in seconds.
 */
export function retriesWithoutDelay(maxAttempts = 3): RetryStrategy {
  const token = (count: number) => ({ getRetryCount: () => count, getRetryDelay: () => 0 });
  return {
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (previous, error) => {
      const count = previous.getRetryCount() + 1;
      if (error.errorType === 'CLIENT_ERROR' || count >= maxAttempts) throw new Error('not retried');
      return token(count);
    },
    recordSuccess: () => undefined,
  };
}

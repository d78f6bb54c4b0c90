import type * as z from '../../lib/domain/zod.js';
import type { Role } from '../../lib/domain/staff.js';

// What a route of the table is (functions/http/routes.ts): the types and role lists every group's
// route module (functions/http/routes/<group>.ts) is written with.

export const HANDLER_GROUPS = ['admin', 'assignments', 'customers', 'visits', 'team', 'callbacks', 'file', 'public'] as const;
export type HandlerGroup = (typeof HANDLER_GROUPS)[number];

/**
 * How a route is protected:
 * - `jwt`: a staff token (Cognito in the cloud, a locally signed one under `npm start`); `roles` may call it.
 * - `callbackToken`: a provider callback; a secret token in the query string, compared in constant time.
 * - `public`: no credentials; the route must serve no personal data.
 */
export type Guard = 'jwt' | 'callbackToken' | 'public';

/** Managers who see results in their scope. */
export const MANAGERS = ['supervisor', 'deptManager', 'districtManager'] as const satisfies readonly Role[];
export const STAFF = ['agent', 'supervisor', 'deptManager', 'districtManager', 'admin'] as const satisfies readonly Role[];

/** What a success may carry. */
export type MediaType = 'application/json' | 'text/html' | 'text/csv' | 'text/javascript' | 'text/css';

/** A success besides a route's main one (a 202 when the work goes to the background, a second media type). */
export interface OtherAnswer {
  /** @default the route's status */
  readonly status?: number;
  /** @default 'application/json' */
  readonly produces?: MediaType;
  readonly response: z.core.$ZodType;
  /** When this answer comes instead of the main one. */
  readonly when: string;
}

/** One route of the contract. */
export interface RouteSpec {
  readonly key: string;
  readonly group: HandlerGroup;
  readonly guard: Guard;
  /** Roles allowed past the route (the use case still checks scope). Empty unless `guard` is 'jwt'. */
  readonly roles: readonly Role[];
  /** One line for the OpenAPI document. */
  readonly summary: string;
  /**
   * Zod schemas of the request body, the query string and the success answer, for the OpenAPI
   * document and the fuzz tests. They live in lib/domain (never in a use-case module, which would
   * pull that use case into every Lambda's bundle) and are the same objects the use case parses with.
   */
  readonly body?: z.core.$ZodType;
  readonly query?: z.core.$ZodType;
  readonly response?: z.core.$ZodType;
  /** A GET that writes (it starts a background job), so its group is not read-only. @default false for GET */
  readonly writes?: boolean;
  /** Status of a success. @default 200 */
  readonly status?: number;
  /** Media type of a success. @default 'application/json' */
  readonly produces?: MediaType;
  /** Successes other than the main one: another status or media type, each with its schema and when it comes. */
  readonly otherAnswers?: readonly OtherAnswer[];
  /** Whether a 409 (state or rule conflict) may come back. @default true for every method but GET */
  readonly conflicts?: boolean;
}

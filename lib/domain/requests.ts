import * as z from './zod.js';
import { AssignmentState } from './assignment.js';
import { AssignmentRef, Id } from './ids.js';

// The request bodies and query strings of the HTTP contract, as the use cases parse them. They
// live here, not in the use-case modules, because the route table (functions/http/routes.ts) names
// them too, for the OpenAPI document, and the route table is imported by every Lambda: a schema in
// a use-case module would pull that use case into every bundle. (StaffBatch, CustomerBatch and
// AttemptInput, VisitCompletion and VisitClosure live with their entities; the managers' view's
// queries in team.ts.)

/** `GET /assignments?state=&limit=&next=` */
export const AssignmentListQuery = z.object({
  state: z.optional(AssignmentState),
  // 500 a page, the bulk routes' batch; a cursor holds one position per write shard.
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(500)), 50),
  next: z.optional(z.string().check(z.maxLength(4000))).check(z.describe('the `next` of the previous page')),
});

/** `POST /assignments/{id}/proposal` */
export const Proposal = z.object({ agentId: Id });

/** `POST /assignments/{id}/review`: accept the proposed agent, or reassign to another of the department. */
export const Review = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('accept') }),
  z.object({ decision: z.literal('reassign'), agentId: Id }),
]);

/** `POST /assignments/approval` and `POST /assignments/escalation`: up to 500 assignment ids. */
export const IdBatch = z.object({ ids: z.array(AssignmentRef).check(z.minLength(1), z.maxLength(500)) });

/** `GET /me/customers?limit=&next=` */
export const MyCustomersQuery = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
  next: z.optional(z.string().check(z.regex(/^\d+$/, 'must be the next value of the previous page'))),
});

/** `GET /sms/unmatched?limit=` */
export const UnmatchedQuery = z.object({ limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50) });

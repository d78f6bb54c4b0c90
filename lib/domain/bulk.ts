import * as z from './zod.js';
import { AssignmentRef, Id } from './ids.js';

// Request and answer schemas of the bulk assignment routes (the route table and the use cases parse
// with these very objects): up to 500 items a call, per-item results, the same rules and errors as
// the single routes. Ids may appear once per call.

export const BULK_MAX = 500;

/** Refuses a list where an id appears twice, naming the second one (`items[1].id: duplicate of items[0].id`). */
function unique<T>(idOf: (item: T) => string, field = '') {
  return z.superRefine<T[]>((items, ctx) => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const first = seen.get(idOf(item));
      if (first !== undefined)
        ctx.addIssue({ code: 'custom', path: field ? [i, field] : [i], message: `duplicate of items[${first}]${field && '.' + field}`, input: item });
      else seen.set(idOf(item), i);
    });
  });
}
const byId = <T extends { id: string }>() => unique<T>((item) => item.id, 'id');

const ProposalItem = z.object({ id: AssignmentRef, agentId: Id });
export const ProposalBatch = z.object({
  items: z.array(ProposalItem).check(z.minLength(1), z.maxLength(BULK_MAX), byId<z.infer<typeof ProposalItem>>()),
});
export type ProposalBatch = z.infer<typeof ProposalBatch>;

const ReviewItem = z.discriminatedUnion('decision', [
  z.object({ id: AssignmentRef, decision: z.literal('accept') }),
  z.object({ id: AssignmentRef, decision: z.literal('reassign'), agentId: Id }),
]);
export const ReviewBatch = z.object({
  items: z.array(ReviewItem).check(z.minLength(1), z.maxLength(BULK_MAX), byId<z.infer<typeof ReviewItem>>()),
});
export type ReviewBatch = z.infer<typeof ReviewBatch>;

/** One item that did not go through, with the code and message the single route would have answered. */
export const ItemFailure = z.object({ id: z.string(), code: z.string(), message: z.string() });
export type ItemFailure = z.infer<typeof ItemFailure>;

export const ProposalBatchResult = z.object({ proposed: z.array(z.string()), failed: z.array(ItemFailure) });
export const ReviewBatchResult = z.object({ reviewed: z.array(z.string()), failed: z.array(ItemFailure) });

export const AutoProposalRequest = z.object({
  /** Only these (default: every preAssigned orphan the supervisor owns). */
  ids: z.optional(
    z.array(AssignmentRef).check(
      z.minLength(1),
      z.maxLength(BULK_MAX),
      unique<string>((id) => id),
    ),
  ),
  /** Plan only: nothing is written. */
  dryRun: z._default(z.boolean(), false),
});

/** Why an orphan was left out of the plan. */
export const UnplacedWhy = z.enum(['teamFull', 'noCandidate', 'capReached', 'stateChanged', 'notFound', 'forbidden', 'invalidState']);
export type UnplacedWhy = z.infer<typeof UnplacedWhy>;

export const AutoProposalResult = z.object({
  dryRun: z.boolean(),
  month: z.string(),
  cap: z.number(),
  plan: z.array(z.object({ id: z.string(), agentId: z.string(), reason: z.string() })),
  unplaced: z.array(z.object({ id: z.string(), why: UnplacedWhy })),
});

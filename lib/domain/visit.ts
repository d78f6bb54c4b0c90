import * as z from './zod.js';
import { IsoDate, IsoInstant } from './ids.js';

// Three visits per approved assignment: T1 = approval + 15 days, T2 = T1 + 1 month, T3 = T1 + 2 months.
// Each needs a minimum of phone invitation attempts before it may be closed as unreachable,
// and is done in order: completing one opens the next.

export const VisitState = z.enum(['waiting', 'open', 'done', 'unreachable', 'cancelled']);
export type VisitState = z.infer<typeof VisitState>;

export const AttemptOutcome = z.enum(['accepted', 'refused', 'noAnswer', 'wrongNumber']);
export type AttemptOutcome = z.infer<typeof AttemptOutcome>;

export const AttemptInput = z.object({
  outcome: AttemptOutcome,
  note: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
});

export const Attempt = z.object({ at: IsoInstant, outcome: AttemptOutcome, note: z.optional(z.string()) });
export type Attempt = z.infer<typeof Attempt>;

export const MIN_ATTEMPTS: Record<1 | 2 | 3, number> = { 1: 4, 2: 3, 3: 3 };

export const Sold = z.enum(['life', 'card', 'none']);
export type Sold = z.infer<typeof Sold>;

const Rating = z.int().check(z.gte(1), z.lte(5));

export const Visit = z.object({
  id: z.string(),
  customerId: z.string(),
  assignmentId: z.string(),
  agentId: z.string(),
  number: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  dueOn: IsoDate,
  state: VisitState,
  attempts: z.array(Attempt),
  services: z.optional(z.array(z.string())),
  sold: z.optional(Sold),
  note: z.optional(z.string()),
  completedAt: z.optional(IsoInstant),
  /** foster's id of the rating request SMS. */
  ratingRequestId: z.optional(z.string()),
  /** The gateway's id of the rating request once sent: a reply naming it finds this visit in one query. */
  ratingRequestProviderId: z.optional(z.string()),
  rating: z.optional(Rating),
  comment: z.optional(z.string()),
  ratedAt: z.optional(IsoInstant),
  /** Later, different ratings of the same visit: the first one stands, these are shown beside it. */
  corrections: z.optional(z.array(z.object({ rating: Rating, comment: z.optional(z.string()), at: IsoInstant }))),
  cancelledAt: z.optional(IsoInstant),
  version: z.int().check(z.positive()),
});
export type Visit = z.infer<typeof Visit>;

import { z } from 'zod';

// Three visits per approved assignment: T1 = approval + 15 days, T2 = T1 + 1 month, T3 = T1 + 2 months.
// Each needs a minimum of phone invitation attempts before it may be closed as unreachable,
// and is done in order: completing one opens the next.

export const VISIT_STATES = ['waiting', 'open', 'done', 'unreachable', 'cancelled'] as const;
export type VisitState = (typeof VISIT_STATES)[number];

export const AttemptOutcome = z.enum(['accepted', 'refused', 'noAnswer', 'wrongNumber']);
export type AttemptOutcome = z.infer<typeof AttemptOutcome>;

export const AttemptInput = z.object({
  outcome: AttemptOutcome,
  note: z.string().trim().max(1000).optional(),
});

export interface Attempt {
  at: string;
  outcome: AttemptOutcome;
  note?: string;
}

export const MIN_ATTEMPTS: Record<1 | 2 | 3, number> = { 1: 4, 2: 3, 3: 3 };

export const Sold = z.enum(['life', 'card', 'none']);
export type Sold = z.infer<typeof Sold>;

export interface Visit {
  id: string;
  customerId: string;
  assignmentId: string;
  agentId: string;
  number: 1 | 2 | 3;
  dueOn: string;
  state: VisitState;
  attempts: Attempt[];
  services?: string[];
  sold?: Sold;
  note?: string;
  completedAt?: string;
  ratingRequestId?: string;
  /** The gateway's id of the rating request once sent: a reply naming it finds this visit in one query. */
  ratingRequestProviderId?: string;
  rating?: number;
  comment?: string;
  ratedAt?: string;
  corrections?: { rating: number; comment?: string; at: string }[];
  cancelledAt?: string;
  version: number;
}

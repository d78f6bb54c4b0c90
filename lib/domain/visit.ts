import * as z from './zod.js';
import { IsoDate, IsoInstant } from './ids.js';
import { InvitationReason, VisitService } from './invitation.js';

// Three visits per approved assignment: T1 = approval + 15 days, T2 = T1 + 1 month, T3 = T1 + 2 months.
// Each needs a minimum of phone invitation attempts before it may be closed as unreachable,
// and is done in order: completing one opens the next, except that a sale at visit 2 ends the
// programme (visit 3 is cancelled: 若二次约访中没有成功促成客户加保时,发起三次邀约).

export const VisitState = z.enum(['waiting', 'open', 'done', 'unreachable', 'cancelled']);
export type VisitState = z.infer<typeof VisitState>;

export const AttemptOutcome = z.enum(['accepted', 'refused', 'noAnswer', 'wrongNumber']);
export type AttemptOutcome = z.infer<typeof AttemptOutcome>;

/** `POST /visits/{id}/attempts`. `reason` defaults to the reason the visit suggests at that moment. */
export const AttemptInput = z.object({
  outcome: AttemptOutcome,
  reason: z.optional(InvitationReason),
  note: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
});

export const Attempt = z.object({ at: IsoInstant, outcome: AttemptOutcome, reason: z.optional(InvitationReason), note: z.optional(z.string()) });
export type Attempt = z.infer<typeof Attempt>;

export const MIN_ATTEMPTS: Record<1 | 2 | 3, number> = { 1: 4, 2: 3, 3: 3 };

export const Sold = z.enum(['life', 'card', 'none']);
export type Sold = z.infer<typeof Sold>;

const Rating = z.int().check(z.gte(1), z.lte(5));

/** `POST /visits/{id}/completion`: what was done (known services only) and what was sold. */
export const VisitCompletion = z.object({
  services: z.array(VisitService).check(z.maxLength(20)),
  sold: Sold,
  note: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
});

/** `POST /visits/{id}/closure`: nobody could be reached. */
export const VisitClosure = z.object({
  reason: z.literal('unreachable'),
  note: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
});

/** Why a visit was cancelled: its agent left, or visit 2 sold so visit 3 is not needed. */
export const CancelReason = z.enum(['agentDeparted', 'soldAtVisit2']);
export type CancelReason = z.infer<typeof CancelReason>;

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
  /** After a refusal: the agent is reminded on `on` (the daily reminder run) unless they try again first. */
  retryReminder: z.optional(z.object({ on: IsoDate, attemptAt: IsoInstant })),
  /** The agent's team, department and district when the visit was made: the managers' alerts scope by them. */
  supervisorId: z.nullish(z.string()),
  deptId: z.optional(z.string()),
  districtId: z.optional(z.string()),
  cancelReason: z.optional(CancelReason),
  /** Visit 1 only: the last day (Asia/Shanghai) of the first-invitation window (approval + firstInvitationDays). */
  invitationDueBy: z.optional(IsoDate),
  /** Visit 1 only: when the agent was texted that this customer still waits for a first invitation. */
  invitationRemindedAt: z.optional(IsoInstant),
  version: z.int().check(z.positive()),
});
export type Visit = z.infer<typeof Visit>;

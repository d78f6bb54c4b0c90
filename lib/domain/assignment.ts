import * as z from './zod.js';
import { Id, IsoInstant } from './ids.js';

// An assignment hands one orphan customer to a new agent: preAssigned (owned by the departed
// agent's supervisor) -> proposed -> reviewed -> approved; preAssigned past its deadline -> overdue,
// which the district manager escalates to a collector or service clerk (-> approved); so are
// preAssigned ones the supervisor's team has no capacity left for this month (`teamFull`).

export const ASSIGNMENT_STATES = ['preAssigned', 'proposed', 'reviewed', 'approved', 'overdue'] as const;
export const AssignmentState = z.enum(ASSIGNMENT_STATES);
export type AssignmentState = z.infer<typeof AssignmentState>;

export const Assignment = z.object({
  id: z.string(),
  customerId: Id,
  /** Denormalised at departure so a supervisor's list reads as names, not ids. */
  customerName: z.string(),
  departedAgentId: Id,
  state: AssignmentState,
  /** The supervisor who owns the choice. */
  ownerId: Id,
  deptId: Id,
  districtId: Id,
  region: z.string(),
  /** The proposed, reviewed or approved agent. */
  agentId: z.optional(Id),
  /** The month (YYYY-MM, Asia/Shanghai) whose cap `agentId` counts against. */
  capMonth: z.optional(z.string()),
  deadline: IsoInstant,
  createdAt: IsoInstant,
  proposedAt: z.optional(IsoInstant),
  reviewedAt: z.optional(IsoInstant),
  reviewedBy: z.optional(Id),
  approvedAt: z.optional(IsoInstant),
  approvedBy: z.optional(Id),
  escalated: z.optional(z.boolean()),
  /** Bumped by every write; each write is conditioned on the version it read. */
  version: z.int().check(z.positive()),
});
export type Assignment = z.infer<typeof Assignment>;

/** The states an action may start from; anything else is a 409 naming the current state. */
export const TRANSITIONS = {
  // A supervisor may still propose after the deadline, until the district manager escalates.
  propose: ['preAssigned', 'proposed', 'overdue'],
  review: ['proposed'],
  approve: ['reviewed'],
  markOverdue: ['preAssigned'],
  // preAssigned only when the owner's team has no capacity left this month (checked by the use case).
  escalate: ['overdue', 'preAssigned'],
} as const satisfies Record<string, readonly AssignmentState[]>;
export type AssignmentAction = keyof typeof TRANSITIONS;

export function canTransition(action: AssignmentAction, from: AssignmentState): boolean {
  return (TRANSITIONS[action] as readonly AssignmentState[]).includes(from);
}

import { z } from 'zod';

// An assignment hands one orphan customer to a new agent: preAssigned (owned by the departed
// agent's supervisor) -> proposed -> reviewed -> approved; preAssigned past its deadline -> overdue,
// which the district manager escalates to a collector or service clerk (-> approved).

export const ASSIGNMENT_STATES = ['preAssigned', 'proposed', 'reviewed', 'approved', 'overdue'] as const;
export const AssignmentState = z.enum(ASSIGNMENT_STATES);
export type AssignmentState = z.infer<typeof AssignmentState>;

export interface Assignment {
  id: string;
  customerId: string;
  /** Denormalised at departure so a supervisor's list reads as names, not ids. */
  customerName: string;
  departedAgentId: string;
  state: AssignmentState;
  /** The supervisor who owns the choice. */
  ownerId: string;
  deptId: string;
  districtId: string;
  region: string;
  /** The proposed, reviewed or approved agent. */
  agentId?: string;
  /** The month (YYYY-MM, Asia/Shanghai) whose cap `agentId` counts against. */
  capMonth?: string;
  deadline: string;
  createdAt: string;
  proposedAt?: string;
  reviewedAt?: string;
  approvedAt?: string;
  approvedBy?: string;
  reviewedBy?: string;
  escalated?: boolean;
  version: number;
}

/** The states an action may start from; anything else is a 409 naming the current state. */
export const TRANSITIONS = {
  // A supervisor may still propose after the deadline, until the district manager escalates.
  propose: ['preAssigned', 'proposed', 'overdue'],
  review: ['proposed'],
  approve: ['reviewed'],
  markOverdue: ['preAssigned'],
  escalate: ['overdue'],
} as const satisfies Record<string, readonly AssignmentState[]>;
export type AssignmentAction = keyof typeof TRANSITIONS;

export function canTransition(action: AssignmentAction, from: AssignmentState): boolean {
  return (TRANSITIONS[action] as readonly AssignmentState[]).includes(from);
}

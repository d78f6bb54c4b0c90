import { createHash } from 'node:crypto';

// Deterministic schedule names: a retry that schedules the same thing again hits the same name and
// changes nothing. EventBridge Scheduler allows [0-9a-zA-Z-_.]{1,64}; longer names keep a readable
// head and a hash tail.

const MAX = 64;

/** A schedule name made of `parts`, safe for EventBridge Scheduler. */
export function scheduleName(...parts: (string | number)[]): string {
  const raw = parts.map((p) => String(p).replace(/[^0-9a-zA-Z_-]/g, '.')).join('.');
  if (raw.length <= MAX) return raw;
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, 16);
  return `${raw.slice(0, MAX - hash.length - 1)}.${hash}`;
}

export const scheduleNames = {
  deadline: (deadlineDate: string) => scheduleName('deadline', deadlineDate),
  visitReminder: (visitId: string, agentId: string, late: boolean) => scheduleName(late ? 'late' : 'due', agentId, visitId),
  retryReminder: (visitId: string, attemptAt: string) => scheduleName('retry', visitId, attemptAt.replace(/\D/g, '').slice(0, 14)),
  /** One per day whose first-invitation window closes, however many approvals share it. */
  firstInvitations: (closedOn: string) => scheduleName('invite', closedOn),
};

import { z } from 'zod';
import type { Deps } from '../lib/ports/deps.js';
import type { ScheduledEvent } from '../lib/ports/scheduler.js';
import { drainOutbox } from '../lib/use-cases/outbox/drain-outbox.js';
import { markOverdue } from '../lib/use-cases/assignment/mark-overdue.js';
import { sweep } from '../lib/use-cases/scheduled/sweep.js';
import { runAssignmentExport } from '../lib/use-cases/team/export-assignments.js';
import { fireVisitReminder } from '../lib/use-cases/visits/visit-reminders.js';
import { fireRetryReminder } from '../lib/use-cases/visits/record-attempt.js';
import { remindFirstInvitations } from '../lib/use-cases/visits/first-invitation.js';

// The target of every EventBridge Scheduler schedule: validates the payload and runs the one use
// case it names. Every use case here is idempotent, so the scheduler's retries are harmless.

export const ScheduledEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('assignmentDeadline'), deadlineDate: z.iso.date() }),
  z.object({ type: z.literal('visitReminder'), visitId: z.string().min(1), late: z.boolean() }),
  z.object({ type: z.literal('retryReminder'), visitId: z.string().min(1), attemptAt: z.string().min(1) }),
  z.object({ type: z.literal('firstInvitations'), closedOn: z.iso.date() }),
  z.object({ type: z.literal('sweep') }),
  z.object({ type: z.literal('drainOutbox') }),
  z.object({ type: z.literal('assignmentExport'), exportId: z.string().min(1).max(64) }),
]) satisfies z.ZodType<ScheduledEvent>;

/** Runs one scheduled event. */
export async function runScheduledEvent(deps: Deps, raw: unknown): Promise<unknown> {
  const parsed = ScheduledEventSchema.safeParse(raw);
  if (!parsed.success) {
    // A payload that can never succeed must not be retried 185 times: log and drop it.
    deps.logger.error('invalid scheduled event dropped', { issues: parsed.error.issues });
    return { dropped: true };
  }
  const event = parsed.data;
  switch (event.type) {
    case 'assignmentDeadline':
      return markOverdue(deps, event.deadlineDate);
    case 'visitReminder':
      return { texted: await fireVisitReminder(deps, event.visitId, event.late) };
    case 'retryReminder':
      return { texted: await fireRetryReminder(deps, event.visitId, event.attemptAt) };
    case 'firstInvitations':
      return remindFirstInvitations(deps, [event.closedOn]);
    case 'sweep':
      // Sending stays with the outbox function (the only one allowed to publish SMS).
      return sweep(deps);
    case 'drainOutbox':
      return drainOutbox(deps);
    case 'assignmentExport':
      return runAssignmentExport(deps, event.exportId);
  }
}

export function createScheduledHandler(deps: Deps) {
  return async (event: unknown) => runScheduledEvent(deps, event);
}

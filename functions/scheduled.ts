import type { Deps } from '../lib/ports/deps.js';
import { drainOutbox } from '../lib/use-cases/outbox/drain-outbox.js';
import { markOverdue } from '../lib/use-cases/assignment/mark-overdue.js';
import { sweep } from '../lib/use-cases/scheduled/sweep.js';
import { runAssignmentExport } from '../lib/use-cases/team/export-assignments.js';
import { fireVisitReminder, sendDailyReminders } from '../lib/use-cases/visits/visit-reminders.js';
import { localDate } from '../lib/domain/time.js';
import { fireRetryReminder } from '../lib/use-cases/visits/record-attempt.js';
import { remindFirstInvitations } from '../lib/use-cases/visits/first-invitation.js';

import { dispatchScheduledEvent, type ScheduledRunners } from './scheduled-events.js';

// The target of every EventBridge Scheduler schedule: validates the payload and runs the one use
// case it names. Every use case here is idempotent, so the scheduler's retries are harmless.

export { ScheduledEventSchema, dispatchScheduledEvent, type ScheduledRunners } from './scheduled-events.js';

/** What the scheduled-events Lambda serves: every scheduled target except the outbox drain (only the outbox function sends). */
export const SCHEDULED_FUNCTION_RUNNERS = {
  assignmentDeadline: (deps, event) => markOverdue(deps, event.deadlineDate),
  // The day the run was scheduled for, so a retried delivery the next morning still does that day.
  dailyReminders: (deps, event) => sendDailyReminders(deps, localDate(event.scheduledTime ?? deps.clock.now())),
  visitReminder: async (deps, event) => ({ texted: await fireVisitReminder(deps, event.visitId, event.late) }),
  retryReminder: async (deps, event) => ({ texted: await fireRetryReminder(deps, event.visitId, event.attemptAt) }),
  firstInvitations: (deps, event) => remindFirstInvitations(deps, [event.closedOn]),
  assignmentExport: (deps, event) => runAssignmentExport(deps, event.exportId),
  // Sending stays with the outbox function (the only one allowed to publish SMS).
  sweep: (deps) => sweep(deps),
} satisfies ScheduledRunners;

/** Runs any scheduled event (the local runtime and the tests, which have one process for every function). */
export async function runScheduledEvent(deps: Deps, raw: unknown): Promise<unknown> {
  return dispatchScheduledEvent(deps, raw, { ...SCHEDULED_FUNCTION_RUNNERS, drainOutbox: (d) => drainOutbox(d) });
}

export function createScheduledHandler(deps: Deps) {
  return async (event: unknown) => dispatchScheduledEvent(deps, event, SCHEDULED_FUNCTION_RUNNERS);
}

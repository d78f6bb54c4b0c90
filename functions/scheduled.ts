import * as z from '../lib/domain/zod.js';
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
  z.object({ type: z.literal('visitReminder'), visitId: z.string().check(z.minLength(1)), late: z.boolean() }),
  z.object({ type: z.literal('retryReminder'), visitId: z.string().check(z.minLength(1)), attemptAt: z.string().check(z.minLength(1)) }),
  z.object({ type: z.literal('firstInvitations'), closedOn: z.iso.date() }),
  z.object({ type: z.literal('sweep') }),
  z.object({ type: z.literal('drainOutbox') }),
  z.object({ type: z.literal('assignmentExport'), exportId: z.string().check(z.minLength(1), z.maxLength(64)) }),
]) satisfies z.ZodMiniType<ScheduledEvent>;

type EventOf<T extends ScheduledEvent['type']> = Extract<ScheduledEvent, { type: T }>;

/** The use case run for each event type; a Lambda lists only the types it serves, so it bundles only their use cases. */
export type ScheduledRunners = { readonly [T in ScheduledEvent['type']]?: (deps: Deps, event: EventOf<T>) => Promise<unknown> };

/** What the scheduled-events Lambda serves: every scheduled target except the outbox drain (only the outbox function sends). */
export const SCHEDULED_FUNCTION_RUNNERS = {
  assignmentDeadline: (deps, event) => markOverdue(deps, event.deadlineDate),
  visitReminder: async (deps, event) => ({ texted: await fireVisitReminder(deps, event.visitId, event.late) }),
  retryReminder: async (deps, event) => ({ texted: await fireRetryReminder(deps, event.visitId, event.attemptAt) }),
  firstInvitations: (deps, event) => remindFirstInvitations(deps, [event.closedOn]),
  assignmentExport: (deps, event) => runAssignmentExport(deps, event.exportId),
  // Sending stays with the outbox function (the only one allowed to publish SMS).
  sweep: (deps) => sweep(deps),
} satisfies ScheduledRunners;

/** Runs one scheduled event with the runner of its type; an invalid payload or a type this function does not serve is logged and dropped. */
export async function dispatchScheduledEvent(deps: Deps, raw: unknown, runners: ScheduledRunners): Promise<unknown> {
  const parsed = ScheduledEventSchema.safeParse(raw);
  if (!parsed.success) {
    // A payload that can never succeed must not be retried 185 times: log and drop it.
    deps.logger.error('invalid scheduled event dropped', { issues: parsed.error.issues });
    return { dropped: true };
  }
  const event = parsed.data;
  const run = runners[event.type] as ((deps: Deps, event: ScheduledEvent) => Promise<unknown>) | undefined;
  if (!run) {
    deps.logger.error('scheduled event this function does not serve dropped', { type: event.type });
    return { dropped: true };
  }
  return run(deps, event);
}

/** Runs any scheduled event (the local runtime and the tests, which have one process for every function). */
export async function runScheduledEvent(deps: Deps, raw: unknown): Promise<unknown> {
  return dispatchScheduledEvent(deps, raw, { ...SCHEDULED_FUNCTION_RUNNERS, drainOutbox: (d) => drainOutbox(d) });
}

export function createScheduledHandler(deps: Deps) {
  return async (event: unknown) => dispatchScheduledEvent(deps, event, SCHEDULED_FUNCTION_RUNNERS);
}

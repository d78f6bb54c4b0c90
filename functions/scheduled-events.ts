import * as z from '../lib/domain/zod.js';
import type { Deps } from '../lib/ports/deps.js';
import type { ScheduledEvent } from '../lib/ports/scheduler.js';

// Every scheduled event's payload, and the dispatch each function that receives scheduled events
// runs with the runners of the types it serves. No use case is imported here: a function bundles
// only the use cases of its own runners (functions/scheduled.ts, functions/outbox.ts).

export const ScheduledEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('assignmentDeadline'), deadlineDate: z.iso.date() }),
  z.object({ type: z.literal('dailyReminders'), scheduledTime: z.optional(z.iso.datetime({ offset: true })) }),
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

import type { Visit } from '../../domain/visit.js';
import { scheduleNames } from '../../domain/schedule-names.js';
import type { Deps } from '../../ports/deps.js';
import { mapConcurrent } from '../../util/map-concurrent.js';
import { scheduleVisitReminders } from './visit-reminders.js';

// What happens around a visit ending (done or unreachable): the next one opens, its reminders are
// made, and the ended visit's own reminders are deleted.

/** The next visit, opened, or undefined after visit 3. */
export function openNext(visits: readonly Visit[], ended: Visit): Visit | undefined {
  const next = visits.find((v) => v.assignmentId === ended.assignmentId && v.number === ended.number + 1);
  return next && next.state === 'waiting' ? { ...next, state: 'open', version: next.version + 1 } : undefined;
}

/** Schedules the opened visit's reminders and drops the ended one's. */
export async function afterVisitEnded(deps: Pick<Deps, 'scheduler' | 'config'>, ended: Visit, opened: Visit | undefined): Promise<void> {
  const stale = [scheduleNames.visitReminder(ended.id, ended.agentId, false), scheduleNames.visitReminder(ended.id, ended.agentId, true)];
  await mapConcurrent(stale, 2, (name) => deps.scheduler.cancel(name));
  if (opened) await scheduleVisitReminders(deps, [opened]);
}

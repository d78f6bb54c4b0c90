import { addDays, localDate, localHour } from '../../domain/time.js';
import type { Deps } from '../../ports/deps.js';
import { mapConcurrent } from '../../util/map-concurrent.js';
import { markOverdue } from '../assignment/mark-overdue.js';
import { fireVisitReminder } from '../visits/visit-reminders.js';
import { fileDailyDue, runFileDaily } from '../care/file-daily.js';
import { snapshotMonthEnd } from '../team/month-end.js';
import { closedWindowDays, remindFirstInvitations } from '../visits/first-invitation.js';

// sweep (hourly safety net): whatever a lost or failed one-time schedule should have done is done
// here: deadlines of the last week that passed are marked overdue, and in the hour after the
// reminder hour, today's due and late visit reminders are fired again; from the reminder hour on,
// first-invitation windows closed in the last week are checked (each step is idempotent:
// deterministic SMS ids and marks, so running it after the schedule did changes nothing); the
// first run of a month takes the month-end snapshot of the state figures; from the care hour on, the
// customer files due that day are re-segmented and their care SMS planned.

const LOOKBACK_DAYS = 7;

export async function sweep(
  deps: Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>,
): Promise<{ marked: number; reminders: number; firstInvitationTexts: number; monthEnd?: string; file?: unknown }> {
  const now = deps.clock.now();
  const today = localDate(now);
  let marked = 0;
  for (let d = LOOKBACK_DAYS; d >= 0; d--) marked += (await markOverdue(deps, addDays(today, -d))).marked;

  let reminders = 0;
  const hour = localHour(now);
  if (hour === deps.config.reminderHour + 1) {
    const due = await deps.store.openVisitsDueOn(today);
    const late = await deps.store.openVisitsDueOn(addDays(today, -deps.config.lateReminderDays));
    const fired = await mapConcurrent([...due.map((v) => [v, false] as const), ...late.map((v) => [v, true] as const)], 8, ([v, isLate]) =>
      fireVisitReminder(deps, v.id, isLate),
    );
    reminders = fired.filter(Boolean).length;
  }
  const firstInvitationTexts = hour >= deps.config.reminderHour ? (await remindFirstInvitations(deps, closedWindowDays(today))).texted : 0;
  // The first run of a month copies every agent's state figures as of the last month's end.
  const snapshot = await snapshotMonthEnd(deps);
  // The customer file's daily work (re-segmentation, care SMS): every sweep of the sending window
  // from the care hour on; after the first of the day its buckets are empty.
  const file = fileDailyDue(now, deps.config) ? await runFileDaily(deps) : undefined;
  return { marked, reminders, firstInvitationTexts, ...(snapshot ? { monthEnd: snapshot.month } : {}), ...(file ? { file } : {}) };
}

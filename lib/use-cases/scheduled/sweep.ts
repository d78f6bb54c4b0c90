import { addDays, localDate, localHour } from '../../domain/time.js';
import type { Deps } from '../../ports/deps.js';
import { markOverdue } from '../assignment/mark-overdue.js';
import { DAILY_REMINDERS, sendDailyReminders } from '../visits/visit-reminders.js';
import { fileDailyDue, runFileDaily } from '../care/file-daily.js';
import { snapshotMonthEnd } from '../team/month-end.js';
import { closedWindowDays, remindFirstInvitations } from '../visits/first-invitation.js';

// sweep (hourly safety net): whatever a lost or failed schedule should have done is done here:
// deadlines of the last week that passed are marked overdue; a daily reminder run that has not
// finished (yesterday's, or today's from the hour after the reminder hour) is run; from the reminder
// hour on, first-invitation windows closed in the last week are checked. Each step is idempotent
// (conditional writes, deterministic SMS ids and marks), so a sweep after the schedule did changes
// nothing. The first run of a month takes the month-end snapshot of the state figures; from the
// care hour on, the customer files due that day are re-segmented and their care SMS planned.

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
  const days = [addDays(today, -1), ...(hour > deps.config.reminderHour ? [today] : [])];
  for (const day of days) {
    if (await deps.store.hasRun(DAILY_REMINDERS, day)) continue;
    reminders += (await sendDailyReminders(deps, day)).queued;
  }
  const firstInvitationTexts = hour >= deps.config.reminderHour ? (await remindFirstInvitations(deps, closedWindowDays(today))).texted : 0;
  // The first run of a month copies every agent's state figures as of the last month's end.
  const snapshot = await snapshotMonthEnd(deps);
  // The customer file's daily work (re-segmentation, care SMS): every sweep of the sending window
  // from the care hour on; after the first of the day its buckets are empty.
  const file = fileDailyDue(now, deps.config) ? await runFileDaily(deps) : undefined;
  return { marked, reminders, firstInvitationTexts, ...(snapshot ? { monthEnd: snapshot.month } : {}), ...(file ? { file } : {}) };
}

import { DateTime } from 'luxon';
import { addDays, localDate, ZONE } from '../../domain/time.js';
import type { Deps } from '../../ports/deps.js';
import { markOverdue } from '../assignment/mark-overdue.js';
import { DAILY_REMINDERS, sendDailyReminders } from '../visits/visit-reminders.js';

// sweep (hourly safety net): whatever a lost or failed schedule should have done is done here:
// deadlines of the last week that passed are marked overdue, and a daily reminder run that has not
// finished (yesterday's, or today's from the hour after the reminder hour) is run. Each step is
// idempotent (conditional writes, deterministic SMS ids), so a sweep after the schedule did changes nothing.

const LOOKBACK_DAYS = 7;

export async function sweep(deps: Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>): Promise<{ marked: number; reminders: number }> {
  const now = deps.clock.now();
  const today = localDate(now);
  let marked = 0;
  for (let d = LOOKBACK_DAYS; d >= 0; d--) marked += (await markOverdue(deps, addDays(today, -d))).marked;

  let reminders = 0;
  const days = [addDays(today, -1), ...(DateTime.fromJSDate(now).setZone(ZONE).hour > deps.config.reminderHour ? [today] : [])];
  for (const day of days) {
    if (await deps.store.hasRun(DAILY_REMINDERS, day)) continue;
    reminders += (await sendDailyReminders(deps, day)).queued;
  }
  return { marked, reminders };
}

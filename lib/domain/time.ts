import { DateTime } from 'luxon';

// All calendar arithmetic happens in Asia/Shanghai: "the 15th day", "next month" and "08:00" are the
// customer's and the agent's, whatever zone the Lambda runs in. luxon clamps month ends (Jan 31 + 1
// month = Feb 28/29), which is what people mean by "a month later".

export const ZONE = 'Asia/Shanghai';

function local(instant: Date | string): DateTime {
  const dt = typeof instant === 'string' ? DateTime.fromISO(instant) : DateTime.fromJSDate(instant);
  return dt.setZone(ZONE);
}

/** `YYYY-MM-DD` of an instant in Shanghai. */
export function localDate(instant: Date | string): string {
  return local(instant).toISODate()!;
}

/** `YYYY-MM` of an instant in Shanghai: the month a cap or a metric counts in. */
export function localMonth(instant: Date | string): string {
  return local(instant).toFormat('yyyy-MM');
}

/** Adds whole days to a `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: ZONE }).plus({ days }).toISODate()!;
}

/** Adds calendar months to a `YYYY-MM-DD`, clamping to the month's last day. */
export function addMonths(date: string, months: number): string {
  return DateTime.fromISO(date, { zone: ZONE }).plus({ months }).toISODate()!;
}

/** The instant of `HH:mm` Shanghai time on a `YYYY-MM-DD`. */
export function atLocalTime(date: string, hour: number, minute = 0): Date {
  return DateTime.fromISO(date, { zone: ZONE }).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

/** The last millisecond of a Shanghai calendar day: a deadline "on day X" means all of day X. */
export function endOfLocalDay(date: string): Date {
  return DateTime.fromISO(date, { zone: ZONE }).endOf('day').toJSDate();
}

/**
 * Visit due dates from the approval instant: T1 = approval day + 15 days, T2 = T1 + 1 month,
 * T3 = T1 + 2 months. T3 is anchored on T1, not chained on T2, so a T1 on the 31st gives T3 on
 * the 31st (or the month's end) instead of drifting to the 28th after a February.
 */
export function visitDueDates(approvedAt: Date | string): [string, string, string] {
  const t1 = addDays(localDate(approvedAt), 15);
  return [t1, addMonths(t1, 1), addMonths(t1, 2)];
}

/** Whether an instant falls in the SMS sending window [startHour, endHour) Shanghai time. */
export function inQuietHours(instant: Date, window: { startHour: number; endHour: number }): boolean {
  const hour = local(instant).hour;
  return hour < window.startHour || hour >= window.endHour;
}

/** The next instant the window opens: today at startHour if before it, else tomorrow at startHour. */
export function nextWindowOpen(instant: Date, window: { startHour: number; endHour: number }): Date {
  const dt = local(instant);
  const today = dt.set({ hour: window.startHour, minute: 0, second: 0, millisecond: 0 });
  return (dt < today ? today : today.plus({ days: 1 })).toJSDate();
}

// All calendar arithmetic happens in Asia/Shanghai: "the 15th day", "next month" and "08:00" are the
// customer's and the agent's, whatever zone the Lambda runs in. Adding months clamps month ends
// (Jan 31 + 1 month = Feb 28/29), which is what people mean by "a month later".
//
// Asia/Shanghai has been UTC+8 all year since 1991 (no daylight saving), so the zone is a fixed
// offset and the arithmetic is plain UTC arithmetic shifted by 8 hours: no date library in the
// Lambda bundles (luxon cost 70 KB each) and no Intl call per date (@date-fns/tz makes one per
// getter, 10x slower than this on a 10,000-orphan approval). test/unit/time.test.ts checks the
// offset against the runtime's time-zone database for every month to 2100.

export const ZONE = 'Asia/Shanghai';
/** Asia/Shanghai's offset from UTC, in milliseconds. */
export const ZONE_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** The Shanghai wall clock of an instant, as a Date whose UTC fields read that wall clock. */
function wall(instant: Date | string): Date {
  return new Date(new Date(instant).getTime() + ZONE_OFFSET_MS);
}

/** `YYYY-MM-DD` of a Date's UTC fields. */
function ymd(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** A `YYYY-MM-DD` as UTC midnight (its wall-clock midnight, before the zone shift). */
function day(date: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** `YYYY-MM-DD` of an instant in Shanghai. */
export function localDate(instant: Date | string): string {
  return ymd(wall(instant));
}

/** `YYYY-MM` of an instant in Shanghai: the month a cap or a metric counts in. */
export function localMonth(instant: Date | string): string {
  return localDate(instant).slice(0, 7);
}

/** `YYYY-MM-DDTHH:mm:ss` Shanghai wall-clock time of an instant (no offset). */
export function localDateTime(instant: Date | string): string {
  return wall(instant).toISOString().slice(0, 19);
}

/**
 * The instant of a Shanghai wall-clock `YYYY-MM-DD HH:mm:ss`, or undefined when it is
 * not one or names no real time (2026-02-30, 24:00:00).
 */
export function fromLocalDateTime(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const wallClock = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const real =
    wallClock.getUTCFullYear() === y &&
    wallClock.getUTCMonth() === mo - 1 &&
    wallClock.getUTCDate() === d &&
    wallClock.getUTCHours() === h &&
    wallClock.getUTCMinutes() === mi &&
    wallClock.getUTCSeconds() === s;
  return real ? new Date(wallClock.getTime() - ZONE_OFFSET_MS) : undefined;
}

/** The hour (0-23) of an instant in Shanghai. */
export function localHour(instant: Date | string): number {
  return wall(instant).getUTCHours();
}

/** Adds whole days to a `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  return ymd(new Date(day(date).getTime() + days * DAY_MS));
}

/** Whole days from one `YYYY-MM-DD` to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((day(to).getTime() - day(from).getTime()) / DAY_MS);
}

/** The last `YYYY-MM-DD` of the Shanghai month before an instant's. */
export function lastDayOfPreviousMonth(instant: Date | string): string {
  return addDays(`${localMonth(instant)}-01`, -1);
}

/** Adds calendar months to a `YYYY-MM-DD`, clamping to the month's last day. */
export function addMonths(date: string, months: number): string {
  const d = day(date);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return ymd(new Date(Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay))));
}

/** The instant of `HH:mm` Shanghai time on a `YYYY-MM-DD`. */
export function atLocalTime(date: string, hour: number, minute = 0): Date {
  return new Date(day(date).getTime() + hour * 3_600_000 + minute * 60_000 - ZONE_OFFSET_MS);
}

/** The last millisecond of a Shanghai calendar day: a deadline "on day X" means all of day X. */
export function endOfLocalDay(date: string): Date {
  return new Date(day(date).getTime() + DAY_MS - 1 - ZONE_OFFSET_MS);
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
  const hour = localHour(instant);
  return hour < window.startHour || hour >= window.endHour;
}

/** The next instant the window opens: today at startHour if before it, else tomorrow at startHour. */
export function nextWindowOpen(instant: Date, window: { startHour: number; endHour: number }): Date {
  const today = localDate(instant);
  const opens = atLocalTime(today, window.startHour);
  return instant < opens ? opens : atLocalTime(addDays(today, 1), window.startHour);
}

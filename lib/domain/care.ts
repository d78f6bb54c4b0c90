import type { Quadrant } from './quadrant.js';
import type { CareCadence } from './segment-settings.js';
import { addDays, daysBetween } from './time.js';

// The care cadence of the farm: routine care SMS on fixed slot days of each customer's week.
// Main course: each customer has two slot weekdays three days apart (Mon/Thu, Tue/Fri or Wed/Sat,
// by a hash of the id, so a day's load is a third of the farm); 2 a week uses both, 1.5 uses the
// second only in odd ISO weeks, 1 only the first. The content of a slot is the most important
// occasion falling before the next slot (a greeting "on the occasion of"), else a service tip.
//
// Why it holds: every calendar month has at least four of each weekday, and any four consecutive
// ISO weeks hold at least two odd ones, so 1.5 a week gives at least 6 a month and 2 a week at
// least 8; no calendar week (nor any 7 days) holds more than the two slots. The planner also
// checks the weekly cap itself before each send (a missed day is caught up late only under it).

/** The farm's part of a customer file. */
export interface CareState {
  /** In the farm: the visit programme ended, or the upload asked for care. */
  active: boolean;
  /** Day (Asia/Shanghai) the customer entered the farm. */
  since?: string;
  /** Why the customer is (or is not) in the farm, in words. */
  why?: string;
  /** Not farmed: the last visit was closed as unreachable because the number was wrong. */
  blocked?: 'wrongNumber';
  /** Monday of the week `sentThisWeek` counts. */
  week?: string;
  sentThisWeek: number;
  /** `YYYY-MM` of `sentThisMonth`. */
  month?: string;
  sentThisMonth: number;
  /** All care SMS ever planned (rotates the service tips). */
  sent: number;
  lastOn?: string;
  /** The next slot day; the file sits in that day's planning bucket. */
  nextOn?: string;
  /** Occasion key -> day its greeting was sent: never twice for one occasion. Kept about 400 days. */
  occasions: Record<string, string>;
}

export const EMPTY_CARE: CareState = { active: false, sentThisWeek: 0, sentThisMonth: 0, sent: 0, occasions: {} };

/** ISO weekday of a `YYYY-MM-DD` (Monday 1 ... Sunday 7): a calendar day has one weekday in any zone. */
function isoWeekday(day: string): number {
  return ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** ISO week number of a `YYYY-MM-DD` (the week of its Thursday). */
function isoWeek(day: string): number {
  const thursday = addDays(day, 4 - isoWeekday(day));
  return 1 + Math.floor(daysBetween(`${thursday.slice(0, 4)}-01-01`, thursday) / 7);
}

/** Monday of a day's ISO week. */
export function weekOf(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}

export const monthOf = (day: string) => day.slice(0, 7);

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return Math.abs(h);
}

/** The two slot weekdays (ISO, Monday 1) of a customer. */
export function slotWeekdays(customerId: string): [number, number] {
  const first = 1 + (hash(customerId) % 3);
  return [first, first + 3];
}

/** Whether `day` is one of the customer's care slots at `perWeek` a week. */
export function isSlot(day: string, customerId: string, perWeek: number): boolean {
  const weekday = isoWeekday(day);
  const [first, second] = slotWeekdays(customerId);
  if (weekday === first) return true;
  if (weekday !== second) return false;
  return perWeek >= 2 || (perWeek === 1.5 && isoWeek(day) % 2 === 1);
}

/** The first slot strictly after `day`. */
export function nextSlot(day: string, customerId: string, perWeek: number): string {
  for (let i = 1; i <= 14; i++) if (isSlot(addDays(day, i), customerId, perWeek)) return addDays(day, i);
  throw new Error(`no care slot within two weeks of ${day}`);
}

export function perWeekOf(quadrant: Quadrant | undefined, cadence: CareCadence): number {
  return cadence[quadrant ?? 'develop'];
}

/** The care figures `GET /customers/{id}` shows, as of `today`; `paused` while a visit programme runs or after an opt-out. */
export function careFigures(care: CareState | undefined, today: string, perWeek: number, paused = false) {
  const c = care ?? EMPTY_CARE;
  return {
    active: c.active,
    paused,
    perWeek,
    sentThisWeek: c.week === weekOf(today) ? c.sentThisWeek : 0,
    sentThisMonth: c.month === monthOf(today) ? c.sentThisMonth : 0,
    nextOn: c.active && !paused ? (c.nextOn ?? null) : null,
    ...(c.since ? { since: c.since } : {}),
    ...(c.why ? { why: c.why } : {}),
  };
}

/** Counters moved to `day`'s week and month. */
function rolled(care: CareState, day: string): CareState {
  return {
    ...care,
    week: weekOf(day),
    sentThisWeek: care.week === weekOf(day) ? care.sentThisWeek : 0,
    month: monthOf(day),
    sentThisMonth: care.month === monthOf(day) ? care.sentThisMonth : 0,
  };
}

/** Enters the farm on `day` (idempotent: a customer already in keeps their counters). */
export function enterFarm(care: CareState | undefined, day: string, customerId: string, perWeek: number, why: string): CareState {
  const c = care ?? EMPTY_CARE;
  if (c.active) return c;
  const { blocked: _blocked, ...rest } = c;
  return { ...rest, active: true, since: day, why, nextOn: nextSlot(day, customerId, perWeek) };
}

/** What a planned day sends: nothing (and why), or one SMS counted in. */
export type CareDecision = { send: false; reason: 'capReached'; care: CareState } | { send: true; care: CareState };

/**
 * Decides one customer's care SMS for `day` (a day the planner found them due: their slot, or a
 * missed one) and moves their slot on. Sends only while the week is under the hard cap.
 */
export function planCareDay(care: CareState, day: string, customerId: string, perWeek: number, weeklyCap: number, occasionKey?: string): CareDecision {
  const c = rolled(care, day);
  const nextOn = nextSlot(day, customerId, perWeek);
  if (c.sentThisWeek >= weeklyCap) return { send: false, reason: 'capReached', care: { ...c, nextOn } };
  const cutoff = addDays(day, -400);
  const occasions = Object.fromEntries(Object.entries(c.occasions).filter(([, on]) => on >= cutoff));
  if (occasionKey) occasions[occasionKey] = day;
  return {
    send: true,
    care: { ...c, sentThisWeek: c.sentThisWeek + 1, sentThisMonth: c.sentThisMonth + 1, sent: c.sent + 1, lastOn: day, nextOn, occasions },
  };
}

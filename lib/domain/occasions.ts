import { HOLIDAY_DATES } from './holiday-dates.js';
import type { SmsTemplate } from './sms.js';

// Occasions for a care greeting, from the data foster has: the major Chinese holidays (lunar ones
// and Qingming from tyme4ts, a maintained calendar library, through the dates it generated into
// holiday-dates.ts for 2000-2100: Node's built-in ICU Chinese calendar puts the Spring Festival of
// 2027 and of 2030 a day off, and the library is 206 KB in a bundle), New Year and National Day, the
// customer's birthday, each policy's anniversary (issuedOn) and its next premium date when known.
// Main course: occasionsBetween(from, to) lists them in priority order; the planner greets the first
// one it has not greeted yet.
//
// Decision: Qixi (七夕, a lovers' day) is left out: it is not a greeting an insurer sends a customer.

export type OccasionKind = 'holiday' | 'qingming' | 'birthday' | 'anniversary' | 'premiumDue';

export interface Occasion {
  /** Unique per occurrence: the planner never greets one key twice. */
  key: string;
  kind: OccasionKind;
  date: string;
  /** Lower is more important. */
  priority: number;
  template: SmsTemplate;
  params: Record<string, string>;
}

/** Holidays: [key, Chinese name, lunar month/day or solar month/day, priority]. */
/** In the order of HOLIDAY_DATES' tuples (scripts/holiday-dates.ts), Qingming last. */
const LUNAR = [
  ['springFestival', '春节', 1],
  ['lantern', '元宵节', 6],
  ['dragonBoat', '端午节', 5],
  ['midAutumn', '中秋节', 2],
  ['doubleNinth', '重阳节', 7],
] as const;
const SOLAR = [
  ['newYear', '元旦', 1, 1, 4],
  ['nationalDay', '国庆节', 10, 1, 3],
] as const;

const pad = (n: number) => String(n).padStart(2, '0');

const holidayCache = new Map<number, Occasion[]>();

/** The holidays of a Gregorian year, built once per year per process (no lunar ones outside 2000-2100). */
export function holidaysOf(year: number): Occasion[] {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const dates = HOLIDAY_DATES[year];
  const out: Occasion[] = [
    ...(dates
      ? LUNAR.map(([key, name, priority], i) => ({
          key: `${key}:${year}`,
          kind: 'holiday' as const,
          date: `${year}-${dates[i]}`,
          priority,
          template: 'careHoliday' as const,
          params: { holiday: name },
        }))
      : []),
    ...SOLAR.map(([key, name, m, d, priority]) => ({
      key: `${key}:${year}`,
      kind: 'holiday' as const,
      date: `${year}-${pad(m)}-${pad(d)}`,
      priority,
      template: 'careHoliday' as const,
      params: { holiday: name },
    })),
    ...(dates
      ? [{ key: `qingming:${year}`, kind: 'qingming' as const, date: `${year}-${dates[5]}`, priority: 8, template: 'careQingming' as const, params: {} }]
      : []),
  ];
  holidayCache.set(year, out);
  return out;
}

/** The same month and day in `year` (29 February is the 28th in other years). */
function inYear(date: string, year: number): string {
  const month = Number(date.slice(5, 7));
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(Math.min(Number(date.slice(8, 10)), last))}`;
}

export interface OccasionPerson {
  birthDate?: string;
  policies: readonly { id: string; product: string; issuedOn: string; premiumDueOn?: string }[];
}

/** Occasions dated from `from` up to (not including) `to`, most important first. */
export function occasionsBetween(from: string, to: string, person: OccasionPerson): Occasion[] {
  const years = [...new Set([Number(from.slice(0, 4)), Number(to.slice(0, 4))])];
  const found: Occasion[] = [];
  for (const year of years) {
    found.push(...holidaysOf(year));
    if (person.birthDate) {
      found.push({ key: `birthday:${year}`, kind: 'birthday', date: inYear(person.birthDate, year), priority: 2, template: 'careBirthday', params: {} });
    }
    for (const p of person.policies) {
      const years = year - Number(p.issuedOn.slice(0, 4));
      if (years < 1) continue;
      found.push({
        key: `anniversary:${p.id}:${year}`,
        kind: 'anniversary',
        date: inYear(p.issuedOn, year),
        priority: 9,
        template: 'careAnniversary',
        params: { product: p.product.slice(0, 20), years: String(years), date: inYear(p.issuedOn, year) },
      });
    }
  }
  for (const p of person.policies) {
    if (!p.premiumDueOn) continue;
    // A premium reminder is service the customer needs: first of all, and sent ahead of the date.
    found.push({
      key: `premiumDue:${p.id}:${p.premiumDueOn}`,
      kind: 'premiumDue',
      date: p.premiumDueOn,
      priority: 0,
      template: 'carePremiumDue',
      params: { product: p.product.slice(0, 20), date: p.premiumDueOn },
    });
  }
  const unique = new Map(found.filter((o) => o.date >= from && o.date < to).map((o) => [o.key, o]));
  return [...unique.values()].sort((a, b) => a.priority - b.priority || a.date.localeCompare(b.date));
}

/** Service tips, in rotation, for a slot without an occasion. */
export const CARE_TIPS = ['careTipClaim', 'careTipSelfService', 'careTipHealth', 'careTipFraud', 'careTipContact'] as const satisfies readonly SmsTemplate[];

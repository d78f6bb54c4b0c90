import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  atLocalTime,
  daysBetween,
  endOfLocalDay,
  fromLocalDateTime,
  inQuietHours,
  lastDayOfPreviousMonth,
  localDate,
  localDateTime,
  localHour,
  localMonth,
  nextWindowOpen,
  visitDueDates,
  ZONE,
} from '../../lib/domain/time.js';

const WINDOW = { startHour: 8, endHour: 21 };

describe('visitDueDates', () => {
  it.each([
    ['an ordinary approval', '2026-11-23T03:00:00Z', ['2026-12-08', '2027-01-08', '2027-02-08']],
    ['an approval on Jan 31', '2027-01-31T03:00:00Z', ['2027-02-15', '2027-03-15', '2027-04-15']],
    ['T1 on Jan 31 in a leap year', '2028-01-16T03:00:00Z', ['2028-01-31', '2028-02-29', '2028-03-31']],
    ['T1 on Jan 31 in a common year', '2027-01-16T03:00:00Z', ['2027-01-31', '2027-02-28', '2027-03-31']],
    ['late evening UTC that is already the next day in Shanghai', '2026-11-23T17:30:00Z', ['2026-12-09', '2027-01-09', '2027-02-09']],
    ['T1 crossing the year end', '2026-12-20T03:00:00Z', ['2027-01-04', '2027-02-04', '2027-03-04']],
  ])('returns T1 = +15 days, T2 = +1 month, T3 = +2 months for %s', (_name, approvedAt, expected) => {
    expect(visitDueDates(approvedAt)).toEqual(expected);
  });
});

describe('Shanghai calendar helpers', () => {
  it('returns the Shanghai date and month of an instant, not the UTC one', () => {
    expect(localDate('2026-11-30T16:30:00Z')).toBe('2026-12-01');
    expect(localMonth('2026-11-30T16:30:00Z')).toBe('2026-12');
  });

  it('clamps month ends when adding months', () => {
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2027-12-31', 2)).toBe('2028-02-29');
  });

  it('adds days across month, leap-day and year ends, forwards and back', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -7)).toBe('2026-12-25');
  });

  it('counts whole days between two dates across month, leap-day and year ends', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-12-25', '2027-01-01')).toBe(7);
    expect(daysBetween('2026-05-10', '2026-05-10')).toBe(0);
    expect(daysBetween('2026-05-10', '2026-05-03')).toBe(-7);
  });

  it('reads a Shanghai wall-clock time as its instant, and nothing from a time that does not exist', () => {
    expect(fromLocalDateTime('2026-01-01 07:30:05')?.toISOString()).toBe('2025-12-31T23:30:05.000Z');
    expect(fromLocalDateTime('2028-02-29 12:00:00')?.toISOString()).toBe('2028-02-29T04:00:00.000Z');
    for (const bad of ['2026-02-30 10:00:00', '2026-13-01 10:00:00', '2026-01-01 24:00:00', '2026-01-01T10:00:00', '2026-01-01 10:00', '']) {
      expect(fromLocalDateTime(bad), bad).toBeUndefined();
    }
  });

  it('returns the last day of the previous Shanghai month, whatever the UTC date', () => {
    expect(lastDayOfPreviousMonth('2028-03-01T00:00:00+08:00')).toBe('2028-02-29');
    // 2027-01-01 02:00 Shanghai is still 2026-12-31 in UTC: the month is Shanghai's.
    expect(lastDayOfPreviousMonth('2026-12-31T18:00:00Z')).toBe('2026-12-31');
    expect(lastDayOfPreviousMonth('2026-12-31T15:59:59Z')).toBe('2026-11-30');
  });

  it('returns the Shanghai wall clock and hour of an instant', () => {
    expect(localDateTime(new Date('2026-11-23T16:05:09Z'))).toBe('2026-11-24T00:05:09');
    expect(localHour(new Date('2026-11-23T16:05:09Z'))).toBe(0);
  });

  it('throws on a date that is not YYYY-MM-DD', () => {
    expect(() => addDays('2026-1-5', 1)).toThrow(RangeError);
  });

  it('returns 09:00 Shanghai as 01:00 UTC', () => {
    expect(atLocalTime('2026-12-08', 9).toISOString()).toBe('2026-12-08T01:00:00.000Z');
  });

  it('returns the last millisecond of the Shanghai day', () => {
    expect(endOfLocalDay('2026-11-28').toISOString()).toBe('2026-11-28T15:59:59.999Z');
  });
});

describe('quiet hours', () => {
  it.each([
    ['07:59 Shanghai', '2026-11-23T23:59:00Z', true],
    ['08:00 Shanghai', '2026-11-24T00:00:00Z', false],
    ['20:59 Shanghai', '2026-11-24T12:59:00Z', false],
    ['21:00 Shanghai', '2026-11-24T13:00:00Z', true],
  ])('returns whether %s is quiet', (_name, instant, quiet) => {
    expect(inQuietHours(new Date(instant), WINDOW)).toBe(quiet);
  });

  it('returns 08:00 the same morning before the window and the next morning after it', () => {
    expect(nextWindowOpen(new Date('2026-11-23T22:00:00Z'), WINDOW).toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(nextWindowOpen(new Date('2026-11-24T14:00:00Z'), WINDOW).toISOString()).toBe('2026-11-25T00:00:00.000Z');
  });
});

describe('localClockStart', () => {
  it('returns now inside the sending window and 12:00 Shanghai of the same day in quiet hours', async () => {
    const { localClockStart } = await import('../../local/runtime.js');
    const config = { smsFromHour: 8, smsUntilHour: 21 };

    expect(localClockStart(new Date('2026-11-23T03:00:00Z'), config).toISOString()).toBe('2026-11-23T03:00:00.000Z');
    expect(localClockStart(new Date('2026-11-23T14:30:00Z'), config).toISOString()).toBe('2026-11-23T04:00:00.000Z'); // 22:30 -> 12:00
    expect(localClockStart(new Date('2026-11-23T18:30:00Z'), config).toISOString()).toBe('2026-11-24T04:00:00.000Z'); // 02:30 -> 12:00
  });
});

describe('fixed Shanghai offset', () => {
  // time.ts treats Asia/Shanghai as UTC+8 all year; this fails if the runtime's time-zone database
  // ever disagrees (a new daylight-saving rule), on the first day and mid-month of every month to 2100.
  const shanghai = new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const viaTzDatabase = (instant: Date) => {
    const p = Object.fromEntries(shanghai.formatToParts(instant).map((x) => [x.type, x.value]));
    return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
  };

  it('returns the same wall clock as the time-zone database for every month from 1992 to 2100', () => {
    const mismatches: string[] = [];
    for (let year = 1992; year <= 2100; year++) {
      for (let month = 0; month < 12; month++) {
        for (const at of [Date.UTC(year, month, 1, 15, 59, 59), Date.UTC(year, month, 15, 3, 30)]) {
          const instant = new Date(at);
          if (localDateTime(instant) !== viaTzDatabase(instant)) mismatches.push(instant.toISOString());
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('returns the same date and hour as the time-zone database for any instant', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1992-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }), (instant) => {
        const wall = viaTzDatabase(instant);
        expect(localDate(instant)).toBe(wall.slice(0, 10));
        expect(localHour(instant)).toBe(Number(wall.slice(11, 13)));
        expect(atLocalTime(localDate(instant), localHour(instant), instant.getUTCMinutes()).getTime()).toBe(instant.getTime() - (instant.getTime() % 60_000));
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { addMonths, atLocalTime, endOfLocalDay, inQuietHours, localDate, localMonth, nextWindowOpen, visitDueDates } from '../../lib/domain/time.js';

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

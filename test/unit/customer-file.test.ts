import fc from 'fast-check';
import { HOLIDAY_DATES } from '../../lib/domain/holiday-dates.js';
import { holidayDates } from '../../scripts/holiday-dates.js';
import { describe, expect, it } from 'vitest';
import { createConfig } from '../../lib/config.js';
import { EMPTY_CARE, enterFarm, isSlot, nextSlot, planCareDay, weekOf, type CareState } from '../../lib/domain/care.js';
import { applyContacts } from '../../lib/domain/customer-file.js';
import { EXPERIENCE_MATRIX, EXPERIENCES, nextActions } from '../../lib/domain/experience.js';
import { holidaysOf, occasionsBetween } from '../../lib/domain/occasions.js';
import { QUADRANTS } from '../../lib/domain/quadrant.js';
import { evaluateSegment, type Signal } from '../../lib/domain/segment.js';
import { addDays } from '../../lib/domain/time.js';

// The customer file's pure rules: segmentation and its reasons, the manual assessment rule, the
// experience matrix, the care cadence (cap and floor over a simulated year) and the occasions.

const config = createConfig();
const at = (day: string) => `${day}T04:00:00.000Z`;
const sig = (day: string, kind: Signal['kind'], value?: number): Signal => ({ at: at(day), kind, ...(value !== undefined ? { value } : {}) });
const low = { policies: [{ annualPremium: 3000, issuedOn: '2025-01-01' }], assessments: {} };

describe('evaluateSegment', () => {
  it('returns develop with "no relationship signals" when nothing happened and premiums are under the threshold', () => {
    const e = evaluateSegment({ ...low, signals: [] }, config);

    expect(e.quadrant).toBe('develop');
    expect(e.reason).toBe('willingness low: no relationship signals in the last 90 days; ability low: total annual premium 3,000 under 10,000');
  });

  it('returns high willingness in words when two visits are done and rated 5', () => {
    const e = evaluateSegment({ ...low, signals: [sig('2026-12-01', 'visitDone'), sig('2026-12-02', 'rating', 5), sig('2027-01-01', 'visitDone')] }, config);

    expect(e.quadrant).toBe('maintain');
    expect(e.reason).toContain('willingness high: 2 visits done and rating 5 in the last 90 days (score 6, high from 3)');
  });

  it('counts a sale as harvest in the reason and high ability from the premium total', () => {
    const e = evaluateSegment(
      { policies: [{ annualPremium: 12_000, issuedOn: '2025-01-01' }], assessments: {}, signals: [sig('2026-12-01', 'visitDone'), sig('2026-12-01', 'sale')] },
      config,
    );

    expect(e.quadrant).toBe('pamper');
    expect(e.reason).toContain('1 visit done and 1 sale (harvest)');
    expect(e.reason).toContain('ability high: total annual premium 12,000 reaches 10,000');
  });

  it('forces willingness low on an opt-out, over every signal and a manual high', () => {
    const e = evaluateSegment(
      {
        ...low,
        signals: [sig('2026-12-01', 'referral'), sig('2026-12-01', 'visitDone')],
        assessments: { willingness: { level: 'high', at: at('2026-11-01'), by: 'A1', evidence: 'old friend' } },
        optedOutAt: at('2026-12-05'),
      },
      config,
    );

    expect(e.willingness).toBe('low');
    expect(e.reason).toContain('willingness low: opted out of texts on 2026-12-05');
  });

  describe('the manual assessment rule', () => {
    const assessedLow = { willingness: { level: 'low' as const, at: at('2026-12-10'), by: 'A1', evidence: 'keeps his distance' } };

    it('keeps an assessment against older evidence, however strong', () => {
      const older = [sig('2026-12-01', 'visitDone'), sig('2026-12-02', 'visitDone'), sig('2026-12-03', 'referral')];

      const e = evaluateSegment({ ...low, signals: older, assessments: assessedLow }, config);

      expect(e.willingness).toBe('low');
      expect(e.willingnessBasis).toBe('assessment');
      expect(e.contradicted).toEqual([]);
    });

    it('keeps it while the newer evidence stays short of the threshold on the other side', () => {
      const e = evaluateSegment({ ...low, signals: [sig('2026-12-11', 'visitDone')], assessments: assessedLow }, config);

      expect(e.willingness).toBe('low');
    });

    it('drops it when newer evidence alone reaches the threshold on the other side, and says so', () => {
      const e = evaluateSegment({ ...low, signals: [sig('2026-12-11', 'visitDone'), sig('2026-12-12', 'rating', 5)], assessments: assessedLow }, config);

      expect(e.willingness).toBe('high');
      expect(e.contradicted).toEqual(['willingness']);
      expect(e.reason).toContain('the willingness assessment "low" of 2026-12-10 by A1 was contradicted by newer evidence');
    });

    it('drops a high one when newer evidence scores -3 or less', () => {
      const high = { willingness: { level: 'high' as const, at: at('2026-12-10'), by: 'A1', evidence: 'warm' } };
      const two = [sig('2026-12-11', 'refused'), sig('2026-12-12', 'rating', 2)];
      const three = [...two, sig('2026-12-13', 'refused')];

      expect(evaluateSegment({ ...low, signals: two, assessments: high }, config).willingness).toBe('high');
      expect(evaluateSegment({ ...low, signals: three, assessments: high }, config).willingness).toBe('low');
    });

    it('drops an ability "low" only for policies issued after it whose premiums reach the threshold; never a "high"', () => {
      const lowAbility = { ability: { level: 'low' as const, at: at('2026-12-10'), by: 'A1', evidence: 'no savings' } };
      const highAbility = { ability: { level: 'high' as const, at: at('2026-12-10'), by: 'A1', evidence: 'owns a business' } };
      const bigNewPolicy = [{ annualPremium: 10_000, issuedOn: '2026-12-20' }];
      const bigOldPolicy = [{ annualPremium: 50_000, issuedOn: '2026-12-01' }];

      expect(evaluateSegment({ policies: bigOldPolicy, signals: [], assessments: lowAbility }, config).ability).toBe('low');
      expect(evaluateSegment({ policies: bigNewPolicy, signals: [], assessments: lowAbility }, config).ability).toBe('high');
      expect(evaluateSegment({ policies: [], signals: [], assessments: highAbility }, config).ability).toBe('high');
    });
  });
});

describe('applyContacts', () => {
  const profile = { id: 'C1', policies: [{ id: 'P1', product: '平安福', kind: 'life', annualPremium: 3000, issuedOn: '2025-01-01' }] };

  it('writes a quadrant history entry with before, after and reason when a contact moves the customer', () => {
    const first = applyContacts(profile, undefined, [{ kind: 'upload', isNew: true }], new Date(at('2026-12-01')), config);

    const second = applyContacts(
      profile,
      first.file,
      [{ kind: 'visitDone', visitId: 'v', visitNumber: 1, sold: 'life', by: 'A1' }],
      new Date(at('2026-12-02')),
      config,
    );

    const change = second.history.find((e) => e.kind === 'quadrant');
    expect(change?.data).toMatchObject({ before: 'develop', after: 'maintain' });
    expect(change?.data?.reason).toContain('1 visit done and 1 sale (harvest)');
    expect(second.history.map((e) => e.kind)).toEqual(['visitDone', 'sale', 'quadrant']);
    expect(second.file.version).toBe(2);
  });

  it('drops signals that left the window and asks to be re-evaluated the day after the oldest leaves', () => {
    const { file } = applyContacts(profile, undefined, [{ kind: 'referral', referred: { id: 'C2', name: 'x' }, by: 'A1' }], new Date(at('2026-12-01')), config);

    const later = applyContacts(profile, file, [], new Date(at('2027-03-15')), config);

    expect(file.segmentDueOn).toBe('2027-03-02');
    expect(later.file.signals).toEqual([]);
    expect(later.file.segmentDueOn).toBeUndefined();
  });
});

describe('experience matrix', () => {
  it('marks every experience for every quadrant and gives each quadrant a strategic one', () => {
    for (const q of QUADRANTS) {
      expect(Object.keys(EXPERIENCE_MATRIX[q]).sort()).toEqual([...EXPERIENCES].sort());
      expect(Object.values(EXPERIENCE_MATRIX[q])).toContain('strategic');
    }
  });

  it('gives pamper every experience and develop nothing costly', () => {
    expect(Object.values(EXPERIENCE_MATRIX.pamper)).not.toContain('none');
    expect([EXPERIENCE_MATRIX.develop.premiumEvent, EXPERIENCE_MATRIX.develop.lifeService, EXPERIENCE_MATRIX.develop.bespoke]).toEqual([
      'none',
      'none',
      'none',
    ]);
  });

  it('orders next actions strategic first and leaves out what the quadrant does not get', () => {
    expect(nextActions('develop').map((a) => [a.experience, a.mark])).toEqual([
      ['routine', 'strategic'],
      ['regularVisit', 'caseByCase'],
      ['generalEvent', 'caseByCase'],
    ]);
    expect(nextActions('pamper')[0]).toMatchObject({ experience: 'bespoke', mark: 'strategic' });
  });
});

describe('care cadence', () => {
  /** Simulates a farmed customer from `start` for `days`: the days a care SMS is planned. */
  function simulate(customerId: string, start: string, days: number, perWeek: number, cap: number): string[] {
    let care: CareState = enterFarm(EMPTY_CARE, start, customerId, perWeek, 'test');
    const sent: string[] = [];
    for (let d = addDays(start, 1); d <= addDays(start, days); d = addDays(d, 1)) {
      if (care.nextOn! > d) continue;
      const decision = planCareDay(care, d, customerId, perWeek, cap);
      care = decision.care;
      if (decision.send) sent.push(d);
    }
    return sent;
  }
  const perMonth = (sent: string[]) => sent.reduce((m, d) => m.set(d.slice(0, 7), (m.get(d.slice(0, 7)) ?? 0) + 1), new Map<string, number>());
  const perWeekCount = (sent: string[]) => sent.reduce((m, d) => m.set(weekOf(d), (m.get(weekOf(d)) ?? 0) + 1), new Map<string, number>());

  it('never exceeds the cap in a calendar week and never falls under 6 in a full month, for any customer and start', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 3650 }), fc.constantFrom(1.5, 2), (id, offset, perWeek) => {
        const start = addDays('2025-01-01', offset);
        const sent = simulate(id, start, 200, perWeek, 2);
        const months = [...perMonth(sent)].filter(([m]) => m > start.slice(0, 7) && m < addDays(start, 200).slice(0, 7));

        expect(Math.max(...perWeekCount(sent).values())).toBeLessThanOrEqual(2);
        for (const [, n] of months) expect(n).toBeGreaterThanOrEqual(perWeek === 2 ? 8 : 6);
      }),
      { numRuns: 12 },
    );
  });

  it('never sends twice in any seven consecutive days more than the cap', () => {
    const sent = simulate('C000123', '2026-12-01', 200, 2, 2);

    for (const d of sent) expect(sent.filter((x) => x >= d && x < addDays(d, 7)).length).toBeLessThanOrEqual(2);
  });

  it('refuses a send when the week already reached the hard cap', () => {
    const full: CareState = { ...EMPTY_CARE, active: true, week: '2026-11-30', sentThisWeek: 2, month: '2026-12', sentThisMonth: 2, nextOn: '2026-12-04' };

    const decision = planCareDay(full, '2026-12-04', 'C1', 2, 2);

    expect(decision.send).toBe(false);
    expect(decision.care.nextOn! > '2026-12-04').toBe(true);
  });

  it('puts each customer on two weekdays three days apart, the second every other week at 1.5', () => {
    const days = Array.from({ length: 14 }, (_, i) => addDays('2026-11-30', i)).filter((d) => isSlot(d, 'C42', 1.5));

    expect(days).toHaveLength(3);
    expect(nextSlot(days[0]!, 'C42', 2) > days[0]!).toBe(true);
  });
});

describe('occasions', () => {
  it('dates the lunar holidays from the calendar library (Spring Festival 2027 on Feb 6, 2030 on Feb 3) and Qingming', () => {
    const h = (year: number, key: string) => holidaysOf(year).find((o) => o.key === `${key}:${year}`)?.date;

    expect([h(2027, 'springFestival'), h(2030, 'springFestival'), h(2026, 'midAutumn'), h(2026, 'qingming'), h(2027, 'dragonBoat')]).toEqual([
      '2027-02-06',
      '2030-02-03',
      '2026-09-25',
      '2026-04-05',
      '2027-06-09',
    ]);
  });

  it('lists birthdays (29 Feb on the 28th), anniversaries and premium dates, the premium date first', () => {
    const person = { birthDate: '1992-02-29', policies: [{ id: 'P1', product: '平安福', issuedOn: '2024-02-27', premiumDueOn: '2027-02-26' }] };

    const found = occasionsBetween('2027-02-25', '2027-03-01', person);

    expect(found.map((o) => [o.kind, o.date])).toEqual([
      ['premiumDue', '2027-02-26'],
      ['birthday', '2027-02-28'],
      ['anniversary', '2027-02-27'],
    ]);
  });

  it('holds exactly the dates the installed tyme4ts computes (regenerate with npm run holiday-dates)', () => {
    expect(HOLIDAY_DATES).toEqual(holidayDates());
  });

  it('is dated in Asia/Shanghai whatever the process zone', () => {
    expect(holidaysOf(2026).find((o) => o.key === 'nationalDay:2026')!.date).toBe('2026-10-01');
  });
});

describe('config', () => {
  it('refuses a cadence that cannot reach the monthly floor or goes over the weekly cap', () => {
    expect(() => createConfig({ careCadence: { develop: 1 } })).toThrow(/monthly floor/);
    expect(() => createConfig({ careWeeklyCap: 1 })).toThrow(/weekly cap/);
    expect(createConfig({ careCadence: '{"develop":2}' }).careCadence).toMatchObject({ develop: 2, maintain: 1.5 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekOf } from '../../lib/domain/care.js';
import { addDays, atLocalTime, localDate } from '../../lib/domain/time.js';
import { customers, STAFF } from '../support/fixtures.js';
import { startTestRuntime } from '../support/runtime.js';

// Through the local runtime over HTTP: an orphan customer taken through three visits without a
// sale enters the farm; the clock then moves five weeks, a day at a time, and the routine care
// SMS arrive at the cadence (never over the weekly cap, at least six in February), none after the
// customer replies 退订; the customer file shows the segment, its reason, next actions and care.

describe('local runtime over HTTP: the farm after the visit programme', () => {
  let t: Awaited<ReturnType<typeof startTestRuntime>>;
  const [customer] = customers('A0', 1, 'E2E-');
  const id = customer!.id;
  const enc = encodeURIComponent;
  const assignment = `${id}~A0`;
  const careTexts = async () =>
    ((await t.request('GET', '/_local/sms')).body as { to: string; body: string; sentAt: string }[]).filter(
      (m) => m.to === customer!.phone && m.body.includes('拒收请回复R'),
    );
  const moveTo = (instant: Date) => t.request('POST', '/_local/clock', { body: { now: instant.toISOString() } });

  beforeAll(async () => {
    t = await startTestRuntime({ clockStart: new Date('2027-01-25T02:00:00Z') });
  });
  afterAll(async () => t.runtime.close());

  it('takes the customer through approval and three visits without a sale into the farm', async () => {
    const admin = await t.token('ADM', 'admin');
    await t.request('PUT', '/admin/staff', { token: admin, body: STAFF });
    await t.request('PUT', '/admin/customers', { token: admin, body: [customer] });
    await t.request('POST', '/admin/staff/A0/departure', { token: admin });
    await t.request('POST', `/assignments/${enc(assignment)}/proposal`, { token: await t.token('SUP1', 'supervisor'), body: { agentId: 'A1' } });
    await t.request('POST', `/assignments/${enc(assignment)}/review`, { token: await t.token('MGR1', 'deptManager'), body: { decision: 'accept' } });
    const approved = await t.request('POST', '/assignments/approval', { token: await t.token('DM1', 'districtManager'), body: { ids: [assignment] } });
    const agent = await t.token('A1', 'agent');
    const during = await t.request('GET', `/customers/${id}`, { token: agent });
    for (const n of [1, 2, 3]) {
      const visit = enc(`${assignment}~${n}`);
      await t.request('POST', `/visits/${visit}/attempts`, { token: agent, body: { outcome: 'accepted' } });
      const done = await t.request('POST', `/visits/${visit}/completion`, { token: agent, body: { services: ['policyService'], sold: 'none' } });
      expect(done.status).toBe(200);
    }
    const after = await t.request('GET', `/customers/${id}`, { token: agent });

    expect(approved.body.approved).toEqual([assignment]);
    expect(during.body.care).toMatchObject({ paused: true, nextOn: null });
    expect(after.body).toMatchObject({ status: 'maintenance', care: { active: true, paused: false, nextOn: expect.any(String) } });
  }, 120_000);

  it('texts routine care within the cadence for five weeks: at most the cap in any week, at least six in February', async () => {
    for (let day = '2027-01-26'; day <= '2027-03-01'; day = addDays(day, 1)) await moveTo(atLocalTime(day, 12));
    const texts = await careTexts();
    const days = texts.map((m) => localDate(m.sentAt));
    const weeks = days.reduce((w, d) => w.set(weekOf(d), (w.get(weekOf(d)) ?? 0) + 1), new Map<string, number>());
    const file = await t.request('GET', `/customers/${id}`, { token: await t.token('A1', 'agent') });

    expect(Math.max(...weeks.values())).toBeLessThanOrEqual(2);
    expect(days.filter((d) => d.startsWith('2027-02')).length).toBeGreaterThanOrEqual(6);
    expect(texts.some((m) => m.body.includes('春节'))).toBe(true);
    expect(file.body.segment).toMatchObject({ quadrant: 'maintain', willingness: 'high', ability: 'low', since: expect.any(String) });
    expect(file.body.segment.reason).toContain('3 visits done');
    expect(file.body.nextActions.map((a: { experience: string }) => a.experience)).toEqual(['generalEvent', 'routine', 'regularVisit']);
    expect(file.body.care).toMatchObject({ perWeek: 1.5, sentThisMonth: expect.any(Number), sentThisWeek: expect.any(Number), nextOn: expect.any(String) });
    expect(file.body.optedOut).toBe(false);
  }, 300_000);

  it('sends no care SMS after the customer replies 退订', async () => {
    const before = (await careTexts()).length;
    const replied = await t.request('POST', '/_local/sms/inbound', { body: { from: customer!.phone, body: '退订' } });
    for (let day = '2027-03-02'; day <= '2027-03-12'; day = addDays(day, 1)) await moveTo(atLocalTime(day, 12));
    const file = await t.request('GET', `/customers/${id}`, { token: await t.token('A1', 'agent') });

    expect(replied.body.outcome).toBe('optOut');
    expect(await careTexts()).toHaveLength(before);
    expect(file.body).toMatchObject({ optedOut: true, care: { nextOn: null }, segment: { willingness: 'low' } });
  }, 120_000);
});

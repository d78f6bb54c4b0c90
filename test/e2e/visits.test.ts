import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../local/demo.js';
import { generateDemo } from '../../local/demo-data.js';
import { startTestRuntime } from '../support/runtime.js';

// Through the local runtime and its clock, approved on 2028-01-16 so that T1 falls on Jan 31 of a
// leap year: approve, move to T1, see the agent's reminder, log attempts, complete visit 1, see the
// customer's rating request.

describe('local runtime over HTTP: visits', () => {
  let t: Awaited<ReturnType<typeof startTestRuntime>>;
  const today = '2028-01-16';
  const demo = generateDemo({ customers: 300, today });
  const staff = new Map(demo.staff.map((s) => [s.id, s]));
  const leaverCustomer = demo.customers[0]!;
  const leaver = staff.get(leaverCustomer.agentId)!;
  const supervisor = staff.get(leaver.supervisorId!)!;
  const mgr = demo.staff.find((s) => s.role === 'deptManager' && s.deptId === supervisor.deptId)!;
  const dm = demo.staff.find((s) => s.role === 'districtManager' && s.districtId === supervisor.districtId)!;
  const assignmentId = `${leaverCustomer.id}~${leaver.id}`;
  const enc = encodeURIComponent;
  let agentId = '';

  beforeAll(async () => {
    t = await startTestRuntime({ clockStart: new Date(`${today}T02:00:00Z`) });
    await loadDemo(t.runtime.deps, { customers: 300, today });
  });
  afterAll(async () => t.runtime.close());

  it('approves with T1/T2/T3 on Jan 31, Feb 29 and Mar 31 (Asia/Shanghai, leap year)', async () => {
    const admin = await t.token('ADMIN01', 'admin');
    await t.request('POST', `/admin/staff/${leaver.id}/departure`, { token: admin });
    const sup = await t.token(supervisor.id, 'supervisor');
    const candidates = await t.request('GET', `/assignments/${enc(assignmentId)}/candidates`, { token: sup });
    agentId = candidates.body.items[0].agentId;
    await t.request('POST', `/assignments/${enc(assignmentId)}/proposal`, { token: sup, body: { agentId } });
    await t.request('POST', `/assignments/${enc(assignmentId)}/review`, { token: await t.token(mgr.id, 'deptManager'), body: { decision: 'accept' } });

    const approval = await t.request('POST', '/assignments/approval', { token: await t.token(dm.id, 'districtManager'), body: { ids: [assignmentId] } });
    const file = await t.request('GET', `/customers/${leaverCustomer.id}`, { token: admin });

    expect(approval.body.approved).toEqual([assignmentId]);
    expect(file.body.visits.map((v: { dueOn: string }) => v.dueOn)).toEqual(['2028-01-31', '2028-02-29', '2028-03-31']);
  });

  it('texts the agent at 09:00 on T1, records attempts, and sends the rating request on completion', async () => {
    const agent = staff.get(agentId)!;
    const token = await t.token(agentId, 'agent');
    const visitId = enc(`${assignmentId}~1`);

    await t.request('POST', '/_local/clock', { body: { now: '2028-01-31T01:00:05Z' } });
    const reminders = ((await t.request('GET', '/_local/sms')).body as { to: string; body: string }[]).filter(
      (m) => m.to === agent.phone && m.body.includes('约访'),
    );
    const mine = await t.request('GET', '/me/customers', { token });
    const tried = await t.request('POST', `/visits/${visitId}/attempts`, { token, body: { outcome: 'accepted', note: '周六上午见' } });
    const done = await t.request('POST', `/visits/${visitId}/completion`, {
      token,
      body: { services: ['recommendationLetter', 'policyService', 'healthCareCard'], sold: 'none' },
    });
    await t.runtime.tick();
    const toCustomer = ((await t.request('GET', '/_local/sms')).body as { to: string; body: string }[]).filter((m) => m.to === leaverCustomer.phone);

    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.body).toContain(leaverCustomer.name);
    expect(mine.body.items.find((c: { customerId: string }) => c.customerId === leaverCustomer.id)).toMatchObject({
      nextVisit: { number: 1, dueOn: '2028-01-31' },
    });
    expect(tried.status).toBe(200);
    expect(done.body).toMatchObject({ ratingRequested: true, nextVisit: { number: 2 } });
    expect(toCustomer.map((m) => m.body)).toEqual([expect.stringContaining('您好'), expect.stringContaining('请回复数字1-5')]);
  });

  it('serves the letter as printable HTML', async () => {
    const res = await t.request('GET', `/assignments/${enc(assignmentId)}/letter`, { token: await t.token(agentId, 'agent') });

    expect(res.status).toBe(200);
    expect(res.contentType).toContain('text/html');
    expect(res.text).toContain('增值服务业务员推荐函');
  });
});

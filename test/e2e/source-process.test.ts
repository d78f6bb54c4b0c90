import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../local/demo.js';
import { generateDemo } from '../../local/demo-data.js';
import { startTestRuntime } from '../support/runtime.js';

// The README walk's ids on the local runtime: S0045 leaves and SUP-T06 gets the prompt in the SMS
// simulator; once a customer is approved to S0041, the agent's list shows each open visit's
// invitation reason and the alternates.

describe('local runtime over HTTP: the supervisor prompt and the invitation reason', () => {
  let t: Awaited<ReturnType<typeof startTestRuntime>>;
  const demo = generateDemo({ customers: 600 });
  const staff = new Map(demo.staff.map((s) => [s.id, s]));
  const orphan = demo.customers.find((c) => c.agentId === 'S0045')!;
  const id = encodeURIComponent(`${orphan.id}~S0045`);

  beforeAll(async () => {
    t = await startTestRuntime();
    await loadDemo(t.runtime.deps, { customers: 600 });
  });
  afterAll(async () => t.runtime.close());

  it('texts SUP-T06 once when S0045 leaves, with the count and the deadline', async () => {
    const admin = await t.token('ADMIN01', 'admin');

    const departure = await t.request('POST', '/admin/staff/S0045/departure', { token: admin });
    await t.request('POST', '/admin/staff/S0045/departure', { token: admin });
    await t.runtime.tick();
    const sms = (await t.request('GET', '/_local/sms')).body as { to: string; body: string }[];

    const prompts = sms.filter((m) => m.to === staff.get('SUP-T06')!.phone);
    expect(prompts.map((m) => m.body)).toEqual([
      `业务员${staff.get('S0045')!.name}（S0045）已离司，其${departure.body.orphans}名孤儿单客户已预分配给您，请于2026-11-28前分配给合适的业务员；逾期未分配的，经区经理确认后将按区域分配给收展员或保全员。`,
    ]);
  });

  it("shows the invitation reason of S0041's open visit once the orphan is approved", async () => {
    const sup = await t.token('SUP-T06', 'supervisor');
    await t.request('POST', `/assignments/${id}/proposal`, { token: sup, body: { agentId: 'S0041' } });
    await t.request('POST', `/assignments/${id}/review`, { token: await t.token('MGR-DEP02', 'deptManager'), body: { decision: 'accept' } });
    const approval = await t.request('POST', '/assignments/approval', {
      token: await t.token('DM-D01', 'districtManager'),
      body: { ids: [`${orphan.id}~S0045`] },
    });

    const mine = await t.request('GET', '/me/customers', { token: await t.token('S0041', 'agent') });

    expect(approval.body.approved).toEqual([`${orphan.id}~S0045`]);
    const row = mine.body.items.find((c: { customerId: string }) => c.customerId === orphan.id);
    expect(row.nextVisit.invitation).toEqual({
      reason: 'policyService',
      alternates: ['newsletter', 'companyEvent', 'giftCard'],
      labels: { policyService: '基础保单服务', newsletter: '递送客服报', companyEvent: '公司活动邀请', giftCard: '赠送保险卡' },
    });
  });
});

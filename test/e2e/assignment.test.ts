import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../local/demo.js';
import { generateDemo } from '../../local/demo-data.js';
import { busiestDemoChain, startTestRuntime } from '../support/runtime.js';

// Through the local runtime, as a user with curl would: depart a demo agent, propose, review,
// approve, read the SMS simulator; then move the clock past a deadline and see the overdue texts.

describe('local runtime over HTTP: orphan assignment', () => {
  let t: Awaited<ReturnType<typeof startTestRuntime>>;
  const demo = generateDemo({ customers: 400 });
  // The demo agent with the most customers leaves.
  const { leaver, orphans, supervisor, deptManager, districtManager } = busiestDemoChain(demo);

  beforeAll(async () => {
    t = await startTestRuntime();
    await loadDemo(t.runtime.deps, { customers: 400 });
  });
  afterAll(async () => t.runtime.close());

  it('runs departure -> proposal -> review -> approval and texts each customer and agent exactly once', async () => {
    const admin = await t.token('ADMIN01', 'admin');
    const sup = await t.token(supervisor.id, 'supervisor');
    const mgr = await t.token(deptManager.id, 'deptManager');
    const dm = await t.token(districtManager.id, 'districtManager');

    const departure = await t.request('POST', `/admin/staff/${leaver}/departure`, { token: admin });
    expect(departure.body.orphans).toBe(orphans);

    const list = await t.request('GET', '/assignments?state=preAssigned&limit=3', { token: sup });
    const picked = list.body.items.slice(0, 2) as { id: string; customerId: string }[];
    const approvedIds: string[] = [];
    for (const a of picked) {
      const candidates = await t.request('GET', `/assignments/${encodeURIComponent(a.id)}/candidates`, { token: sup });
      const best = candidates.body.items[0];
      expect(best.eligible).toBe(true);
      expect((await t.request('POST', `/assignments/${encodeURIComponent(a.id)}/proposal`, { token: sup, body: { agentId: best.agentId } })).status).toBe(200);
      expect((await t.request('POST', `/assignments/${encodeURIComponent(a.id)}/review`, { token: mgr, body: { decision: 'accept' } })).status).toBe(200);
      approvedIds.push(a.id);
    }
    const approval = await t.request('POST', '/assignments/approval', { token: dm, body: { ids: approvedIds } });
    await t.runtime.tick();

    expect(approval.body).toMatchObject({ approved: expect.arrayContaining(approvedIds), failed: [] });
    const sms = (await t.request('GET', '/_local/sms')).body as { to: string; body: string }[];
    for (const a of picked) {
      const phone = demo.customers.find((c) => c.id === a.customerId)!.phone;
      expect(sms.filter((m) => m.to === phone && m.body.startsWith('尊敬的'))).toHaveLength(1);
    }
    const countTexts = sms.filter((m) => m.body.includes('名孤儿单客户'));
    const agentsTexted = new Set(countTexts.map((m) => m.to));
    expect(countTexts.length).toBe(agentsTexted.size);
    const customer = await t.request('GET', `/customers/${picked[0]!.customerId}`, { token: admin });
    expect(customer.body.visits).toHaveLength(3);
  });

  it('moves the clock past the deadline and shows the overdue texts', async () => {
    const clock = await t.request('POST', '/_local/clock', { body: { now: '2026-11-29T01:30:00Z' } });

    expect(clock.status).toBe(200);
    const sms = (await t.request('GET', '/_local/sms')).body as { to: string; body: string }[];
    const overdue = sms.filter((m) => m.body.includes('超过分配期限'));
    expect(overdue.map((m) => m.to)).toEqual(expect.arrayContaining([supervisor.phone, districtManager.phone]));
    const bad = await t.request('POST', '/_local/clock', { body: { now: 'tomorrow' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^now:/);
  });
});

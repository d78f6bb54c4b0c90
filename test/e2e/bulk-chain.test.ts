import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../lib/config.js';
import { ineligibility } from '../../lib/domain/candidates.js';
import { loadDemo } from '../../local/demo.js';
import { generateDemo } from '../../local/demo-data.js';
import { startTestRuntime } from '../support/runtime.js';

// Through the local runtime at the default cap: the README's 300-orphan departure (S0045) handled
// by the three managers in at most six HTTP calls: the supervisor's automatic proposal fills the
// team up to its capacity, the department manager lists and reviews in bulk, the district manager
// lists once, approves the reviewed and escalates the ones the team cannot take.

describe('local runtime over HTTP: a 300-orphan departure in six calls', () => {
  let t: Awaited<ReturnType<typeof startTestRuntime>>;
  const demo = generateDemo();
  const leaver = demo.staff.find((s) => s.id === 'S0045')!;
  const supervisor = leaver.supervisorId!;
  const deptManager = demo.staff.find((s) => s.role === 'deptManager' && s.deptId === leaver.deptId)!.id;
  const districtManager = demo.staff.find((s) => s.role === 'districtManager' && s.districtId === leaver.districtId)!.id;
  const cap = createConfig().monthlyCap;
  // What the team can take this month: its agents who may receive orphans, at the default cap.
  const teamCapacity =
    demo.staff.filter((s) => s.supervisorId === supervisor && s.id !== leaver.id && !ineligibility({ ...s, status: 'active' }, leaver.id)).length * cap;

  beforeAll(async () => {
    t = await startTestRuntime();
    await loadDemo(t.runtime.deps);
  }, 120_000);
  afterAll(async () => t.runtime.close());

  it('places the team capacity, escalates the rest, approves all 300 with six manager calls', async () => {
    const admin = await t.token('ADMIN01', 'admin');
    const tokens = {
      sup: await t.token(supervisor, 'supervisor'),
      mgr: await t.token(deptManager, 'deptManager'),
      dm: await t.token(districtManager, 'districtManager'),
    };
    let managerCalls = 0;
    const call = (who: keyof typeof tokens, method: string, path: string, body?: unknown) => {
      managerCalls++;
      return t.request(method, path, { token: tokens[who], body });
    };
    const departure = await t.request('POST', '/admin/staff/S0045/departure', { token: admin });

    const auto = await call('sup', 'POST', '/assignments/proposals/auto', {});
    const proposed = await call('mgr', 'GET', '/assignments?state=proposed&limit=500');
    const reviews = await call('mgr', 'POST', '/assignments/reviews', {
      items: proposed.body.items.map((a: { id: string }) => ({ id: a.id, decision: 'accept' })),
    });
    const district = await call('dm', 'GET', '/assignments?limit=500');
    const byState = (state: string) => (district.body.items as { id: string; state: string }[]).filter((a) => a.state === state).map((a) => a.id);
    const approval = await call('dm', 'POST', '/assignments/approval', { ids: byState('reviewed') });
    const escalation = await call('dm', 'POST', '/assignments/escalation', { ids: byState('preAssigned') });
    await t.runtime.tick();

    expect(departure.body).toMatchObject({ orphans: 300, created: 300 });
    expect(teamCapacity).toBeGreaterThan(30);
    expect(auto.body.plan).toHaveLength(teamCapacity);
    expect(auto.body.unplaced).toHaveLength(300 - teamCapacity);
    expect(new Set(auto.body.unplaced.map((u: { why: string }) => u.why))).toEqual(new Set(['teamFull']));
    expect(reviews.body).toMatchObject({ reviewed: expect.any(Array), failed: [] });
    expect(reviews.body.reviewed).toHaveLength(teamCapacity);
    expect(district.body.items).toHaveLength(300);
    expect(approval.body.failed).toEqual([]);
    expect(escalation.body.failed).toEqual([]);
    expect(approval.body.approved.length + escalation.body.approved.length).toBe(300);
    expect(managerCalls).toBeLessThanOrEqual(6);
    // Every customer heard once about their new agent; no agent went past the cap.
    const sms = (await t.request('GET', '/_local/sms')).body as { to: string; body: string }[];
    const customers = demo.customers.filter((c) => c.agentId === 'S0045');
    for (const c of customers) expect(sms.filter((m) => m.to === c.phone && m.body.includes('优秀代理人'))).toHaveLength(1);
    const month = await t.runtime.deps.store.getAgentMonths(
      [...new Set(auto.body.plan.map((p: { agentId: string }) => p.agentId) as string[])],
      auto.body.month,
    );
    for (const m of month.values()) expect(m.reserved).toBeLessThanOrEqual(cap);
  }, 180_000);
});

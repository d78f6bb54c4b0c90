import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../local/demo.js';
import { generateDemo } from '../../local/demo-data.js';
import { startTestRuntime } from '../support/runtime.js';

// Through the local runtime's SMS simulator: complete a visit, reply "5分 服务很好" to the rating
// request, see the rating on the customer and in the team's metrics; reply "退订" and see no later
// SMS go to that number.

describe('local runtime over HTTP: customer replies', () => {
  let t: Awaited<ReturnType<typeof startTestRuntime>>;
  const demo = generateDemo({ customers: 300 });
  const staff = new Map(demo.staff.map((s) => [s.id, s]));
  const [customer, second] = [demo.customers[0]!, demo.customers.find((c) => c.agentId === demo.customers[0]!.agentId && c.id !== demo.customers[0]!.id)!];
  const leaver = staff.get(customer.agentId)!;
  const supervisor = staff.get(leaver.supervisorId!)!;
  const mgr = demo.staff.find((s) => s.role === 'deptManager' && s.deptId === supervisor.deptId)!;
  const dm = demo.staff.find((s) => s.role === 'districtManager' && s.districtId === supervisor.districtId)!;
  const enc = encodeURIComponent;
  let agentId = '';
  const sms = async () => (await t.request('GET', '/_local/sms')).body as { messageId: string; to: string; body: string }[];

  beforeAll(async () => {
    t = await startTestRuntime();
    await loadDemo(t.runtime.deps, { customers: 300 });
    const admin = await t.token('ADMIN01', 'admin');
    await t.request('POST', `/admin/staff/${leaver.id}/departure`, { token: admin });
    const sup = await t.token(supervisor.id, 'supervisor');
    const ids = [customer, second].map((c) => `${c.id}~${leaver.id}`);
    agentId = (await t.request('GET', `/assignments/${enc(ids[0]!)}/candidates`, { token: sup })).body.items[0].agentId;
    for (const id of ids) {
      await t.request('POST', `/assignments/${enc(id)}/proposal`, { token: sup, body: { agentId } });
      await t.request('POST', `/assignments/${enc(id)}/review`, { token: await t.token(mgr.id, 'deptManager'), body: { decision: 'accept' } });
    }
    await t.request('POST', '/assignments/approval', { token: await t.token(dm.id, 'districtManager'), body: { ids } });
  });
  afterAll(async () => t.runtime.close());

  it('files "5分 服务很好" on the visit and shows it in the customer file and the team metrics', async () => {
    const token = await t.token(agentId, 'agent');
    await t.request('POST', `/visits/${enc(`${customer.id}~${leaver.id}~1`)}/completion`, { token, body: { services: ['policyService'], sold: 'card' } });
    await t.runtime.tick();
    const request = (await sms()).find((m) => m.to === customer.phone && m.body.includes('1-5'))!;

    const res = await t.request('POST', '/_local/sms/inbound', { body: { from: customer.phone, body: '5分 服务很好', inReplyTo: request.messageId } });
    const file = await t.request('GET', `/customers/${customer.id}`, { token: await t.token('ADMIN01', 'admin') });
    const metrics = await t.request('GET', '/team/metrics', { token: await t.token(supervisor.id, 'supervisor') });

    expect(res.body).toMatchObject({ outcome: 'rating', duplicate: false });
    expect(file.body.visits[0]).toMatchObject({ number: 1, state: 'done', rating: 5, comment: '服务很好' });
    expect(metrics.body.items.find((a: { agentId: string }) => a.agentId === agentId)).toMatchObject({
      visitsDone: 1,
      ratingReplies: 1,
      averageRating: 5,
      soldCard: 1,
      assigned: 2,
    });
  });

  it('answers "退订" once and sends nothing more to that number', async () => {
    const token = await t.token(agentId, 'agent');

    await t.request('POST', '/_local/sms/inbound', { body: { from: second.phone, body: '退订' } });
    await t.request('POST', `/visits/${enc(`${second.id}~${leaver.id}~1`)}/completion`, { token, body: { services: ['policyService'], sold: 'none' } });
    await t.runtime.tick();

    const toSecond = (await sms()).filter((m) => m.to === second.phone);
    expect(toSecond.map((m) => m.body)).toEqual([expect.stringContaining('您好'), expect.stringContaining('已退订')]);
  });
});

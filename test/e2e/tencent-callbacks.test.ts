import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../local/demo.js';
import { generateDemo } from '../../local/demo-data.js';
import { LOCAL_CALLBACK_TOKEN } from '../../local/runtime.js';
import { startTestRuntime } from '../support/runtime.js';

// The README's Tencent example on the local runtime: complete a visit, post a Tencent-shaped reply
// to /sms/replies/tencent?token=..., see rating 4 on the customer; no JWT is needed on that route,
// and a wrong token gets a 401.

describe('local runtime over HTTP: Tencent Cloud SMS callbacks', () => {
  let t: Awaited<ReturnType<typeof startTestRuntime>>;
  const demo = generateDemo({ customers: 300 });
  const staff = new Map(demo.staff.map((s) => [s.id, s]));
  const customer = demo.customers[0]!;
  const leaver = staff.get(customer.agentId)!;
  const supervisor = staff.get(leaver.supervisorId!)!;
  const mgr = demo.staff.find((s) => s.role === 'deptManager' && s.deptId === supervisor.deptId)!;
  const dm = demo.staff.find((s) => s.role === 'districtManager' && s.districtId === supervisor.districtId)!;
  const enc = encodeURIComponent;
  const id = `${customer.id}~${leaver.id}`;
  let agentId = '';

  beforeAll(async () => {
    t = await startTestRuntime();
    await loadDemo(t.runtime.deps, { customers: 300 });
    await t.request('POST', `/admin/staff/${leaver.id}/departure`, { token: await t.token('ADMIN01', 'admin') });
    const sup = await t.token(supervisor.id, 'supervisor');
    agentId = (await t.request('GET', `/assignments/${enc(id)}/candidates`, { token: sup })).body.items[0].agentId;
    await t.request('POST', `/assignments/${enc(id)}/proposal`, { token: sup, body: { agentId } });
    await t.request('POST', `/assignments/${enc(id)}/review`, { token: await t.token(mgr.id, 'deptManager'), body: { decision: 'accept' } });
    await t.request('POST', '/assignments/approval', { token: await t.token(dm.id, 'districtManager'), body: { ids: [id] } });
  });
  afterAll(async () => t.runtime.close());

  it('files a Tencent reply "4分 挺好" posted to /sms/replies/tencent?token= as rating 4 on the customer', async () => {
    const agent = await t.token(agentId, 'agent');
    await t.request('POST', `/visits/${enc(`${id}~1`)}/completion`, { token: agent, body: { services: ['policyService'], sold: 'none' } });
    await t.runtime.tick();
    const body = { nationcode: '86', mobile: customer.phone.replace(/^\+86/, ''), text: '4分 挺好', sign: '平安', time: 1_795_400_000, extend: '' };

    const wrong = await t.request('POST', '/sms/replies/tencent?token=guess', { body });
    const res = await t.request('POST', `/sms/replies/tencent?token=${LOCAL_CALLBACK_TOKEN}`, { body });
    const file = await t.request('GET', `/customers/${customer.id}`, { token: await t.token('ADMIN01', 'admin') });

    expect(wrong.status).toBe(401);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ result: 0, errmsg: 'OK' });
    expect(file.body.visits[0]).toMatchObject({ number: 1, state: 'done', rating: 4, comment: '挺好' });
  });

  it('takes a Tencent delivery receipt for a text foster does not know and answers {result: 0}', async () => {
    const res = await t.request('POST', `/sms/status/tencent?token=${LOCAL_CALLBACK_TOKEN}`, {
      body: [{ user_receive_time: '2026-11-23 10:05:00', nationcode: '86', mobile: '13900000001', report_status: 'SUCCESS', errmsg: 'DELIVRD', sid: 'x' }],
    });

    expect(res.body).toEqual({ result: 0, errmsg: 'OK' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallbacksHandler } from '../../functions/http/callbacks.js';
import { createCustomersHandler } from '../../functions/http/customers.js';
import { createTeamHandler } from '../../functions/http/team.js';
import { createVisitsHandler } from '../../functions/http/visits.js';
import { createMemoryMetrics } from '../../lib/adapters/local/metrics.js';
import { createTencentSmsGateway } from '../../lib/adapters/tencent/sms-gateway.js';
import { SMS_TEMPLATES, type SmsTemplate } from '../../lib/domain/sms.js';
import { drainOutbox } from '../../lib/use-cases/outbox/drain-outbox.js';
import { approveOrphans } from '../support/chain.js';
import { createTestDeps } from '../support/deps.js';
import { ADMIN, as, customers } from '../support/fixtures.js';
import { callRoute } from '../support/http.js';
import { sendSmsAnswer, startFakeTencent, type FakeTencent } from '../support/tencent-server.js';

// Tencent Cloud SMS end to end on DynamoDB Local: texts sent through the real SDK to a local
// Tencent-shaped API, then Tencent's callbacks posted to the callback routes: a reply filed as a
// rating, the same callback again, wrong or missing tokens, a reply nobody asked for, a blacklisted
// number becoming an opt-out, and a failed delivery receipt.

const TOKEN = 'test-callback-token';
const TEMPLATES = Object.fromEntries(Object.keys(SMS_TEMPLATES).map((t, i) => [t, String(300_000 + i)])) as Record<SmsTemplate, string>;
const SUP1 = as('SUP1', 'supervisor');

describe('Tencent Cloud SMS callbacks (DynamoDB Local)', () => {
  let env: Awaited<ReturnType<typeof createTestDeps>>;
  let tencent: FakeTencent;
  let callbacks: ReturnType<typeof createCallbacksHandler>;
  let read: ReturnType<typeof createCustomersHandler>;
  let team: ReturnType<typeof createTeamHandler>;
  const people = customers('A0', 5, 'TC-');
  const national = (i: number) => people[i]!.phone.replace('+86', '');
  const visit1 = (i: number) => `${people[i]!.id}~A0~1`;
  let deps: Awaited<ReturnType<typeof createTestDeps>>['deps'] & { metrics: ReturnType<typeof createMemoryMetrics> };

  const reply = (body: unknown, token: string | null = TOKEN) =>
    callRoute(callbacks, 'POST /sms/replies/tencent', { body, ...(token === null ? {} : { query: `token=${encodeURIComponent(token)}` }) });
  const status = (body: unknown, token = TOKEN) => callRoute(callbacks, 'POST /sms/status/tencent', { body, query: `token=${token}` });
  const file = async (i: number) => (await callRoute(read, 'GET /customers/{id}', { as: ADMIN, params: { id: people[i]!.id } })).body;
  const metrics = async () =>
    (await callRoute(team, 'GET /team/metrics', { as: SUP1, query: 'month=2026-11' })).body.items.find((a: { agentId: string }) => a.agentId === 'A1');
  const tencentReply = (i: number, text: string, time = 1_795_400_000) => ({ nationcode: '86', mobile: national(i), text, sign: '平安人寿', time, extend: '' });

  beforeAll(async () => {
    tencent = await startFakeTencent((call) => {
      const blacklisted = (call.body.PhoneNumberSet as string[])[0] === people[3]!.phone;
      return { json: sendSmsAnswer(call, blacklisted ? 'FailedOperation.PhoneNumberInBlacklist' : 'Ok') };
    });
    env = await createTestDeps({ now: '2026-11-23T02:00:00Z', config: { monthlyCap: 10 } });
    const sms = createTencentSmsGateway({
      sdkAppId: '1400006666',
      signName: '平安人寿',
      templates: TEMPLATES,
      credentials: async () => ({ secretId: 'AKIDtest', secretKey: 'secret' }),
      endpoint: tencent.endpoint,
      protocol: 'http://',
    });
    deps = { ...env.deps, sms, metrics: createMemoryMetrics() };
    await approveOrphans({ ...env, deps }, people, () => 'A1');
    const visits = createVisitsHandler(deps);
    for (let i = 0; i < 4; i++) {
      const done = await callRoute(visits, 'POST /visits/{id}/completion', {
        as: as('A1', 'agent'),
        params: { id: visit1(i) },
        body: { services: ['policyService'], sold: 'none' },
      });
      expect(done.status).toBe(200);
    }
    await drainOutbox(deps);
    callbacks = createCallbacksHandler(deps, { callbackToken: async () => TOKEN });
    read = createCustomersHandler(deps);
    team = createTeamHandler(deps, { assets: () => ({ 'app.js': '', 'app.css': '' }), signIn: { mode: 'local' } });
  }, 120_000);
  afterAll(() => tencent.close());

  it('files a Tencent reply as the rating of the visit whose rating request went to that number, and answers {result: 0}', async () => {
    const res = await reply(tencentReply(0, '4分 挺好'));

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ result: 0, errmsg: 'OK' });
    const customer = await file(0);
    expect(customer.visits[0]).toMatchObject({ id: visit1(0), rating: 4, comment: '挺好' });
    expect(await metrics()).toMatchObject({ ratingReplies: 1, averageRating: 4 });
  });

  it('changes nothing when Tencent delivers the same reply callback again', async () => {
    const before = await metrics();

    const again = await reply(tencentReply(0, '4分 挺好'));

    expect(again.body).toEqual({ result: 0, errmsg: 'OK' });
    expect((await metrics()).ratingReplies).toBe(before.ratingReplies);
    expect((await file(0)).visits[0].corrections).toBeUndefined();
  });

  it('answers 401 and reads or writes nothing for a wrong, a missing or an empty token', async () => {
    env.counter.reset();

    const wrong = await reply(tencentReply(1, '5'), 'not-the-token');
    const missing = await reply(tencentReply(1, '5'), null);
    const empty = await reply(tencentReply(1, '5'), '');
    const wrongStatus = await status([{ report_status: 'FAIL', errmsg: 'MK:0001', sid: 'x' }], 'nope');

    expect([wrong.status, missing.status, empty.status, wrongStatus.status]).toEqual([401, 401, 401, 401]);
    expect(wrong.body.error.code).toBe('UNAUTHORIZED');
    expect(env.counter.total()).toBe(0);
    expect((await file(1)).visits[0].rating).toBeUndefined();
  });

  it('records a reply from a number with no rating request open as unmatched', async () => {
    const res = await reply({ nationcode: '86', mobile: '13712345678', text: '5分', time: 1_795_400_100 });

    expect(res.body).toEqual({ result: 0, errmsg: 'OK' });
    const unmatched = (await callRoute(read, 'GET /sms/unmatched', { as: ADMIN, query: 'limit=10' })).body;
    expect(JSON.stringify(unmatched)).toContain('5分');
  });

  it('answers 400 naming the field for a malformed reply, writing nothing', async () => {
    env.counter.reset();

    const res = await reply({ nationcode: '86', text: '5' });

    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/mobile/);
    expect(env.counter.byCommand.TransactWriteItems ?? 0).toBe(0);
  });

  it('records a number Tencent reports on its blacklist as opted out: its rating request failed, later texts suppressed without calling Tencent', async () => {
    const customer = await file(3);
    const stored = (await env.store.getSms([`rating.${visit1(3)}`]))[0]!;
    const opted = await env.store.optedOut([people[3]!.phone]);
    const calls = tencent.calls.length;
    await env.store.queueSms([
      { ...stored, id: 'later-text', state: 'queued', attempts: 0, template: 'agentChange', purpose: 'agentChange', params: { customerName: '客户4' } },
    ]);
    const later = await drainOutbox(deps);

    expect(stored).toMatchObject({ state: 'failed', reason: 'optedOutAtProvider', lastError: 'FailedOperation.PhoneNumberInBlacklist' });
    expect([...opted]).toEqual([people[3]!.phone]);
    // The agent-change text at approval was refused the same way.
    expect(customer.failedTexts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: `rating.${visit1(3)}`, reason: 'optedOutAtProvider', visitId: visit1(3), purpose: 'ratingRequest' }),
        expect.objectContaining({ reason: 'optedOutAtProvider', purpose: 'agentChange' }),
      ]),
    );
    expect(customer.visits[0]).toMatchObject({ ratingRequestUndelivered: true });
    expect(later).toMatchObject({ suppressed: 1, sent: 0 });
    expect(tencent.calls.length).toBe(calls);
  });

  it('marks a text undelivered on a failed receipt: out of ratingRequests, into undelivered and the customer file, once', async () => {
    const serial = async (i: number) => (await env.store.getSms([`rating.${visit1(i)}`]))[0]!.providerMessageId!;
    const sid = await serial(2);
    const before = await metrics();
    const receipt = [
      { user_receive_time: '2026-11-23 10:05:00', nationcode: '86', mobile: national(2), report_status: 'FAIL', errmsg: 'MK:0001', description: '空号', sid },
      { user_receive_time: '2026-11-23 10:05:01', nationcode: '86', mobile: national(1), report_status: 'SUCCESS', errmsg: 'DELIVRD', sid: await serial(1) },
      { report_status: 'FAIL', errmsg: 'MK:0001', sid: 'unknown-serial' },
    ];

    const first = await status(receipt);
    const second = await status(receipt);

    expect(first.body).toEqual({ result: 0, errmsg: 'OK' });
    expect(second.body).toEqual({ result: 0, errmsg: 'OK' });
    expect((await env.store.getSms([`rating.${visit1(2)}`]))[0]).toMatchObject({
      state: 'sent',
      delivery: 'undelivered',
      deliveryError: 'MK:0001',
      deliveredAt: '2026-11-23T02:05:00.000Z',
    });
    expect((await env.store.getSms([`rating.${visit1(1)}`]))[0]).toMatchObject({ delivery: 'delivered' });
    const after = await metrics();
    expect(after.ratingRequests).toBe(before.ratingRequests - 1);
    expect(after.undelivered).toBe(before.undelivered + 1);
    const customer = await file(2);
    expect(customer.failedTexts).toEqual([expect.objectContaining({ reason: 'undelivered', error: 'MK:0001', purpose: 'ratingRequest' })]);
    expect(customer.visits[0]).toMatchObject({ ratingRequestUndelivered: true });
  });

  it('counts rating requests when queued, less those that never reached the customer, which count as undelivered per agent and in totals', async () => {
    const { body } = await callRoute(team, 'GET /team/metrics', { as: SUP1, query: 'month=2026-11' });
    const m = body.items.find((a: { agentId: string }) => a.agentId === 'A1');

    // 4 requests queued at completion: 3 accepted (one later undelivered by receipt), 1 refused as blacklisted.
    expect(m).toMatchObject({ ratingRequests: 2, undelivered: 2, replyRate: 0.5 });
    expect(body.totals).toMatchObject({ ratingRequests: 2, undelivered: 2 });
  });
});

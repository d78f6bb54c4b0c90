import { beforeAll, describe, expect, it } from 'vitest';
import { type createAdminHandler } from '../../functions/http/admin.js';
import { createCustomersHandler } from '../../functions/http/customers.js';
import { createTeamHandler } from '../../functions/http/team.js';
import { createInboundSmsHandler } from '../../functions/inbound-sms.js';
import { createVisitsHandler } from '../../functions/http/visits.js';
import { drainOutbox } from '../../lib/use-cases/outbox/drain-outbox.js';
import { snsEvent } from '../../local/runtime.js';
import { createTestDeps } from '../support/deps.js';
import { approveOrphans } from '../support/chain.js';
import { ADMIN, as, customers } from '../support/fixtures.js';
import { callRoute } from '../support/http.js';

// Customer replies on DynamoDB Local: ratings matched by message id and by phone, duplicates in
// sequence and at once, corrections, late and unknown replies, opt-out and HELP, malformed records.

const SUP1 = as('SUP1', 'supervisor');

describe('inbound SMS (DynamoDB Local)', () => {
  let env: Awaited<ReturnType<typeof createTestDeps>>;
  let inbound: ReturnType<typeof createInboundSmsHandler>;
  let read: ReturnType<typeof createCustomersHandler>;
  let team: ReturnType<typeof createTeamHandler>;
  let admin: ReturnType<typeof createAdminHandler>;
  const people = customers('A0', 6, 'R-');
  const phone = (i: number) => people[i]!.phone;
  const visit1 = (i: number) => `${people[i]!.id}~A0~1`;
  let n = 0;
  const reply = async (from: string, body: string, inReplyTo?: string, id = `in-${++n}`) => {
    const out = await inbound(
      snsEvent(
        {
          originationNumber: from,
          destinationNumber: '+12065550100',
          messageKeyword: 'KEYWORD_1',
          messageBody: body,
          inboundMessageId: id,
          previousPublishedMessageId: inReplyTo ?? null,
        },
        env.clock.now(),
      ),
    );
    await drainOutbox(env.deps);
    return out.results[0] as { outcome: string; duplicate?: boolean; visitId?: string };
  };
  const ratingRequestId = async (i: number) => (await env.deps.store.getSms([`rating.${visit1(i)}`]))[0]!.providerMessageId!;
  const file = async (i: number) => (await callRoute(read, 'GET /customers/{id}', { as: ADMIN, params: { id: people[i]!.id } })).body;
  const metrics = async () =>
    (await callRoute(team, 'GET /team/metrics', { as: SUP1, query: 'month=2026-11' })).body.items.find((a: { agentId: string }) => a.agentId === 'A1');

  beforeAll(async () => {
    env = await createTestDeps({ now: '2026-11-23T02:00:00Z', config: { monthlyCap: 10 } });
    ({ admin } = await approveOrphans(env, people, () => 'A1'));
    const visits = createVisitsHandler(env.deps);
    read = createCustomersHandler(env.deps);
    team = createTeamHandler(env.deps, { assets: () => ({ 'app.js': '', 'app.css': '' }), signIn: { mode: 'local' } });
    inbound = createInboundSmsHandler(env.deps);
    for (let i = 0; i < 5; i++) {
      const res = await callRoute(visits, 'POST /visits/{id}/completion', {
        as: as('A1', 'agent'),
        params: { id: visit1(i) },
        body: { services: ['policyService'], sold: 'none' },
      });
      expect(res.status).toBe(200);
    }
    await drainOutbox(env.deps);
  });

  it('files "5分 服务很好" on the visit it answers, the agent’s metrics and the customer file', async () => {
    const previous = await ratingRequestId(0);
    env.counter.reset();
    const result = await inbound(
      snsEvent(
        { originationNumber: phone(0), destinationNumber: '+1', messageBody: '5分 服务很好', inboundMessageId: 'first', previousPublishedMessageId: previous },
        env.clock.now(),
      ),
    );

    // The match, the customer file read for re-segmentation (issue 12), one transaction.
    expect(env.counter.byCommand).toEqual({ Query: 1, BatchGetItem: 1, TransactWriteItems: 1 });
    expect(result.results[0]).toMatchObject({ outcome: 'rating', duplicate: false, visitId: visit1(0) });
    const customer = await file(0);
    expect(customer.visits[0]).toMatchObject({ rating: 5, comment: '服务很好' });
    expect(customer.rating).toMatchObject({ count: 1, average: 5, last: 5 });
    expect(await metrics()).toMatchObject({ ratingReplies: 1, averageRating: 5, visitsDone: 5 });
  });

  it('records one rating when the same message is delivered twice in a row', async () => {
    const first = await reply(phone(1), '4', await ratingRequestId(1), 'dup-seq');
    const second = await reply(phone(1), '4', await ratingRequestId(1), 'dup-seq');

    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect((await metrics()).ratingReplies).toBe(2);
  });

  it('records one rating when the same message is delivered twice at once', async () => {
    const previous = await ratingRequestId(2);
    const event = snsEvent(
      { originationNumber: phone(2), destinationNumber: '+1', messageBody: '三星', inboundMessageId: 'dup-par', previousPublishedMessageId: previous },
      env.clock.now(),
    );

    const outs = await Promise.all([inbound(event), inbound(event), inbound(event)]);

    expect(outs.map((o) => (o.results[0] as { duplicate: boolean }).duplicate).sort()).toEqual([false, true, true]);
    expect((await metrics()).ratingReplies).toBe(3);
    expect((await file(2)).visits[0].rating).toBe(3);
  });

  it('keeps the first rating and records a different second one as a correction', async () => {
    const result = await reply(phone(0), '不满意，等了很久', await ratingRequestId(0));

    expect(result.outcome).toBe('correction');
    const customer = await file(0);
    expect(customer.visits[0].rating).toBe(5);
    expect(customer.visits[0].corrections).toEqual([expect.objectContaining({ rating: 2, comment: expect.stringContaining('等了很久') })]);
    expect((await metrics()).ratingReplies).toBe(3);
  });

  it('matches a reply without a message id by phone to the latest rating request of the last 7 days', async () => {
    const result = await reply(phone(3), '非常满意');

    expect(result).toMatchObject({ outcome: 'rating', visitId: visit1(3) });
  });

  it('keeps a late reply by phone unmatched, but files a late reply to the request itself', async () => {
    env.clock.set(new Date('2026-12-02T02:00:00Z')); // 9 days after the requests

    const byPhone = await reply(phone(4), '5');
    const byId = await reply(phone(4), '5', await ratingRequestId(4));

    expect(byPhone.outcome).toBe('unmatched');
    expect(byId).toMatchObject({ outcome: 'rating', visitId: visit1(4) });
    const list = await callRoute(read, 'GET /sms/unmatched', { as: SUP1 });
    expect(list.body.items[0]).toMatchObject({ outcome: 'unmatched', customerId: people[4]!.id, rating: 5 });
    expect(list.body.items[0].from).toMatch(/^\+86\*{4}\d{4}$/);
    expect((await callRoute(read, 'GET /sms/unmatched', { as: as('MGR1', 'deptManager') })).body.items).toHaveLength(1);
    expect((await callRoute(read, 'GET /sms/unmatched', { as: as('MGR2', 'deptManager') })).body.items).toHaveLength(0);
    expect((await callRoute(read, 'GET /sms/unmatched', { as: as('SUP2', 'supervisor') })).body.items).toHaveLength(0);
  });

  it('stores a reply from an unknown number for an admin and texts nobody', async () => {
    const sent = env.sms.sent().length;

    const result = await reply('+8613711112222', '5分');

    expect(result.outcome).toBe('unmatched');
    expect(env.sms.sent().length).toBe(sent);
    const list = await callRoute(read, 'GET /sms/unmatched', { as: ADMIN });
    expect(list.body.items.map((r: { body: string }) => r.body)).toContain('5分');
  });

  it('does not guess when a reply holds two different ratings', async () => {
    const result = await reply(phone(5), '3 不对 是5');

    expect(result.outcome).toBe('unknown');
    expect((await file(5)).visits[0].rating).toBeUndefined();
  });

  it('answers HELP with the service line', async () => {
    await reply(phone(5), '帮助');

    expect(env.sms.sent().at(-1)).toMatchObject({ to: phone(5), body: expect.stringContaining('95511') });
  });

  it('records an opt-out, confirms it once, and sends nothing later to that number, even after a customer update', async () => {
    await reply(phone(5), '退订');
    const confirmations = env.sms.sent().filter((m) => m.to === phone(5) && m.body.includes('已退订'));
    await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: [people[5]] });
    const now = env.clock.now().toISOString();
    await env.deps.store.queueSms([
      {
        id: 'after-optout',
        to: phone(5),
        template: 'ratingRequest',
        params: { customerName: '王', agentName: '李' },
        purpose: 'ratingRequest',
        state: 'queued',
        createdAt: now,
        sendAfter: now,
      },
    ]);

    const drained = await drainOutbox(env.deps);

    expect(confirmations).toHaveLength(1);
    expect(drained).toMatchObject({ suppressed: 1, sent: 0 });
    expect(env.sms.sent().filter((m) => m.body === '提醒')).toHaveLength(0);
  });

  it('parks a malformed record without failing the other records of the event', async () => {
    const good = snsEvent({ originationNumber: phone(3), destinationNumber: '+1', messageBody: '4', inboundMessageId: 'after-malformed' }, env.clock.now());
    const event = {
      Records: [
        { ...good.Records[0]!, Sns: { ...good.Records[0]!.Sns, MessageId: 'bad-1', Message: '{"originationNumber": "+8613900000000", "messageBody": ' } },
        good.Records[0]!,
      ],
    };

    const out = await inbound(event);

    expect(out.results.map((r) => r.outcome)).toEqual(['malformed', 'unmatched']); // the good one was read (too late to match)
    const parked = await env.deps.store.getInbound('sns-bad-1');
    expect(parked).toMatchObject({ outcome: 'malformed', reason: 'not JSON' });
    expect(parked?.body).not.toContain('13900000000');
  });
});

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdminHandler } from '../../functions/http/admin.js';
import { createAssignmentsHandler } from '../../functions/http/assignments.js';
import { createCustomersHandler } from '../../functions/http/customers.js';
import { runScheduledEvent } from '../../functions/scheduled.js';
import { keys } from '../../lib/adapters/dynamodb/model.js';
import { drainOutbox } from '../../lib/use-cases/outbox/drain-outbox.js';
import { createTestDeps } from '../support/deps.js';
import { ADMIN, as, customers, STAFF } from '../support/fixtures.js';
import { callRoute } from '../support/http.js';

// The orphan chain end to end on DynamoDB Local: departure -> proposal -> review -> approval,
// deadlines and escalation, with the SMS each step queues and the outbox sends.

const SUP1 = as('SUP1', 'supervisor');
const MGR1 = as('MGR1', 'deptManager');
const DM1 = as('DM1', 'districtManager');

describe('orphan assignment chain (DynamoDB Local)', () => {
  let env: Awaited<ReturnType<typeof createTestDeps>>;
  let admin: ReturnType<typeof createAdminHandler>;
  let chain: ReturnType<typeof createAssignmentsHandler>;
  let read: ReturnType<typeof createCustomersHandler>;
  const orphans = [...customers('A0', 6, 'O-', '福田区'), ...customers('A0', 1, 'ON-', '南山区'), ...customers('A0', 1, 'OX-', '罗湖区')];
  const ids = orphans.map((c) => `${c.id}~A0`);
  const [o1, o2, o3, o4, o5, o6, oNanshan, oLuohu] = ids as [string, string, string, string, string, string, string, string];

  const propose = (id: string, agentId: string, caller = SUP1) =>
    callRoute(chain, 'POST /assignments/{id}/proposal', { as: caller, params: { id }, body: { agentId } });
  const review = (id: string, body: unknown, caller = MGR1) => callRoute(chain, 'POST /assignments/{id}/review', { as: caller, params: { id }, body });
  const sent = () => env.sms.sent();

  beforeAll(async () => {
    // 2026-11-23 10:00 in Shanghai; cap 2 a month so the cap is easy to reach.
    env = await createTestDeps({ now: '2026-11-23T02:00:00Z', config: { monthlyCap: 2 } });
    admin = createAdminHandler(env.deps);
    chain = createAssignmentsHandler(env.deps);
    read = createCustomersHandler(env.deps);
    await callRoute(admin, 'PUT /admin/staff', { as: ADMIN, body: STAFF });
    await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: [...orphans, ...customers('A1', 1, 'KEEP-')] });
  });

  describe('POST /admin/staff/{id}/departure', () => {
    it('makes every customer of the agent a preAssigned assignment owned by the supervisor, due in 5 days', async () => {
      const res = await callRoute(admin, 'POST /admin/staff/{id}/departure', { as: ADMIN, params: { id: 'A0' } });

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ orphans: 8, created: 8, deadline: '2026-11-28T15:59:59.999Z' });
      const list = await callRoute(chain, 'GET /assignments', { as: SUP1, query: 'state=preAssigned' });
      expect(list.body.items).toHaveLength(8);
      expect(list.body.items[0]).toMatchObject({ state: 'preAssigned', ownerId: 'SUP1', deadline: '2026-11-28T15:59:59.999Z' });
    });

    it('orphans nobody twice when repeated, even after a proposal', async () => {
      expect((await propose(o1, 'A1')).status).toBe(200);

      const again = await callRoute(admin, 'POST /admin/staff/{id}/departure', { as: ADMIN, params: { id: 'A0' } });

      expect(again.body).toMatchObject({ orphans: 8, created: 0 });
      const list = await callRoute(chain, 'GET /assignments', { as: SUP1 });
      expect(list.body.items).toHaveLength(8);
      expect(list.body.items.find((a: { id: string }) => a.id === o1)).toMatchObject({ state: 'proposed', agentId: 'A1' });
    });

    it('returns 404 for unknown staff and 403 for a non-admin', async () => {
      expect((await callRoute(admin, 'POST /admin/staff/{id}/departure', { as: ADMIN, params: { id: 'NOBODY' } })).status).toBe(404);
      expect((await callRoute(admin, 'POST /admin/staff/{id}/departure', { as: SUP1, params: { id: 'A1' } })).status).toBe(403);
    });
  });

  describe('GET /assignments', () => {
    it('shows each manager their own scope only', async () => {
      const dept = await callRoute(chain, 'GET /assignments', { as: MGR1 });
      const otherDept = await callRoute(chain, 'GET /assignments', { as: as('MGR2', 'deptManager') });
      const otherDistrict = await callRoute(chain, 'GET /assignments', { as: as('DM2', 'districtManager') });
      const otherTeam = await callRoute(chain, 'GET /assignments', { as: as('SUP2', 'supervisor') });

      expect(dept.body.items).toHaveLength(8);
      expect(otherDept.body.items).toHaveLength(0);
      expect(otherDistrict.body.items).toHaveLength(0);
      expect(otherTeam.body.items).toHaveLength(0);
    });

    it('pages with a cursor and refuses an unknown state naming the field', async () => {
      const first = await callRoute(chain, 'GET /assignments', { as: SUP1, query: 'limit=5' });
      const second = await callRoute(chain, 'GET /assignments', { as: SUP1, query: `limit=5&next=${first.body.next}` });
      const bad = await callRoute(chain, 'GET /assignments', { as: SUP1, query: 'state=done' });

      expect(first.body.items).toHaveLength(5);
      expect(second.body.items).toHaveLength(3);
      expect(new Set([...first.body.items, ...second.body.items].map((a: { id: string }) => a.id)).size).toBe(8);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/^state:/);
    });

    it('gives no next on a last page that is exactly full, for every scope', async () => {
      for (const caller of [SUP1, MGR1, as('DM1', 'districtManager')]) {
        const whole = await callRoute(chain, 'GET /assignments', { as: caller, query: 'limit=8' });
        const first = await callRoute(chain, 'GET /assignments', { as: caller, query: 'limit=4' });
        const second = await callRoute(chain, 'GET /assignments', { as: caller, query: `limit=4&next=${first.body.next}` });

        expect(whole.body.items).toHaveLength(8);
        expect(whole.body).not.toHaveProperty('next');
        expect(second.body.items).toHaveLength(4);
        expect(second.body).not.toHaveProperty('next');
        expect(new Set([...first.body.items, ...second.body.items].map((a: { id: string }) => a.id)).size).toBe(8);
      }
    });

    it('returns 403 to an agent', async () => {
      expect((await callRoute(chain, 'GET /assignments', { as: as('A1', 'agent') })).status).toBe(403);
    });
  });

  describe('GET /assignments/{id}/candidates', () => {
    it('ranks active formal agents of the team: new agents first, then capacity, then region, with reasons', async () => {
      const res = await callRoute(chain, 'GET /assignments/{id}/candidates', { as: SUP1, params: { id: o2 } });

      expect(res.status).toBe(200);
      // A1 new with 1 of 2 left (o1 proposed to A1), A2 new with 2 left, A3 joined 2020; A0 departed, A4 on probation.
      expect(res.body.items.map((c: { agentId: string }) => c.agentId)).toEqual(['A2', 'A1', 'A3']);
      expect(res.body.items[1]).toMatchObject({ agentId: 'A1', newAgent: true, capacityLeft: 1, regionMatch: true, eligible: true });
      expect(res.body.items[0].reasons.join(' ')).toContain('2 of 2 left');
    });
  });

  describe('POST /assignments/{id}/proposal', () => {
    it('returns 409 NOT_ELIGIBLE for a probation agent, another team’s agent or the departed agent', async () => {
      for (const agentId of ['A4', 'B1', 'A0']) {
        const res = await propose(o2, agentId);
        expect(res.status).toBe(409);
        expect(res.body.error.code).toBe('NOT_ELIGIBLE');
      }
    });

    it('returns 403 to another team’s supervisor and 400 naming agentId when it is missing', async () => {
      expect((await propose(o2, 'A1', as('SUP2', 'supervisor'))).status).toBe(403);
      const res = await callRoute(chain, 'POST /assignments/{id}/proposal', { as: SUP1, params: { id: o2 }, body: {} });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^agentId:/);
    });

    it('returns 409 when the monthly cap is reached', async () => {
      expect((await propose(o2, 'A1')).status).toBe(200);

      const res = await propose(o3, 'A1');

      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CAP_REACHED');
      expect(res.body.error.message).toContain('monthly cap of 2');
    });

    it('gives one 409 when two proposals race for the last slot', async () => {
      expect((await propose(o3, 'A2')).status).toBe(200); // A2 has one slot left

      const [a, b] = await Promise.all([propose(o4, 'A2'), propose(o5, 'A2')]);

      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const counters = await env.deps.store.getAgentMonths(['A2'], '2026-11');
      expect(counters.get('A2')?.reserved).toBe(2);
    });

    it('releases the slot of the previous agent when a proposal changes agent', async () => {
      const loser = (await env.deps.store.getAssignment(o4))?.state === 'proposed' ? o5 : o4;
      expect((await propose(loser, 'A3')).status).toBe(200);
      env.counter.reset();
      expect((await propose(loser, 'A3')).status).toBe(200); // same agent again: no second slot
      expect(env.counter.byCommand).toEqual({ BatchGetItem: 1, TransactWriteItems: 1 }); // two round trips

      const counters = await env.deps.store.getAgentMonths(['A3'], '2026-11');

      expect(counters.get('A3')?.reserved).toBe(1);
    });
  });

  describe('POST /assignments/{id}/review', () => {
    it('returns 409 naming the state when the assignment is not proposed', async () => {
      const res = await review(o6, { decision: 'accept' });

      expect(res.status).toBe(409);
      expect(res.body.error.message).toContain('is preAssigned');
    });

    it('accepts in the department and refuses another department’s manager', async () => {
      expect((await review(o1, { decision: 'accept' }, as('MGR2', 'deptManager'))).status).toBe(403);

      const res = await review(o1, { decision: 'accept' });

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ state: 'reviewed', agentId: 'A1' });
    });

    it('reassigns to another eligible agent of the department, under the same cap', async () => {
      const res = await review(o2, { decision: 'reassign', agentId: 'B1' });
      const missing = await review(o3, { decision: 'reassign' });

      expect(res.body).toMatchObject({ state: 'reviewed', agentId: 'B1' });
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toMatch(/^agentId:/);
      expect((await env.deps.store.getAgentMonths(['A1', 'B1'], '2026-11')).get('A1')?.reserved).toBe(1);
    });
  });

  describe('POST /assignments/approval', () => {
    it('approves reviewed ones, changes the agent, creates 3 visits, texts each customer once and each agent once', async () => {
      await review(o3, { decision: 'accept' });
      const before = sent().length;

      const res = await callRoute(chain, 'POST /assignments/approval', { as: DM1, body: { ids: [o1, o2, o3, o6, 'NOPE~A0'] } });
      await drainOutbox(env.deps);

      expect(res.status).toBe(200);
      expect(res.body.approved.sort()).toEqual([o1, o2, o3].sort());
      expect(res.body.failed).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: o6, code: 'INVALID_STATE', message: expect.stringContaining('preAssigned') }),
          expect.objectContaining({ id: 'NOPE~A0', code: 'NOT_FOUND' }),
        ]),
      );
      const customer = await callRoute(read, 'GET /customers/{id}', { as: ADMIN, params: { id: 'O-001' } });
      expect(customer.body.agentId).toBe('A1');
      expect(customer.body.visits.map((v: { number: number; dueOn: string; state: string }) => [v.number, v.dueOn, v.state])).toEqual([
        [1, '2026-12-08', 'open'],
        [2, '2027-01-08', 'waiting'],
        [3, '2027-02-08', 'waiting'],
      ]);
      const texts = sent().slice(before);
      const customerPhones = orphans.slice(0, 3).map((c) => c.phone);
      expect(texts.filter((m) => customerPhones.includes(m.to))).toHaveLength(3);
      expect(texts.find((m) => m.to === customerPhones[0])?.body).toBe(
        '尊敬的客户1，您好！感谢您对平安的支持，为提升服务质量，我司将安排一名优秀代理人为您提供保单增值服务。',
      );
      const agentTexts = texts.filter((m) => m.body.includes('公司为您分配'));
      expect(agentTexts.map((m) => m.body).sort()).toEqual([
        '11月公司为您分配1名孤儿单客户，并已发送短信通知客户您将为其提供增值服务，请及时登陆E行销查看并进行邀约拜访。',
        '11月公司为您分配1名孤儿单客户，并已发送短信通知客户您将为其提供增值服务，请及时登陆E行销查看并进行邀约拜访。',
        '11月公司为您分配1名孤儿单客户，并已发送短信通知客户您将为其提供增值服务，请及时登陆E行销查看并进行邀约拜访。',
      ]);
    });

    it('texts nobody twice when the same approval is sent again', async () => {
      const before = sent().length;

      const res = await callRoute(chain, 'POST /assignments/approval', { as: DM1, body: { ids: [o1, o2] } });
      await drainOutbox(env.deps);

      expect(res.body.approved).toEqual([]);
      expect(res.body.failed.map((f: { code: string }) => f.code)).toEqual(['INVALID_STATE', 'INVALID_STATE']);
      expect(sent().length).toBe(before);
    });

    it('returns 403 to a department manager and 400 for more than 500 ids', async () => {
      expect((await callRoute(chain, 'POST /assignments/approval', { as: MGR1, body: { ids: [o4] } })).status).toBe(403);
      const many = Array.from({ length: 501 }, (_, i) => `C${i}~A0`);
      expect((await callRoute(chain, 'POST /assignments/approval', { as: DM1, body: { ids: many } })).status).toBe(400);
    });
  });

  describe('deadline and escalation', () => {
    it('marks preAssigned ones overdue after the deadline and texts the supervisor and district manager once', async () => {
      const supPhone = STAFF.find((s) => s.id === 'SUP1')!.phone;
      const dmPhone = STAFF.find((s) => s.id === 'DM1')!.phone;
      env.clock.set(new Date('2026-11-29T01:00:00Z')); // 09:00 the morning after the deadline

      const pending = await env.scheduler.pending();
      await env.scheduler.runDue((event) => runScheduledEvent(env.deps, event).then(() => undefined));
      await runScheduledEvent(env.deps, { type: 'assignmentDeadline', deadlineDate: '2026-11-28' }); // a duplicate firing
      await drainOutbox(env.deps);

      expect(pending.map((p) => p.name)).toContain('deadline.2026-11-28');
      const overdue = await callRoute(chain, 'GET /assignments', { as: DM1, query: 'state=overdue' });
      expect(overdue.body.items.map((a: { id: string }) => a.id).sort()).toEqual([o6, oNanshan, oLuohu].sort());
      const texts = sent().filter((m) => m.body.includes('超过分配期限'));
      expect(texts.filter((m) => m.to === supPhone)).toHaveLength(1);
      expect(texts.filter((m) => m.to === dmPhone)).toHaveLength(1);
      expect(texts[0]!.body).toContain('3名');
    });

    it('escalates overdue ones by region to collectors, else service clerks, and approves them', async () => {
      const res = await callRoute(chain, 'POST /assignments/escalation', { as: DM1, body: { ids: [o6, oNanshan, oLuohu, o4] } });

      expect(res.status).toBe(200);
      expect(res.body.assigned).toEqual(
        expect.arrayContaining([
          { id: o6, agentId: 'COL1' },
          { id: oNanshan, agentId: 'CLK1' },
        ]),
      );
      expect(res.body.failed).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: oLuohu, code: 'NO_FALLBACK' }), expect.objectContaining({ id: o4, code: 'INVALID_STATE' })]),
      );
      const customer = await callRoute(read, 'GET /customers/{id}', { as: ADMIN, params: { id: 'ON-001' } });
      expect(customer.body.agentId).toBe('CLK1');
      expect(customer.body.visits).toHaveLength(3);
    });
  });

  describe('outbox', () => {
    it('defers a message queued in quiet hours to 08:00 and never sends to an opted-out number', async () => {
      const { client, tableName, deps } = env;
      await drainOutbox(deps); // whatever earlier steps queued goes out first
      env.clock.set(new Date('2026-11-29T14:00:00Z')); // 22:00 Shanghai
      await client.send(new PutCommand({ TableName: tableName, Item: { ...keys.optOut('+8613900000099'), phone: '+8613900000099', entity: 'optOut' } }));
      const now = env.clock.now().toISOString();
      await deps.store.queueSms([
        { id: 'late-1', to: '+8613900000088', template: 'help', params: {}, purpose: 'help', state: 'queued', createdAt: now, sendAfter: now },
        {
          id: 'late-2',
          to: '+8613900000099',
          template: 'ratingRequest',
          params: { customerName: '王', agentName: '李' },
          purpose: 'ratingRequest',
          state: 'queued',
          createdAt: now,
          sendAfter: now,
        },
      ]);

      const night = await drainOutbox(deps);
      env.clock.set(new Date('2026-11-30T00:00:00Z')); // 08:00
      const morning = await drainOutbox(deps);

      expect(night).toMatchObject({ sent: 0, deferred: 1, suppressed: 1 });
      expect(morning).toMatchObject({ sent: 1 });
      expect(sent().filter((m) => m.to === '+8613900000099')).toHaveLength(0);
      expect(sent().find((m) => m.to === '+8613900000088')?.sentAt).toBe('2026-11-30T00:00:00.000Z');
    });
  });
});

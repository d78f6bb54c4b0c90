import { describe, expect, it } from 'vitest';
import { createAdminHandler } from '../../functions/http/admin.js';
import { createAssignmentsHandler } from '../../functions/http/assignments.js';
import { createCustomersHandler } from '../../functions/http/customers.js';
import { createTeamHandler } from '../../functions/http/team.js';
import { createVisitsHandler } from '../../functions/http/visits.js';
import { runScheduledEvent } from '../../functions/scheduled.js';
import type { CustomerInput } from '../../lib/domain/customer.js';
import { drainOutbox } from '../../lib/use-cases/outbox/drain-outbox.js';
import { approveOrphans } from '../support/chain.js';
import { createTestDeps } from '../support/deps.js';
import { ADMIN, as, customers, STAFF } from '../support/fixtures.js';
import { callRoute } from '../support/http.js';

// The source process, faithfully (issue 10), on DynamoDB Local: visit 3 only without a sale at
// visit 2, the supervisor's prompt at a departure, the month's total in the agent's count text,
// the first-invitation reminder, invitation reasons, known services, and issued policies.

const phoneOf = (id: string) => STAFF.find((s) => s.id === id)!.phone;
const A1 = as('A1', 'agent');
type Env = Awaited<ReturnType<typeof createTestDeps>>;

function helpers(env: Env) {
  const visits = createVisitsHandler(env.deps);
  const read = createCustomersHandler(env.deps);
  return {
    visits,
    read,
    fire: () => env.scheduler.runDue((event) => runScheduledEvent(env.deps, event).then(() => undefined)),
    textsTo: (phone: string) => env.sms.sent().filter((m) => m.to === phone),
    attempt: (id: string, body: Record<string, unknown>, caller = A1) => callRoute(visits, 'POST /visits/{id}/attempts', { as: caller, params: { id }, body }),
    complete: (id: string, sold: string, services: string[] = ['policyService']) =>
      callRoute(visits, 'POST /visits/{id}/completion', { as: A1, params: { id }, body: { services, sold } }),
  };
}

/** Departs `agentId` (customers `list`), then proposes, reviews and approves `ids` of them to `to`. */
async function orphanAndApprove(env: Env, agentId: string, list: CustomerInput[], to: string) {
  const admin = createAdminHandler(env.deps);
  const chain = createAssignmentsHandler(env.deps);
  await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: list });
  await callRoute(admin, 'POST /admin/staff/{id}/departure', { as: ADMIN, params: { id: agentId } });
  const ids = list.map((c) => `${c.id}~${agentId}`);
  for (const id of ids) {
    await callRoute(chain, 'POST /assignments/{id}/proposal', { as: as('SUP1', 'supervisor'), params: { id }, body: { agentId: to } });
    await callRoute(chain, 'POST /assignments/{id}/review', { as: as('MGR1', 'deptManager'), params: { id }, body: { decision: 'accept' } });
  }
  return { chain, ids, approve: () => callRoute(chain, 'POST /assignments/approval', { as: as('DM1', 'districtManager'), body: { ids } }) };
}

describe('source process (DynamoDB Local)', () => {
  describe('visit 3 only when visit 2 closed no sale', () => {
    it('leaves no visit 3 and sends no third rating request after a card sale at visit 2', async () => {
      const env = await createTestDeps();
      const [orphan] = customers('A0', 1, 'S-');
      await approveOrphans(env, [orphan!], () => 'A1');
      const h = helpers(env);
      const v = (n: number) => `${orphan!.id}~A0~${n}`;
      await h.complete(v(1), 'none');

      const sale = await h.complete(v(2), 'card', ['newsletter', 'needsAnalysis', 'cardProduct']);
      env.clock.set(new Date('2027-02-08T01:00:00Z')); // T3 09:00: nothing about visit 3 may fire
      await h.fire();
      env.clock.set(new Date('2027-02-08T02:30:00Z'));
      await runScheduledEvent(env.deps, { type: 'sweep' });
      await drainOutbox(env.deps);
      const file = await callRoute(h.read, 'GET /customers/{id}', { as: ADMIN, params: { id: orphan!.id } });
      const third = await h.attempt(v(3), { outcome: 'noAnswer' });

      expect(sale.body).toMatchObject({
        nextVisit: null,
        ratingRequested: true,
        customerStatus: 'maintenance',
        programmeEnded: { reason: 'soldAtVisit2' },
      });
      expect(file.body.visits.map((x: { number: number; state: string }) => [x.number, x.state])).toEqual([
        [1, 'done'],
        [2, 'done'],
      ]);
      expect(file.body).toMatchObject({ status: 'maintenance', programmeEnded: { reason: 'soldAtVisit2' } });
      expect(third.status).toBe(404);
      expect(h.textsTo(orphan!.phone).filter((m) => m.body.includes('请回复数字1-5'))).toHaveLength(2);
      expect(h.textsTo(phoneOf('A1')).filter((m) => m.body.includes('第3次约访'))).toEqual([]);
      expect((await env.scheduler.pending()).filter((p) => p.name.endsWith('.3'))).toEqual([]);
      const stored = await env.deps.store.getCustomerRecord(orphan!.id);
      expect(stored!.visits.find((x) => x.number === 3)).toMatchObject({ state: 'cancelled', cancelReason: 'soldAtVisit2' });
      expect((await env.deps.store.getAgentMonths(['A1'], '2026-11')).get('A1')).toMatchObject({ soldCard: 1, visitsDone: 2 });
    });

    it('opens visit 3 after visit 2 without a sale, and ends the programme the same way once visit 3 ends', async () => {
      const env = await createTestDeps();
      const [orphan] = customers('A0', 1, 'N-');
      await approveOrphans(env, [orphan!], () => 'A1');
      const h = helpers(env);
      const v = (n: number) => `${orphan!.id}~A0~${n}`;
      await h.complete(v(1), 'none');

      const second = await h.complete(v(2), 'none');
      const third = await h.complete(v(3), 'life', ['healthTest', 'healthReport', 'proposal']);

      expect(second.body).toMatchObject({ nextVisit: { number: 3, state: 'open' }, customerStatus: 'active' });
      expect(second.body.programmeEnded).toBeUndefined();
      expect(third.body).toMatchObject({ nextVisit: null, customerStatus: 'maintenance', programmeEnded: { reason: 'visit3Ended' } });
    });
  });

  describe("the supervisor's prompt at a departure", () => {
    it('texts the supervisor once, naming the departed agent, the count and the deadline, after quiet hours, across a repeated departure', async () => {
      const env = await createTestDeps({ now: '2026-11-23T15:30:00Z' }); // 23:30 Shanghai
      const admin = createAdminHandler(env.deps);
      await callRoute(admin, 'PUT /admin/staff', { as: ADMIN, body: STAFF });
      await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: customers('A0', 3, 'P-') });

      await callRoute(admin, 'POST /admin/staff/{id}/departure', { as: ADMIN, params: { id: 'A0' } });
      const atNight = await drainOutbox(env.deps);
      await callRoute(admin, 'POST /admin/staff/{id}/departure', { as: ADMIN, params: { id: 'A0' } });
      env.clock.set(new Date('2026-11-24T00:05:00Z')); // 08:05
      await callRoute(admin, 'POST /admin/staff/{id}/departure', { as: ADMIN, params: { id: 'A0' } });
      await drainOutbox(env.deps);

      expect(atNight).toMatchObject({ sent: 0, deferred: 1 });
      const prompts = env.sms.sent().filter((m) => m.to === phoneOf('SUP1'));
      expect(prompts.map((m) => m.body)).toEqual([
        '业务员员工A0（A0）已离司，其3名孤儿单客户已预分配给您，请于2026-11-28前分配给合适的业务员；逾期未分配的，经区经理确认后将按区域分配给收展员或保全员。',
      ]);
      expect(prompts[0]!.sentAt).toBe('2026-11-24T00:05:00.000Z');
    });

    it('speaks to each reader of the overdue text and names both fallbacks', async () => {
      const env = await createTestDeps();
      const admin = createAdminHandler(env.deps);
      await callRoute(admin, 'PUT /admin/staff', { as: ADMIN, body: STAFF });
      await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: customers('A0', 2, 'Q-') });
      await callRoute(admin, 'POST /admin/staff/{id}/departure', { as: ADMIN, params: { id: 'A0' } });
      env.clock.set(new Date('2026-11-29T01:00:00Z'));

      await runScheduledEvent(env.deps, { type: 'assignmentDeadline', deadlineDate: '2026-11-28' });
      await drainOutbox(env.deps);

      const overdue = (id: string) =>
        env.sms
          .sent()
          .filter((m) => m.to === phoneOf(id) && m.body.includes('超过分配期限'))
          .map((m) => m.body);
      expect(overdue('SUP1')).toEqual([
        '您有2名孤儿单客户超过分配期限（2026-11-28）仍未分配，请尽快分配；区经理确认后，将按区域分配给收展员，无收展员的区域分配给保全员。',
      ]);
      expect(overdue('DM1')).toEqual(['您辖区有2名孤儿单客户超过分配期限（2026-11-28）仍未分配，请确认后按区域分配给收展员，无收展员的区域分配给保全员。']);
    });
  });

  describe("the agent's count is the month's total", () => {
    it('says 3 then 5 for two approval batches to one agent in one month', async () => {
      const env = await createTestDeps();
      await approveOrphans(env, customers('A0', 3, 'T-'), () => 'A1');
      await drainOutbox(env.deps);
      const second = await orphanAndApprove(env, 'A3', customers('A3', 2, 'U-'), 'A1');

      const res = await second.approve();
      await drainOutbox(env.deps);

      expect(res.body.approved).toHaveLength(2);
      const counts = env.sms
        .sent()
        .filter((m) => m.to === phoneOf('A1') && m.body.includes('公司为您分配'))
        .map((m) => /^(\d+)月公司为您分配(\d+)名/.exec(m.body)!.slice(1).join('/'));
      expect(counts).toEqual(['11/3', '11/5']);
      expect((await env.deps.store.getAgentMonths(['A1'], '2026-11')).get('A1')).toMatchObject({ assigned: 5, reserved: 5 });
    });

    it('gives two racing batches to one agent different totals that add up', async () => {
      const env = await createTestDeps();
      await callRoute(createAdminHandler(env.deps), 'PUT /admin/staff', { as: ADMIN, body: STAFF });
      const first = await orphanAndApprove(env, 'A0', customers('A0', 2, 'R-'), 'A1');
      const second = await orphanAndApprove(env, 'A3', customers('A3', 2, 'W-'), 'A1');

      const results = await Promise.all([first.approve(), second.approve()]);
      await drainOutbox(env.deps);

      expect(results.map((r) => r.body.approved.length)).toEqual([2, 2]);
      const counts = env.sms
        .sent()
        .filter((m) => m.to === phoneOf('A1') && m.body.includes('公司为您分配'))
        .map((m) => /分配(\d+)名/.exec(m.body)![1])
        .sort();
      expect(counts).toEqual(['2', '4']);
    });
  });

  describe('the first-invitation reminder (day 5)', () => {
    it('texts the agent once with the customers still waiting, however often the runs repeat', async () => {
      const env = await createTestDeps(); // approved 2026-11-23: the window closes at the end of 11-28
      const list = customers('A0', 3, 'F-');
      await approveOrphans(env, list, () => 'A1');
      const h = helpers(env);
      env.clock.set(new Date('2026-11-25T02:00:00Z'));
      await h.attempt(`${list[0]!.id}~A0~1`, { outcome: 'noAnswer' });
      env.clock.set(new Date('2026-11-28T12:00:00Z')); // 20:00 on day 5: still within the window
      await runScheduledEvent(env.deps, { type: 'sweep' });

      env.clock.set(new Date('2026-11-29T01:00:00Z')); // 09:00 on day 6
      await h.fire();
      await drainOutbox(env.deps);
      await runScheduledEvent(env.deps, { type: 'firstInvitations', closedOn: '2026-11-28' }); // a duplicate delivery
      env.clock.set(new Date('2026-11-29T02:30:00Z'));
      await runScheduledEvent(env.deps, { type: 'sweep' });
      env.clock.set(new Date('2026-11-30T02:30:00Z'));
      await runScheduledEvent(env.deps, { type: 'sweep' });
      await drainOutbox(env.deps);

      const reminders = h.textsTo(phoneOf('A1')).filter((m) => m.body.includes('尚未邀约'));
      expect(reminders.map((m) => m.body)).toEqual(['提醒：您有2名孤儿单客户在分配后5天内尚未邀约，请尽快电话邀约，并在E行销记录邀约结果。']);
      expect(reminders[0]!.sentAt).toBe('2026-11-29T01:00:00.000Z');
      expect(await env.deps.store.visitsAwaitingFirstInvitation('2026-11-28')).toEqual([]);
    });

    it('makes up for missed runs from the day bucket, and counts only customers never counted before', async () => {
      const env = await createTestDeps({ config: { firstInvitationDays: 3 } });
      await approveOrphans(env, customers('A0', 2, 'G-'), () => 'A1');
      // The daily runs of 11-27 and 11-28 are missed (their schedule never fires here).
      const h = helpers(env);
      env.clock.set(new Date('2026-11-29T06:00:00Z')); // 14:00, three days after the window closed

      const first = await runScheduledEvent(env.deps, { type: 'sweep' });
      const again = await runScheduledEvent(env.deps, { type: 'sweep' });
      await drainOutbox(env.deps);

      expect(first).toMatchObject({ firstInvitationTexts: 1 });
      expect(again).toMatchObject({ firstInvitationTexts: 0 });
      expect(
        h
          .textsTo(phoneOf('A1'))
          .filter((m) => m.body.includes('尚未邀约'))
          .map((m) => m.body),
      ).toEqual([expect.stringContaining('您有2名孤儿单客户在分配后3天内尚未邀约')]);
    });
  });

  describe('invitation reasons', () => {
    it('suggests the recommended reason, moves to the next alternate not yet tried after a refusal and names it in the retry reminder', async () => {
      const env = await createTestDeps();
      const [orphan] = customers('A0', 1, 'I-');
      await approveOrphans(env, [orphan!], () => 'A1');
      const h = helpers(env);
      const visitId = `${orphan!.id}~A0~1`;
      const openVisit = async () => (await callRoute(h.read, 'GET /me/customers', { as: A1 })).body.items[0].nextVisit;
      const before = await openVisit();

      const bad = await h.attempt(visitId, { outcome: 'refused', reason: 'karaoke' });
      const refused = await h.attempt(visitId, { outcome: 'refused' });
      const afterOne = await openVisit();
      env.clock.set(new Date('2026-11-24T01:00:00Z'));
      await h.fire();
      await drainOutbox(env.deps);
      await h.attempt(visitId, { outcome: 'refused', reason: 'companyEvent' });
      const file = await callRoute(h.read, 'GET /customers/{id}', { as: ADMIN, params: { id: orphan!.id } });

      expect(before.invitation).toEqual({
        reason: 'policyService',
        alternates: ['newsletter', 'companyEvent', 'giftCard'],
        labels: { policyService: '基础保单服务', newsletter: '递送客服报', companyEvent: '公司活动邀请', giftCard: '赠送保险卡' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/^reason: must be one of policyService/);
      expect(refused.body).toMatchObject({ reason: 'policyService', invitation: { reason: 'newsletter' } });
      expect(afterOne.invitation).toMatchObject({ reason: 'newsletter', alternates: ['companyEvent', 'giftCard'] });
      expect(
        h
          .textsTo(phoneOf('A1'))
          .filter((m) => m.body.includes('婉拒'))
          .map((m) => m.body),
      ).toEqual(['提醒：客户客户1上次婉拒了邀约，请在2026-11-28前再次邀约，建议邀约事由：递送客服报。']);
      expect(file.body.visits[0]).toMatchObject({
        invitation: { reason: 'newsletter', alternates: ['giftCard'] },
        attemptLog: [expect.objectContaining({ reason: 'policyService' }), expect.objectContaining({ reason: 'companyEvent' })],
      });
      expect(file.body.visits[1].invitation).toBeUndefined();
    });

    it('returns 400 naming the unknown service of a completion, and writes nothing', async () => {
      const env = await createTestDeps();
      const [orphan] = customers('A0', 1, 'J-');
      await approveOrphans(env, [orphan!], () => 'A1');
      const h = helpers(env);

      const res = await h.complete(`${orphan!.id}~A0~1`, 'none', ['recommendationLetter', 'policyService', 'massage']);

      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^services\[2\]: must be one of the known services/);
      const stored = await env.deps.store.getCustomerRecord(orphan!.id);
      expect(stored!.visits.find((x) => x.number === 1)).toMatchObject({ state: 'open', version: 1 });
    });
  });

  describe('issued policies', () => {
    it('counts a policy issued after the approval once, for the new agent in the month it was issued, and changes nothing else', async () => {
      const env = await createTestDeps();
      const [orphan] = customers('A0', 1, 'L-');
      const { admin } = await approveOrphans(env, [orphan!], () => 'A1');
      const policies = [
        ...orphan!.policies, // issued 2026-01-15, before the approval
        { id: 'NEW-LIFE', product: '安心重大疾病保险', kind: 'Health', annualPremium: 2400, issuedOn: '2026-12-02' },
        { id: 'NEW-CARD', product: '家庭保障卡', kind: 'card', annualPremium: 200, issuedOn: '2026-11-23' },
        { id: 'NEW-ACC', product: '意外伤害保险', kind: 'accident', annualPremium: 150, issuedOn: '2026-12-03' },
      ];
      const upload = [
        { ...orphan!, policies }, // the core system still names the departed agent
        { ...customers('B1', 1, 'X-')[0]!, policies: [{ id: 'NOT-ORPHAN', product: '平安福', kind: 'life', annualPremium: 3000, issuedOn: '2026-12-01' }] },
      ];
      const before = await env.deps.store.getCustomerRecord(orphan!.id);

      const first = await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: upload });
      const again = await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: upload });
      const december = await callRoute(
        createTeamHandler(env.deps, { assets: () => ({ 'app.js': '', 'app.css': '' }), signIn: { mode: 'local' } }),
        'GET /team/metrics',
        { as: as('SUP1', 'supervisor'), query: 'month=2026-12' },
      );
      const november = await callRoute(
        createTeamHandler(env.deps, { assets: () => ({ 'app.js': '', 'app.css': '' }), signIn: { mode: 'local' } }),
        'GET /team/metrics',
        { as: as('SUP1', 'supervisor'), query: 'month=2026-11' },
      );
      const after = await env.deps.store.getCustomerRecord(orphan!.id);

      expect(first.body).toMatchObject({ upserted: 2, keptAgent: 1, issued: 2 });
      expect(again.body.issued).toBeUndefined();
      const a1 = (m: typeof december) => m.body.items.find((i: { agentId: string }) => i.agentId === 'A1');
      expect(a1(december)).toMatchObject({ issuedLife: 1, issuedCard: 0, soldLife: 0 });
      expect(a1(november)).toMatchObject({ issuedLife: 0, issuedCard: 1 });
      expect(december.body.totals).toMatchObject({ issuedLife: 1, issuedCard: 0 });
      expect(after!.assignments).toEqual(before!.assignments);
      expect(after!.visits).toEqual(before!.visits);
      expect(after!.profile.agentId).toBe('A1');
    });

    it('counts by the configured mapping of policy kinds', async () => {
      const env = await createTestDeps({ config: { lifePolicyKinds: ['life'], cardPolicyKinds: ['card', 'accident'] } });
      const [orphan] = customers('A0', 1, 'K-');
      const { admin } = await approveOrphans(env, [orphan!], () => 'A1');
      const policies = [
        { id: 'K-HEALTH', product: '安心重大疾病保险', kind: 'health', annualPremium: 2400, issuedOn: '2026-12-02' },
        { id: 'K-ACC', product: '意外伤害保险', kind: 'accident', annualPremium: 150, issuedOn: '2026-12-03' },
      ];

      const res = await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: [{ ...orphan!, policies }] });

      expect(res.body.issued).toBe(1);
      expect((await env.deps.store.getAgentMonths(['A1'], '2026-12')).get('A1')).toMatchObject({ issuedLife: 0, issuedCard: 1 });
    });
  });
});

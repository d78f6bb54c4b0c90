import { beforeAll, describe, expect, it } from 'vitest';
import { type createAdminHandler } from '../../functions/http/admin.js';
import { createCustomersHandler } from '../../functions/http/customers.js';
import { createVisitsHandler } from '../../functions/http/visits.js';
import { runScheduledEvent } from '../../functions/scheduled.js';
import { drainOutbox } from '../../lib/use-cases/outbox/drain-outbox.js';
import { handleInboundSms } from '../../lib/use-cases/replies/handle-inbound-sms.js';
import { Visit } from '../../lib/domain/visit.js';
import { Assignment } from '../../lib/domain/assignment.js';
import { createTestDeps } from '../support/deps.js';
import { approveOrphans } from '../support/chain.js';
import { ADMIN, as, customers, STAFF } from '../support/fixtures.js';
import { callRoute } from '../support/http.js';

// The agent's side on DynamoDB Local and the local scheduler: reminders on the due dates,
// invitation attempts, completion with the rating request, the letter, maintenance, and what a
// reassignment leaves behind.

const A1 = as('A1', 'agent');
const A1_PHONE = STAFF.find((s) => s.id === 'A1')!.phone;

describe('visits (DynamoDB Local + local scheduler)', () => {
  let env: Awaited<ReturnType<typeof createTestDeps>>;
  let visits: ReturnType<typeof createVisitsHandler>;
  let read: ReturnType<typeof createCustomersHandler>;
  let admin: ReturnType<typeof createAdminHandler>;
  const orphans = [{ ...customers('A0', 1, 'V-')[0]!, name: '<b>王</b>&"芳"' }, ...customers('A0', 2, 'W-')];
  const assignment = `${orphans[0]!.id}~A0`;
  const v = (n: number) => `${assignment}~${n}`;
  const fire = () => env.scheduler.runDue((event) => runScheduledEvent(env.deps, event).then(() => undefined));
  const textsTo = (phone: string) => env.sms.sent().filter((m) => m.to === phone);
  const attempt = (n: number, outcome: string, caller = A1) =>
    callRoute(visits, 'POST /visits/{id}/attempts', { as: caller, params: { id: v(n) }, body: { outcome, note: '下午再打' } });
  const complete = (n: number, sold: string, note?: string) =>
    callRoute(visits, 'POST /visits/{id}/completion', { as: A1, params: { id: v(n) }, body: { services: ['policyService', 'healthCareCard'], sold, note } });

  beforeAll(async () => {
    env = await createTestDeps({ now: '2026-11-23T02:00:00Z' });
    ({ admin } = await approveOrphans(env, orphans, (c) => (c.id.startsWith('V') ? 'A1' : 'A2')));
    visits = createVisitsHandler(env.deps);
    read = createCustomersHandler(env.deps);
    await drainOutbox(env.deps);
  });

  describe('reminders', () => {
    it('makes no schedule per visit: visit 1 waits in the due-day index the daily 09:00 run reads', async () => {
      const pending = await env.scheduler.pending();

      expect(pending.map((p) => p.name).sort()).toEqual(['daily-reminders', 'deadline.2026-11-28']);
      expect(pending.find((p) => p.name === 'daily-reminders')?.at).toBe('2026-11-24T01:00:00.000Z');
      expect((await env.deps.store.openVisitsDueOn('2026-12-08')).map((x) => x.id).sort()).toEqual([v(1), 'W-001~A0~1', 'W-002~A0~1']);
    });

    it('texts the agent once on the due date, even when the daily run fires twice and the sweep runs', async () => {
      const a2Phone = STAFF.find((s) => s.id === 'A2')!.phone;
      const before = { a1: textsTo(A1_PHONE).length, a2: textsTo(a2Phone).length };
      env.clock.set(new Date('2026-12-08T01:00:00Z'));

      await fire();
      await runScheduledEvent(env.deps, { type: 'dailyReminders', scheduledTime: '2026-12-08T01:00:00Z' }); // duplicate delivery
      env.clock.set(new Date('2026-12-08T02:30:00Z')); // 10:30, the sweep after the reminder hour
      await runScheduledEvent(env.deps, { type: 'sweep' });
      await drainOutbox(env.deps);

      const texts = textsTo(A1_PHONE)
        .slice(before.a1)
        .filter((m) => m.body.includes('次约访'));
      expect(texts).toHaveLength(1);
      expect(texts[0]!.body).toContain('第1次约访今日（2026-12-08）到期');
      expect(
        textsTo(a2Phone)
          .slice(before.a2)
          .map((m) => m.body)
          .filter((body) => body.includes('次约访'))
          .sort(),
      ).toEqual([expect.stringContaining('客户1的第1次约访'), expect.stringContaining('客户2的第1次约访')]);
    });
  });

  describe('POST /visits/{id}/attempts', () => {
    it('returns 404 for an unknown visit, 403 for another agent and 409 for a visit not yet open', async () => {
      const unknown = await callRoute(visits, 'POST /visits/{id}/attempts', { as: A1, params: { id: 'NOPE~A0~1' }, body: { outcome: 'noAnswer' } });
      const other = await attempt(1, 'noAnswer', as('A2', 'agent'));
      const early = await attempt(2, 'noAnswer');

      expect(unknown.status).toBe(404);
      expect(other.status).toBe(403);
      expect(early.status).toBe(409);
      expect(early.body.error.message).toBe('visit 2 is waiting; complete visit 1 first');
    });

    it('returns 400 naming the outcome when it is not one of the four', async () => {
      const res = await attempt(1, 'busy');

      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^outcome:/);
    });

    it('records attempts and reminds the agent the next morning after a refusal', async () => {
      const before = textsTo(A1_PHONE).length;
      await attempt(1, 'noAnswer');
      const refused = await attempt(1, 'refused');

      env.clock.set(new Date('2026-12-09T01:00:00Z'));
      await fire();
      await drainOutbox(env.deps);

      expect(refused.body).toMatchObject({ attempts: 2, minimumAttempts: 4, missingForUnreachable: 2, retryBy: '2026-12-13' });
      expect(
        textsTo(A1_PHONE)
          .slice(before)
          .map((m) => m.body),
      ).toEqual([expect.stringContaining('请在2026-12-13前再次邀约')]);
    });

    it('returns 409 saying how many attempts are missing when closing as unreachable too early', async () => {
      await attempt(1, 'noAnswer');

      const res = await callRoute(visits, 'POST /visits/{id}/closure', { as: A1, params: { id: v(1) }, body: { reason: 'unreachable' } });

      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('TOO_FEW_ATTEMPTS');
      expect(res.body.error.message).toContain('1 more to go');
    });
  });

  describe('POST /visits/{id}/completion', () => {
    it('completes visit 1, texts the customer the rating request and opens visit 2 with its reminders', async () => {
      const customerPhone = orphans[0]!.phone;

      const res = await complete(1, 'none', '客户下月到期，提醒续保');
      await drainOutbox(env.deps);

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        visit: { number: 1, state: 'done' },
        nextVisit: { number: 2, dueOn: '2027-01-08', state: 'open' },
        ratingRequested: true,
      });
      const rating = textsTo(customerPhone).filter((m) => m.body.includes('1-5'));
      expect(rating).toHaveLength(1);
      expect(rating[0]!.body).toContain('员工A1');
      expect((await env.deps.store.openVisitsDueOn('2027-01-08')).map((x) => x.id)).toContain(v(2));
      expect((await env.deps.store.openVisitsDueOn('2026-12-08')).map((x) => x.id)).not.toContain(v(1));
    });

    it('shows the done visit’s services and note in the customer file', async () => {
      const file = await callRoute(read, 'GET /customers/{id}', { as: as('SUP1', 'supervisor'), params: { id: 'V-001' } });

      expect(file.body.visits[0]).toMatchObject({ number: 1, state: 'done', services: ['policyService', 'healthCareCard'], note: '客户下月到期，提醒续保' });
      expect(file.body.visits[1]).not.toHaveProperty('services');
    });

    it('returns 409 when the visit is already done, and writes nothing', async () => {
      const res = await complete(1, 'life');

      expect(res.status).toBe(409);
      const file = await callRoute(read, 'GET /customers/{id}', { as: ADMIN, params: { id: 'V-001' } });
      expect(file.body.visits[0]).toMatchObject({ state: 'done', sold: 'none' });
    });

    it('moves the customer to maintenance when visit 3 ends without a sale', async () => {
      expect((await complete(2, 'none')).status).toBe(200);

      const res = await complete(3, 'none');
      const file = await callRoute(read, 'GET /customers/{id}', { as: ADMIN, params: { id: 'V-001' } });

      expect(res.body).toMatchObject({ nextVisit: null, customerStatus: 'maintenance' });
      expect(file.body.status).toBe('maintenance');
      expect(file.body.visits.map((x: { state: string }) => x.state)).toEqual(['done', 'done', 'done']);
      const month = await env.deps.store.getAgentMonths(['A1'], '2026-12');
      expect(month.get('A1')).toMatchObject({ visitsDone: 3, soldCard: 0, attempts: 3 });
      // What the store hands back satisfies the domain schemas.
      const stored = await env.deps.store.getCustomerRecord('V-001');
      for (const visit of stored!.visits) expect(Visit.parse(visit)).toEqual(visit);
      for (const a of stored!.assignments) expect(Assignment.parse(a)).toEqual(a);
    });
  });

  describe('GET /me/customers', () => {
    it('lists the agent’s orphans with policies and the next visit, what is due first on top', async () => {
      const res = await callRoute(read, 'GET /me/customers', { as: as('A2', 'agent') });

      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(2);
      expect(res.body.items[0]).toMatchObject({
        customerId: 'W-001',
        policies: [{ product: '平安福' }],
        nextVisit: { number: 1, dueOn: '2026-12-08', attempts: 0, minimumAttempts: 4 },
        lastRating: null,
      });
    });

    it('pages with next', async () => {
      const first = await callRoute(read, 'GET /me/customers', { as: as('A2', 'agent'), query: 'limit=1' });
      const second = await callRoute(read, 'GET /me/customers', { as: as('A2', 'agent'), query: `limit=1&next=${first.body.next}` });

      expect(first.body.items[0].customerId).toBe('W-001');
      expect(second.body.items[0].customerId).toBe('W-002');
      expect(second.body.next).toBeUndefined();
    });

    it('gives no next on a last page that is exactly full', async () => {
      const all = await callRoute(read, 'GET /me/customers', { as: as('A2', 'agent'), query: 'limit=2' });

      expect(all.body.items).toHaveLength(2);
      expect(all.body).not.toHaveProperty('next');
    });
  });

  describe('GET /assignments/{id}/letter', () => {
    it('returns a printable HTML letter with every field escaped', async () => {
      const res = await callRoute(visits, 'GET /assignments/{id}/letter', { as: A1, params: { id: assignment } });

      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.text).toContain('尊敬的&lt;b&gt;王&lt;/b&gt;&amp;&quot;芳&quot;');
      expect(res.text).not.toContain('<b>王</b>');
      expect(res.text).toContain('员工A1');
      expect(res.text).toContain('@page');
    });

    it('returns 403 to another agent', async () => {
      expect((await callRoute(visits, 'GET /assignments/{id}/letter', { as: as('A2', 'agent'), params: { id: assignment } })).status).toBe(403);
    });

    it('returns 409 saying so for an assignment not approved yet, and 404 only for one that does not exist', async () => {
      const [waiting] = customers('A3', 1, 'L-');
      await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: [waiting] });
      await callRoute(admin, 'POST /admin/staff/{id}/departure', { as: ADMIN, params: { id: 'A3' } });

      const early = await callRoute(visits, 'GET /assignments/{id}/letter', { as: as('SUP1', 'supervisor'), params: { id: `${waiting!.id}~A3` } });
      const missing = await callRoute(visits, 'GET /assignments/{id}/letter', { as: as('SUP1', 'supervisor'), params: { id: 'NOPE~A3' } });

      expect(early.status).toBe(409);
      expect(early.body.error).toMatchObject({ code: 'NOT_APPROVED', message: expect.stringContaining('preAssigned, not approved yet') });
      expect(missing.status).toBe(404);
    });
  });

  describe('GET /customers/{id}', () => {
    it('says whether the customer opted out of texts', async () => {
      const before = await callRoute(read, 'GET /customers/{id}', { as: A1, params: { id: 'V-001' } });
      await handleInboundSms(env.deps, {
        originationNumber: orphans[0]!.phone,
        destinationNumber: '+12065550100',
        messageBody: 'TD',
        inboundMessageId: 'optout-V-001',
      });

      const after = await callRoute(read, 'GET /customers/{id}', { as: A1, params: { id: 'V-001' } });

      expect(before.body.optedOut).toBe(false);
      expect(after.body.optedOut).toBe(true);
    });
  });

  describe('PUT /admin/customers after an approval', () => {
    it('keeps the new agent when the core system still names the departed one', async () => {
      const res = await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: [orphans[0]] }); // agentId A0, departed

      expect(res.body).toEqual({ upserted: 1, keptAgent: 1 });
      const file = await callRoute(read, 'GET /customers/{id}', { as: ADMIN, params: { id: 'V-001' } });
      expect(file.body.agentId).toBe('A1');
    });
  });

  describe('reassignment', () => {
    it('leaves no reminder of the old agent behind and cancels their open visits', async () => {
      const a2Phone = STAFF.find((s) => s.id === 'A2')!.phone;
      const dueOfA2 = async () => (await env.deps.store.openVisitsDueOn('2026-12-08')).filter((x) => x.agentId === 'A2');
      expect(await dueOfA2()).toHaveLength(2);

      await callRoute(admin, 'POST /admin/staff/{id}/departure', { as: ADMIN, params: { id: 'A2' } });
      const before = textsTo(a2Phone).length;
      await runScheduledEvent(env.deps, { type: 'dailyReminders', scheduledTime: '2026-12-11T01:00:00Z' }); // A2's late reminders' day
      await drainOutbox(env.deps);

      expect(await dueOfA2()).toEqual([]);
      expect(textsTo(a2Phone).length).toBe(before);
      const file = await callRoute(read, 'GET /customers/{id}', { as: ADMIN, params: { id: 'W-001' } });
      expect(file.body.visits).toEqual([]); // cancelled visits are not shown
      expect(file.body.assignment).toMatchObject({ id: 'W-001~A2', state: 'preAssigned' });
    });
  });
});

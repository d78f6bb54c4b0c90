import { describe, expect, it } from 'vitest';
import { createAdminHandler } from '../../functions/http/admin.js';
import { createAssignmentsHandler } from '../../functions/http/assignments.js';
import { createCustomersHandler } from '../../functions/http/customers.js';
import { createInboundSmsHandler } from '../../functions/inbound-sms.js';
import { createVisitsHandler } from '../../functions/http/visits.js';
import { runScheduledEvent } from '../../functions/scheduled.js';
import { drainOutbox } from '../../lib/use-cases/outbox/drain-outbox.js';
import { snsEvent } from '../../local/runtime.js';
import { createTestDeps } from '../support/deps.js';
import { ADMIN, as, customers, STAFF } from '../support/fixtures.js';
import { callRoute } from '../support/http.js';

// Races on DynamoDB Local: many callers at once on the same items. One winner each, every loser a
// 409 or a per-item failure, nothing half-written (read back through the API and the table).

const SUP1 = as('SUP1', 'supervisor');
const MGR1 = as('MGR1', 'deptManager');
const DM1 = as('DM1', 'districtManager');

/** The chain's handlers on a fresh table, staff loaded and `count` customers of A0 orphaned. */
async function world(count: number, config: { monthlyCap?: number } = {}) {
  const env = await createTestDeps({ now: '2026-11-23T02:00:00Z', config: { monthlyCap: 1000, ...config } });
  const admin = createAdminHandler(env.deps);
  const chain = createAssignmentsHandler(env.deps);
  const people = customers('A0', count, 'R-');
  await callRoute(admin, 'PUT /admin/staff', { as: ADMIN, body: STAFF });
  await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: people });
  await callRoute(admin, 'POST /admin/staff/{id}/departure', { as: ADMIN, params: { id: 'A0' } });
  const ids = people.map((c) => `${c.id}~A0`);
  const propose = (id: string, agentId: string) => callRoute(chain, 'POST /assignments/{id}/proposal', { as: SUP1, params: { id }, body: { agentId } });
  const review = (id: string, body: object = { decision: 'accept' }) => callRoute(chain, 'POST /assignments/{id}/review', { as: MGR1, params: { id }, body });
  const approve = (list: string[]) => callRoute(chain, 'POST /assignments/approval', { as: DM1, body: { ids: list } });
  const assignment = async (id: string) => (await env.deps.store.getAssignments([id])).get(id)!;
  const customer = (id: string) => callRoute(createCustomersHandler(env.deps), 'GET /customers/{id}', { as: ADMIN, params: { id } });
  const capacityLeft = async (agentId: string) => {
    const res = await callRoute(chain, 'GET /assignments/{id}/candidates', { as: SUP1, params: { id: ids[0]! } });
    const items = (Array.isArray(res.body) ? res.body : res.body.items) as { agentId: string; capacityLeft: number }[];
    return items.find((c) => c.agentId === agentId)?.capacityLeft;
  };
  return { env, admin, chain, people, ids, propose, review, approve, assignment, customer, capacityLeft };
}

const statuses = (answers: { status: number }[]) => answers.reduce<Record<number, number>>((m, a) => ({ ...m, [a.status]: (m[a.status] ?? 0) + 1 }), {});

describe('races (DynamoDB Local)', () => {
  it('gives the last 3 monthly slots of one agent to 3 of 50 concurrent proposals and 409 CAP_REACHED to the others', async () => {
    const w = await world(50, { monthlyCap: 3 });

    const answers = await Promise.all(w.ids.map((id) => w.propose(id, 'A1')));

    expect(statuses(answers)).toEqual({ 200: 3, 409: 47 });
    expect(new Set(answers.filter((a) => a.status === 409).map((a) => a.body.error.code)).size).toBe(1);
    const states = await Promise.all(w.ids.map(async (id) => (await w.assignment(id)).state));
    expect(states.filter((s) => s === 'proposed')).toHaveLength(3);
    expect(states.filter((s) => s === 'preAssigned')).toHaveLength(47);
    expect(await w.capacityLeft('A1')).toBe(0);
  });

  it('gives the last 3 monthly slots to 3 of 50 proposals when single and bulk proposals race, each loser a 409 or a per-item CAP_REACHED', async () => {
    const w = await world(50, { monthlyCap: 3 });
    const singles = w.ids.slice(0, 25);
    const batches = [0, 1, 2, 3, 4].map((b) => w.ids.slice(25 + b * 5, 30 + b * 5));

    const [singleAnswers, bulkAnswers] = await Promise.all([
      Promise.all(singles.map((id) => w.propose(id, 'A1'))),
      Promise.all(
        batches.map((ids) => callRoute(w.chain, 'POST /assignments/proposals', { as: SUP1, body: { items: ids.map((id) => ({ id, agentId: 'A1' })) } })),
      ),
    ]);

    expect(bulkAnswers.every((a) => a.status === 200)).toBe(true);
    const bulkWon = bulkAnswers.flatMap((a) => a.body.proposed as string[]);
    const bulkLost = bulkAnswers.flatMap((a) => a.body.failed as { id: string; code: string }[]);
    const singleWon = singleAnswers.filter((a) => a.status === 200).length;
    expect(singleWon + bulkWon.length).toBe(3);
    expect(singleAnswers.filter((a) => a.status !== 200).every((a) => a.status === 409)).toBe(true);
    expect(new Set(bulkLost.map((f) => f.code))).toEqual(new Set(['CAP_REACHED']));
    expect(bulkWon.length + bulkLost.length).toBe(25);
    const states = await Promise.all(w.ids.map(async (id) => (await w.assignment(id)).state));
    expect(states.filter((s) => s === 'proposed')).toHaveLength(3);
    expect(await w.capacityLeft('A1')).toBe(0);
  });

  it('files one rating and queues one answer when the same reply is delivered 200 times at once', async () => {
    const w = await world(1);
    await w.propose(w.ids[0]!, 'A1');
    await w.review(w.ids[0]!);
    await w.approve([w.ids[0]!]);
    const visits = createVisitsHandler(w.env.deps);
    const visitId = `${w.ids[0]!}~1`;
    await callRoute(visits, 'POST /visits/{id}/completion', {
      as: as('A1', 'agent'),
      params: { id: visitId },
      body: { services: ['policyService'], sold: 'none' },
    });
    await drainOutbox(w.env.deps);
    const [request] = await w.env.deps.store.getSms([`rating.${visitId}`]);
    const inbound = createInboundSmsHandler(w.env.deps);
    const delivery = () =>
      inbound(
        snsEvent(
          {
            originationNumber: w.people[0]!.phone,
            destinationNumber: '+12065550100',
            messageBody: '4分',
            inboundMessageId: 'dup-1',
            previousPublishedMessageId: request!.providerMessageId ?? null,
          },
          w.env.clock.now(),
        ),
      ).then(
        (out) => ({ ok: true as const, result: out.results[0] as { outcome: string; duplicate?: boolean } }),
        () => ({ ok: false as const }),
      );
    const textsBefore = w.env.sms.sent().length;

    // A failed delivery is redelivered by SNS: redeliver until each of the 200 has an answer.
    let answers = await Promise.all(Array.from({ length: 200 }, delivery));
    for (let round = 0; round < 5 && answers.some((a) => !a.ok); round++) {
      answers = await Promise.all(answers.map((a) => (a.ok ? Promise.resolve(a) : delivery())));
    }
    await drainOutbox(w.env.deps);

    const results = answers.map((a) => (a.ok ? a.result : undefined));
    expect(results.filter((r) => r?.outcome === 'rating' && r.duplicate === false)).toHaveLength(1);
    expect(results.filter((r) => r?.duplicate === true)).toHaveLength(199);
    const file = (await w.customer(w.people[0]!.id)).body;
    expect(file.visits.find((v: { number: number }) => v.number === 1)).toMatchObject({ rating: 4 });
    expect(w.env.sms.sent().length - textsBefore).toBeLessThanOrEqual(1);
  });

  // Found by this test: the approval write now checks the agent is still active (a ConditionCheck per
  // agent in each transaction), so a collector departing meanwhile is never given a customer. Left to
  // timing, the window is hit only sometimes; the next test forces it.
  it('leaves no customer with a departed collector and no orphan record when the collector departs during an escalation', async () => {
    const w = await world(20);
    // A collector who leaves hands their customers to a supervisor like anyone else.
    await callRoute(w.admin, 'PUT /admin/staff', { as: ADMIN, body: [{ ...STAFF.find((s) => s.id === 'COL1')!, supervisorId: 'SUP1' }] });
    w.env.clock.set(new Date('2026-11-29T01:00:00Z'));
    await runScheduledEvent(w.env.deps, { type: 'assignmentDeadline', deadlineDate: '2026-11-28' });

    const [escalation, departure] = await Promise.all([
      callRoute(w.chain, 'POST /assignments/escalation', { as: DM1, body: { ids: w.ids } }),
      callRoute(w.admin, 'POST /admin/staff/{id}/departure', { as: ADMIN, params: { id: 'COL1' } }),
    ]);

    expect([escalation.status, departure.status]).toEqual([200, 200]);
    // Each customer's agent is active, or departed with the customer orphaned to the supervisor.
    for (const c of w.people) {
      const file = (await w.customer(c.id)).body;
      if (file.agentId !== 'COL1') continue;
      const orphan = await w.assignment(`${c.id}~COL1`);
      expect(orphan, `${c.id} kept by the departed COL1 without an orphan record`).toBeDefined();
    }
    const states = await Promise.all(w.ids.map(async (id) => (await w.assignment(id)).state));
    expect(states.every((s) => s === 'approved' || s === 'overdue')).toBe(true);
    expect(states.filter((s) => s === 'approved').length).toBe(escalation.body.approved.length);
  });

  it('refuses the orphans of an escalation whose collector departs after it chose them and before it writes', async () => {
    const w = await world(20);
    await callRoute(w.admin, 'PUT /admin/staff', { as: ADMIN, body: [{ ...STAFF.find((s) => s.id === 'COL1')!, supervisorId: 'SUP1' }] });
    w.env.clock.set(new Date('2026-11-29T01:00:00Z'));
    await runScheduledEvent(w.env.deps, { type: 'assignmentDeadline', deadlineDate: '2026-11-28' });
    // The worst interleaving, every time: the departure runs whole between the escalation's reads
    // and its first transaction giving customers to COL1.
    let departure: ReturnType<typeof callRoute> | undefined;
    w.env.client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = JSON.stringify(args.input);
        if (!departure && context.commandName === 'TransactWriteItemsCommand' && input.includes('"COL1"') && input.includes('"approved"')) {
          departure = callRoute(w.admin, 'POST /admin/staff/{id}/departure', { as: ADMIN, params: { id: 'COL1' } });
          await departure;
        }
        return next(args);
      },
      { step: 'finalizeRequest', name: 'departBeforeTheApprovalWrite' },
    );

    const escalation = await callRoute(w.chain, 'POST /assignments/escalation', { as: DM1, body: { ids: w.ids } });

    expect(departure, 'the escalation never tried to give COL1 a customer').toBeDefined();
    expect((await departure!).status).toBe(200);
    expect(escalation.status).toBe(200);
    for (const c of w.people) expect((await w.customer(c.id)).body.agentId, c.id).not.toBe('COL1');
    const refused = escalation.body.failed as { id: string; code: string }[];
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused.map((f) => f.code))).toEqual(new Set(['AGENT_INACTIVE']));
    for (const { id } of refused) expect((await w.assignment(id)).state).toBe('overdue');
  });

  it('approves a reassigned orphan with the new agent or refuses it, never the old agent, when a reassignment races an approval', async () => {
    const w = await world(20);
    // Each orphan proposed to A1 and accepted once, then proposed to A1 again (a revision).
    for (const id of w.ids) await w.propose(id, 'A1');
    const half = w.ids.slice(0, 10);
    for (const id of half) await w.review(id);
    // The other half is still proposed: its reassignment to A2 races the approval of every id.
    const [approval, ...reviews] = await Promise.all([w.approve(w.ids), ...w.ids.slice(10).map((id) => w.review(id, { decision: 'reassign', agentId: 'A2' }))]);

    expect(approval.status).toBe(200);
    expect(reviews.every((r) => r.status === 200)).toBe(true);
    expect(approval.body.approved.length + approval.body.failed.length).toBe(w.ids.length);
    for (const id of w.ids) {
      const a = await w.assignment(id);
      const file = (await w.customer(a.customerId)).body;
      if (a.state === 'approved') {
        expect(file.agentId).toBe(a.agentId);
        expect(a.agentId).toBe(half.includes(id) ? 'A1' : 'A2');
        expect(file.visits).toHaveLength(3);
      } else {
        expect([a.state, a.agentId, file.agentId, file.visits ?? []]).toEqual(['reviewed', 'A2', 'A0', []]);
      }
    }
    expect(await w.capacityLeft('A1')).toBe(1000 - 10);
    expect(await w.capacityLeft('A2')).toBe(1000 - 10);
  });

  it('approves each id once when two approvals of overlapping lists race, and texts each customer once', async () => {
    const w = await world(15);
    for (const id of w.ids) {
      await w.propose(id, 'A1');
      await w.review(id);
    }

    const [a, b] = await Promise.all([w.approve(w.ids.slice(0, 10)), w.approve(w.ids.slice(5))]);
    await drainOutbox(w.env.deps);

    expect([a.status, b.status]).toEqual([200, 200]);
    const approvedIds = (list: { id?: string }[] | string[]) => list.map((x) => (typeof x === 'string' ? x : x.id));
    const won = [...approvedIds(a.body.approved), ...approvedIds(b.body.approved)];
    expect(won.sort()).toEqual([...w.ids].sort());
    expect(a.body.failed.length + b.body.failed.length).toBe(5);
    for (const c of w.people) expect(w.env.sms.sent().filter((m) => m.to === c.phone)).toHaveLength(1);
    for (const id of w.ids) expect((await w.customer((await w.assignment(id)).customerId)).body.visits).toHaveLength(3);
  });
});

import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdminHandler } from '../../functions/http/admin.js';
import { createAssignmentsHandler } from '../../functions/http/assignments.js';
import { createTestDeps } from '../support/deps.js';
import { ADMIN, as, customers, STAFF } from '../support/fixtures.js';
import { callRoute } from '../support/http.js';

// Bulk proposal, bulk review and the automatic proposal on DynamoDB Local: the single routes'
// rules and errors per item, the monthly cap under racing bulk calls, a dry run that writes
// nothing, and the team-full orphans escalated by the district manager.

const SUP1 = as('SUP1', 'supervisor');
const MGR1 = as('MGR1', 'deptManager');
const DM1 = as('DM1', 'districtManager');
type Failure = { id: string; code: string; message: string };

async function setup(cap: number, orphans: number) {
  const env = await createTestDeps({ now: '2026-11-23T02:00:00Z', config: { monthlyCap: cap } });
  const admin = createAdminHandler(env.deps);
  const chain = createAssignmentsHandler(env.deps);
  await callRoute(admin, 'PUT /admin/staff', { as: ADMIN, body: STAFF });
  await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: [...customers('A0', orphans, 'BK-'), ...customers('B1', 1, 'BB-')] });
  await callRoute(admin, 'POST /admin/staff/{id}/departure', { as: ADMIN, params: { id: 'A0' } });
  await callRoute(admin, 'POST /admin/staff/{id}/departure', { as: ADMIN, params: { id: 'B1' } });
  const id = (n: number) => `BK-${String(n).padStart(3, '0')}~A0`;
  const reserved = async (agentId: string) => (await env.deps.store.getAgentMonths([agentId], '2026-11')).get(agentId)!.reserved;
  return { env, chain, id, reserved };
}

describe('bulk proposal and review (DynamoDB Local)', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  const propose = (items: unknown[], caller = SUP1) => callRoute(s.chain, 'POST /assignments/proposals', { as: caller, body: { items } });
  const review = (items: unknown[], caller = MGR1) => callRoute(s.chain, 'POST /assignments/reviews', { as: caller, body: { items } });

  beforeAll(async () => {
    s = await setup(3, 30);
  });

  it('proposes a batch and fails each refused item with the code and message of the single route', async () => {
    const { id } = s;
    const single = await callRoute(s.chain, 'POST /assignments/{id}/proposal', { as: SUP1, params: { id: id(9) }, body: { agentId: 'A4' } });

    const res = await propose([
      { id: id(1), agentId: 'A3' },
      { id: id(2), agentId: 'A3' },
      { id: id(3), agentId: 'A3' },
      { id: id(4), agentId: 'A3' },
      { id: id(5), agentId: 'A4' },
      { id: id(6), agentId: 'C1' },
      { id: 'NOPE-1~A0', agentId: 'A1' },
      { id: 'BB-001~B1', agentId: 'A1' },
    ]);

    expect(res.status).toBe(200);
    expect(res.body.proposed).toEqual([id(1), id(2), id(3)]);
    expect(res.body.failed).toEqual([
      { id: id(4), code: 'CAP_REACHED', message: 'agent A3 has reached the monthly cap of 3 for 2026-11' },
      { id: id(5), code: 'NOT_ELIGIBLE', message: single.body.error.message },
      { id: id(6), code: 'NOT_ELIGIBLE', message: 'agent C1 is not in your team' },
      { id: 'NOPE-1~A0', code: 'NOT_FOUND', message: 'assignment NOPE-1~A0 not found' },
      { id: 'BB-001~B1', code: 'FORBIDDEN', message: 'assignment BB-001~B1 is outside your scope' },
    ]);
    expect(await s.reserved('A3')).toBe(3);
  });

  it('returns 400 naming a repeated id or a batch over 500, and writes nothing', async () => {
    const { id } = s;
    const before = await s.reserved('A1');

    const twice = await propose([
      { id: id(10), agentId: 'A1' },
      { id: id(10), agentId: 'A1' },
    ]);
    const tooMany = await propose(Array.from({ length: 501 }, (_, i) => ({ id: id(i + 1), agentId: 'A1' })));

    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toBe('items[1].id: duplicate of items[0].id');
    expect(tooMany.status).toBe(400);
    expect(await s.reserved('A1')).toBe(before);
    expect((await s.env.deps.store.getAssignment(id(10)))?.state).toBe('preAssigned');
  });

  it('gives each of the last slots of an agent to exactly one of several racing bulk proposals', async () => {
    const { id } = s;
    // Five supervisors' calls at once, two orphans each, for A2's three slots.
    const calls = [0, 1, 2, 3, 4].map((k) =>
      propose([
        { id: id(11 + 2 * k), agentId: 'A2' },
        { id: id(12 + 2 * k), agentId: 'A2' },
      ]),
    );

    const results = await Promise.all(calls);

    const proposed = results.flatMap((r) => r.body.proposed as string[]);
    const failed = results.flatMap((r) => r.body.failed as Failure[]);
    expect(proposed).toHaveLength(3);
    expect(failed).toHaveLength(7);
    expect(new Set(failed.map((f) => f.code))).toEqual(new Set(['CAP_REACHED']));
    expect(await s.reserved('A2')).toBe(3);
    const stored = await s.env.deps.store.getAssignments(Array.from({ length: 10 }, (_, k) => id(11 + k)));
    expect(
      [...stored.values()]
        .filter((a) => a.state === 'proposed' && a.agentId === 'A2')
        .map((a) => a.id)
        .sort(),
    ).toEqual([...proposed].sort());
  });

  it('reviews a batch: accepts keep their slot, a reassignment moves it, refusals as the single route says', async () => {
    const { id } = s;
    s.env.counter.reset();

    const res = await review([
      { id: id(1), decision: 'accept' },
      { id: id(2), decision: 'accept' },
      { id: id(3), decision: 'reassign', agentId: 'A1' },
      { id: id(9), decision: 'accept' },
      { id: id(4), decision: 'reassign', agentId: 'C1' },
    ]);

    expect(res.body.reviewed).toEqual([id(1), id(2), id(3)]);
    expect(res.body.failed).toEqual([
      { id: id(9), code: 'INVALID_STATE', message: `assignment ${id(9)} is preAssigned; cannot review it` },
      { id: id(4), code: 'INVALID_STATE', message: `assignment ${id(4)} is preAssigned; cannot review it` },
    ]);
    expect(await s.reserved('A3')).toBe(2);
    expect(await s.reserved('A1')).toBe(1);
    // Three items, two agents: one transaction.
    expect(s.env.counter.byCommand.TransactWriteItems).toBe(1);
  });

  it('refuses a reassignment to another department or a full agent per item', async () => {
    const { id } = s;
    await propose([{ id: id(25), agentId: 'A1' }]);
    await propose([{ id: id(26), agentId: 'A1' }]);

    const res = await review([
      { id: id(25), decision: 'reassign', agentId: 'C1' },
      { id: id(26), decision: 'reassign', agentId: 'A2' },
    ]);

    expect(res.body.reviewed).toEqual([]);
    expect(res.body.failed).toEqual([
      { id: id(25), code: 'NOT_ELIGIBLE', message: 'agent C1 is not in department DEP1' },
      { id: id(26), code: 'CAP_REACHED', message: 'agent A2 has reached the monthly cap of 3 for 2026-11' },
    ]);
  });
});

describe('automatic proposal (DynamoDB Local)', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  const auto = (body: unknown = {}, caller = SUP1) => callRoute(s.chain, 'POST /assignments/proposals/auto', { as: caller, body });
  const snapshot = async () => {
    const out = await s.env.client.send(new ScanCommand({ TableName: s.env.tableName, ConsistentRead: true }));
    return (out.Items ?? []).map((i) => JSON.stringify(i)).sort();
  };

  beforeAll(async () => {
    // Team SUP1 may take 3 agents x 2 = 6 this month (A4 is on probation); 10 orphans.
    s = await setup(2, 10);
  });

  it('plans a dry run across agents, new agents first, leaving the rest teamFull, and writes nothing', async () => {
    const before = await snapshot();

    const res = await auto({ dryRun: true });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, month: '2026-11', cap: 2 });
    expect(res.body.plan.map((p: { agentId: string }) => p.agentId)).toEqual(['A1', 'A2', 'A1', 'A2', 'A3', 'A3']);
    expect(res.body.plan[0]).toEqual({
      id: s.id(1),
      agentId: 'A1',
      reason: "new agent (joined 2026-05-01); 2 of 2 left this month; works 福田区, the customer's region",
    });
    expect(res.body.unplaced).toEqual([7, 8, 9, 10].map((n) => ({ id: s.id(n), why: 'teamFull' })));
    expect(await snapshot()).toEqual(before);
  });

  it('refuses to escalate preAssigned orphans while the team still has room', async () => {
    const res = await callRoute(s.chain, 'POST /assignments/escalation', { as: DM1, body: { ids: [s.id(7)] } });

    expect(res.body.approved).toEqual([]);
    expect(res.body.failed).toEqual([expect.objectContaining({ id: s.id(7), code: 'TEAM_HAS_CAPACITY' })]);
  });

  it('commits the plan under the cap, then the district manager escalates the teamFull ones at once', async () => {
    const res = await auto();
    const again = await auto();
    const escalated = await callRoute(s.chain, 'POST /assignments/escalation', { as: DM1, body: { ids: res.body.unplaced.map((u: { id: string }) => u.id) } });

    expect(res.body.plan).toHaveLength(6);
    expect(again.body.plan).toEqual([]);
    expect(again.body.unplaced.map((u: { why: string }) => u.why)).toEqual(['teamFull', 'teamFull', 'teamFull', 'teamFull']);
    for (const agent of ['A1', 'A2', 'A3']) expect(await s.reserved(agent)).toBe(2);
    const proposed = await callRoute(s.chain, 'GET /assignments', { as: SUP1, query: 'state=proposed' });
    expect(proposed.body.items).toHaveLength(6);
    expect(escalated.body.approved.sort()).toEqual([7, 8, 9, 10].map((n) => s.id(n)).sort());
    expect(new Set(escalated.body.assigned.map((a: { agentId: string }) => a.agentId))).toEqual(new Set(['COL1', 'COL2']));
  });

  it('plans only the ids given, and says why the others cannot be placed', async () => {
    const res = await auto({ ids: [s.id(1), 'NOPE-1~A0', 'BB-001~B1'], dryRun: true });

    expect(res.body.unplaced).toEqual(
      expect.arrayContaining([
        { id: 'NOPE-1~A0', why: 'notFound' },
        { id: 'BB-001~B1', why: 'forbidden' },
        { id: s.id(1), why: 'teamFull' },
      ]),
    );
  });
});

import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdminHandler } from '../../functions/http/admin.js';
import { createFileHandler } from '../../functions/http/file.js';
import { createTeamHandler } from '../../functions/http/team.js';
import { createVisitsHandler } from '../../functions/http/visits.js';
import { runScheduledEvent } from '../../functions/scheduled.js';
import { keys } from '../../lib/adapters/dynamodb/model.js';
import type { CustomerInput } from '../../lib/domain/customer.js';
import { applyContacts } from '../../lib/domain/customer-file.js';
import { QUADRANTS } from '../../lib/domain/quadrant.js';
import type { Store } from '../../lib/ports/store.js';
import { approveAssignments } from '../../lib/use-cases/assignment/approve-assignments.js';
import { resegmentDue } from '../../lib/use-cases/care/file-daily.js';
import { drainOutbox } from '../../lib/use-cases/outbox/drain-outbox.js';
import { handleInboundSms } from '../../lib/use-cases/replies/handle-inbound-sms.js';
import { approveOrphans } from '../support/chain.js';
import { createTestDeps } from '../support/deps.js';
import { ADMIN, as, customers, STAFF } from '../support/fixtures.js';
import { callRoute } from '../support/http.js';
import { quadrantDrift } from '../support/quadrant-drift.js';

// The quadrant mix of GET /team/metrics on DynamoDB Local, as one team's customers move: orphans
// of A0 approved to A1, A2 and A3 on 2026-11-23 with their uploaded levels; a manual assessment,
// visits and a rating reply move A1's customers between quadrants; December takes November's
// snapshot, A3 leaves and their customers go to A2 (one while its file changes); in February the
// daily re-segmentation runs twice at once. After each step the counters equal a recount of the
// files (quadrantDrift) and `totals` the sum of the agents.

const SUP1 = as('SUP1', 'supervisor');
const MGR1 = as('MGR1', 'deptManager');
const DM1 = as('DM1', 'districtManager');
const A1 = as('A1', 'agent');

type Counts = Record<(typeof QUADRANTS)[number], number>;
const counts = (c: Partial<Counts>): Counts => ({ develop: 0, maintain: 0, cultivate: 0, pamper: 0, ...c });

describe('quadrant counters (DynamoDB Local)', () => {
  let env: Awaited<ReturnType<typeof createTestDeps>>;
  let admin: ReturnType<typeof createAdminHandler>;
  let chain: Awaited<ReturnType<typeof approveOrphans>>['chain'];
  let team: ReturnType<typeof createTeamHandler>;
  let file: ReturnType<typeof createFileHandler>;
  let visits: ReturnType<typeof createVisitsHandler>;
  const levels: Record<string, Pick<CustomerInput, 'ability' | 'willingness'>> = {
    'X-001': { ability: 'high', willingness: 'high' }, // pamper
    'X-002': { ability: 'low', willingness: 'low' }, // develop
    'X-003': { ability: 'high' }, // cultivate: willingness from the (no) signals
    'X-004': {}, // develop: premium under the threshold, no signals
    'Y-001': { ability: 'low', willingness: 'high' }, // maintain
    'Y-002': {}, // develop
    'Z-001': {}, // develop
    'Z-002': {}, // develop
  };
  const orphans = [...customers('A0', 4, 'X-'), ...customers('A0', 2, 'Y-'), ...customers('A0', 2, 'Z-')].map((c) => ({ ...c, ...levels[c.id] }));
  const agentOf = (id: string) => (id.startsWith('X') ? 'A1' : id.startsWith('Y') ? 'A2' : 'A3');
  const visit = (customer: string, n: number) => `${customer}~A0~${n}`;
  const at = (iso: string) => env.clock.set(new Date(iso), { allowBackwards: false });

  /** GET /team/metrics for SUP1; checks that `totals.quadrants` is the sum of the agents'. */
  const metrics = async (query = '') => {
    const res = await callRoute(team, 'GET /team/metrics', { as: SUP1, query });
    expect(res.status).toBe(200);
    const sum = counts({});
    for (const item of res.body.items) for (const q of QUADRANTS) sum[q] += item.quadrants[q];
    expect(res.body.totals.quadrants).toEqual(sum);
    return res.body;
  };
  const shown = async (query = '') =>
    Object.fromEntries(((await metrics(query)).items as { agentId: string; quadrants: Counts }[]).map((i) => [i.agentId, i.quadrants]));
  /** The counters as stored, departed agents included. */
  const stored = async (agentId: string) => (await env.deps.store.teamCounters([agentId], '2026-11')).states.get(agentId)!.quadrants;
  const drift = () => quadrantDrift(env.client, env.tableName);
  const choose = async (id: string, agentId: string) => {
    expect((await callRoute(chain, 'POST /assignments/{id}/proposal', { as: SUP1, params: { id }, body: { agentId } })).status).toBe(200);
    expect((await callRoute(chain, 'POST /assignments/{id}/review', { as: MGR1, params: { id }, body: { decision: 'accept' } })).status).toBe(200);
  };

  beforeAll(async () => {
    env = await createTestDeps({ now: '2026-11-23T02:00:00Z', config: { monthlyCap: 10 } });
    ({ admin, chain } = await approveOrphans(env, orphans, (c) => agentOf(c.id)));
    team = createTeamHandler(env.deps, { assets: () => ({ 'app.js': '', 'app.css': '' }), signIn: { mode: 'local' } });
    file = createFileHandler(env.deps);
    visits = createVisitsHandler(env.deps);
  });

  describe('GET /team/metrics quadrants', () => {
    it('returns each agent’s approved customers by their quadrant, and none for the agent who left', async () => {
      const now = await shown();

      expect(now).toEqual({
        A0: counts({}),
        A1: counts({ pamper: 1, develop: 2, cultivate: 1 }),
        A2: counts({ maintain: 1, develop: 1 }),
        A3: counts({ develop: 2 }),
        A4: counts({}),
      });
      expect(await drift()).toEqual([]);
    });

    it('moves a customer to the quadrant a manual assessment gives', async () => {
      const res = await callRoute(file, 'POST /customers/{id}/assessment', {
        as: A1,
        params: { id: 'X-002' },
        body: { willingness: 'high', evidence: '每周主动来电' },
      });

      expect(res.body.segment.quadrant).toBe('maintain');
      expect((await shown()).A1).toEqual(counts({ pamper: 1, develop: 1, maintain: 1, cultivate: 1 }));
      expect(await drift()).toEqual([]);
    });

    it('moves customers as the contacts of their visits and a rating reply re-segment them', async () => {
      // an accepted invitation (+1) and a visit done (+2) reach the high willingness score (3).
      for (const id of ['X-003', 'X-004']) {
        expect((await callRoute(visits, 'POST /visits/{id}/attempts', { as: A1, params: { id: visit(id, 1) }, body: { outcome: 'accepted' } })).status).toBe(
          200,
        );
        const done = await callRoute(visits, 'POST /visits/{id}/completion', {
          as: A1,
          params: { id: visit(id, 1) },
          body: { services: ['policyService'], sold: 'none' },
        });
        expect(done.status).toBe(200);
      }
      const afterVisits = (await shown()).A1;
      // X-003 answers the rating request with 1 (-2): willingness low again.
      await drainOutbox(env.deps);
      const request = (await env.deps.store.getSms([`rating.${visit('X-003', 1)}`]))[0]!;
      const reply = await handleInboundSms(env.deps, {
        originationNumber: orphans.find((c) => c.id === 'X-003')!.phone,
        destinationNumber: '+12065550100',
        messageBody: '1',
        inboundMessageId: 'quadrant-reply-1',
        previousPublishedMessageId: request.providerMessageId,
      });
      const afterReply = (await shown()).A1;

      expect(reply).toMatchObject({ outcome: 'rating', duplicate: false });
      expect(afterVisits).toEqual(counts({ pamper: 2, maintain: 2 }));
      expect(afterReply).toEqual(counts({ pamper: 1, maintain: 2, cultivate: 1 }));
      expect(await drift()).toEqual([]);
    });

    it('shows a past month as the month-end snapshot left it, not as it is now', async () => {
      const november = await shown();
      at('2026-12-01T00:30:00Z');
      const sweep = (await runScheduledEvent(env.deps, { type: 'sweep' })) as { monthEnd?: string };
      at('2026-12-02T02:00:00Z');
      // In December Y-001's ability is assessed high: maintain -> pamper.
      const assessed = await callRoute(file, 'POST /customers/{id}/assessment', {
        as: SUP1,
        params: { id: 'Y-001' },
        body: { ability: 'high', evidence: '新购房产' },
      });

      const past = await metrics('month=2026-11');
      const pastShown = Object.fromEntries(past.items.map((i: { agentId: string; quadrants: Counts }) => [i.agentId, i.quadrants]));

      expect(sweep.monthEnd).toBe('2026-11');
      expect(assessed.status).toBe(200);
      expect(past.stateAsOf).toBe('monthEnd');
      expect(pastShown).toEqual(november);
      expect(pastShown.A2).toEqual(counts({ maintain: 1, develop: 1 }));
      expect((await shown()).A2).toEqual(counts({ pamper: 1, develop: 1 }));
      expect(await drift()).toEqual([]);
    });

    it('moves the count of an approved customer from the agent their file named to the new agent', async () => {
      expect((await callRoute(admin, 'POST /admin/staff/{id}/departure', { as: ADMIN, params: { id: 'A3' } })).status).toBe(200);
      // A3 left: the counts stay on A3's item while Z-001 and Z-002 name A3, but A3 shows none.
      const a3Left = await stored('A3');
      const shownLeft = await shown();
      await choose('Z-001~A3', 'A2');

      const approval = await callRoute(chain, 'POST /assignments/approval', { as: DM1, body: { ids: ['Z-001~A3'] } });

      expect(approval.body).toEqual({ approved: ['Z-001~A3'], failed: [] });
      expect(a3Left).toEqual(counts({ develop: 2 }));
      expect(shownLeft.A3).toEqual(counts({}));
      expect(await stored('A3')).toEqual(counts({ develop: 1 }));
      expect((await shown()).A2).toEqual(counts({ pamper: 1, develop: 2 }));
      expect(await drift()).toEqual([]);
    });

    it('hands on a file that changed quadrant between the read and the approval, counted in its new quadrant', async () => {
      await choose('Z-002~A3', 'A2');
      // A contact lands right before the approval's write: Z-002's ability is assessed high (develop -> cultivate).
      let approvals = 0;
      const store = env.deps.store;
      const racing: Store = Object.create(store) as Store;
      racing.approve = async (list, sms) => {
        if (approvals++ === 0) {
          const known = (await store.getCustomerFiles(['Z-002'])).get('Z-002')!;
          const changed = applyContacts(
            known.profile!,
            known.file,
            [{ kind: 'assessment', ability: 'high', evidence: '购房', by: 'SUP1' }],
            env.clock.now(),
            env.deps.config,
          );
          expect((await store.commitFiles([changed])).saved).toEqual(['Z-002']);
        }
        return store.approve(list, sms);
      };

      const out = await approveAssignments({ ...env.deps, store: racing }, DM1, { ids: ['Z-002~A3'] });

      expect(out).toEqual({ approved: ['Z-002~A3'], failed: [] });
      expect(approvals).toBe(2);
      expect(await stored('A3')).toEqual(counts({}));
      expect((await shown()).A2).toEqual(counts({ pamper: 1, develop: 2, cultivate: 1 }));
      expect(await drift()).toEqual([]);
    });

    it('moves a customer once when two re-segmentations of the day run at the same time', async () => {
      // X-004's signals (2026-11-23) leave the 90-day window: willingness low again, maintain -> develop.
      at('2027-02-22T02:00:00Z');

      const [first, second] = await Promise.all([resegmentDue(env.deps, '2027-02-22'), resegmentDue(env.deps, '2027-02-22')]);
      const history = await env.deps.store.historyPage('X-004', { limit: 50 });

      // Each run read the due files; whichever wrote X-004 second was refused on its version (or found nothing due).
      expect(first.due + second.due).toBeGreaterThanOrEqual(2);
      expect(history.items.filter((e) => e.kind === 'quadrant' && e.at.startsWith('2027-02-22')).length).toBe(1);
      expect((await shown()).A1).toEqual(counts({ pamper: 1, maintain: 1, cultivate: 1, develop: 1 }));
      expect(await drift()).toEqual([]);
    });

    it('refuses the second of two writes from the same version of a file, so only the first one’s move is counted', async () => {
      const known = (await env.deps.store.getCustomerFiles(['X-001'])).get('X-001')!;
      const write = (contact: { ability?: 'low'; willingness?: 'low' }) =>
        applyContacts(known.profile!, known.file, [{ kind: 'assessment', ...contact, evidence: 'race', by: 'SUP1' }], env.clock.now(), env.deps.config);
      const toCultivate = write({ willingness: 'low' });
      const toMaintain = write({ ability: 'low' });

      const results = await Promise.all([env.deps.store.commitFiles([toCultivate]), env.deps.store.commitFiles([toMaintain])]);
      const after = (await env.deps.store.getCustomerFiles(['X-001'])).get('X-001')!.file!.segment!.quadrant;

      expect(results.map((r) => r.saved.length).sort()).toEqual([0, 1]);
      expect((await shown()).A1).toEqual(
        after === 'cultivate' ? counts({ maintain: 1, cultivate: 2, develop: 1 }) : counts({ maintain: 2, cultivate: 1, develop: 1 }),
      );
      expect(await drift()).toEqual([]);
    });

    it('reports a counter that disagrees with the files as drift', async () => {
      const bump = (n: number) =>
        env.client.send(
          new UpdateCommand({
            TableName: env.tableName,
            Key: keys.agentState('A2'),
            UpdateExpression: 'ADD #q :n',
            ExpressionAttributeNames: { '#q': 'quadrant#maintain' },
            ExpressionAttributeValues: { ':n': n },
          }),
        );

      await bump(1);
      const found = await drift();
      await bump(-1);

      expect(found).toEqual([{ agentId: 'A2', quadrant: 'maintain', counter: 1, files: 0 }]);
      expect(await drift()).toEqual([]);
    });
  });
});

// Customers who never were orphans: the core system uploads them under their agent, and the file
// follows the agent it names, so the mix is each agent's current customers, not only their orphans.
describe('quadrant counters of uploaded customers (DynamoDB Local)', () => {
  const mix = async (env: Awaited<ReturnType<typeof createTestDeps>>) => {
    const team = createTeamHandler(env.deps, { assets: () => ({ 'app.js': '', 'app.css': '' }), signIn: { mode: 'local' } });
    const res = await callRoute(team, 'GET /team/metrics', { as: SUP1 });
    expect(res.status).toBe(200);
    return Object.fromEntries((res.body.items as { agentId: string; quadrants: Counts }[]).map((i) => [i.agentId, i.quadrants]));
  };

  it('counts an uploaded customer for the agent the upload names, and moves them when an upload names another', async () => {
    // Arrange: A1's own customers, one per quadrant but cultivate.
    const env = await createTestDeps({ now: '2026-11-23T02:00:00Z' });
    const admin = createAdminHandler(env.deps);
    await callRoute(admin, 'PUT /admin/staff', { as: ADMIN, body: STAFF });
    const levels: Pick<CustomerInput, 'ability' | 'willingness'>[] = [
      { ability: 'high', willingness: 'high' }, // pamper
      { ability: 'low', willingness: 'low' }, // develop
      { ability: 'low', willingness: 'high' }, // maintain
    ];
    const own = customers('A1', 3, 'U-').map((c, i) => ({ ...c, ...levels[i] }));

    // Act
    const uploaded = await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: own });
    const first = await mix(env);
    const again = await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: [{ ...own[0]!, agentId: 'A2' }] });
    const second = await mix(env);

    // Assert
    expect([uploaded.status, again.status]).toEqual([200, 200]);
    expect(first.A1).toEqual(counts({ pamper: 1, develop: 1, maintain: 1 }));
    expect(second.A1).toEqual(counts({ develop: 1, maintain: 1 }));
    expect(second.A2).toEqual(counts({ pamper: 1 }));
    expect((await env.deps.store.getCustomerFiles(['U-001'])).get('U-001')!.file).toMatchObject({ agentId: 'A2' });
    // Active agents' counters are in the month-end index, so a past month shows them too.
    expect((await env.deps.store.allAgentStates()).map((s) => s.agentId).sort()).toEqual(['A1', 'A2']);
    expect(await quadrantDrift(env.client, env.tableName)).toEqual([]);
  });

  it('drops the approval day of an orphan the core system moves to another agent, and counts it for that agent', async () => {
    // Arrange: X-001 approved to A1 (the approval day counts A1's new policies as issued).
    const env = await createTestDeps({ now: '2026-11-23T02:00:00Z' });
    const [orphan] = customers('A0', 1, 'X-');
    const { admin } = await approveOrphans(env, [orphan!], () => 'A1');
    const approved = (await env.deps.store.getCustomerFiles(['X-001'])).get('X-001')!.file!;

    // Act: the core system names A2.
    const res = await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: [{ ...orphan!, agentId: 'A2' }] });
    const moved = (await env.deps.store.getCustomerFiles(['X-001'])).get('X-001')!.file!;
    const shown = await mix(env);

    // Assert
    expect(res.status).toBe(200);
    expect(approved).toMatchObject({ agentId: 'A1', agentSince: expect.any(String) });
    expect(moved.agentId).toBe('A2');
    expect(moved.agentSince).toBeUndefined();
    expect(Object.values(shown.A1!).reduce((n, v) => n + v, 0)).toBe(0);
    expect(Object.values(shown.A2!).reduce((n, v) => n + v, 0)).toBe(1);
    expect(await quadrantDrift(env.client, env.tableName)).toEqual([]);
  });
});

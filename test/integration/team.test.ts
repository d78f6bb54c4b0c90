import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { createAdminHandler } from '../../functions/http/admin.js';
import { createAssignmentsHandler } from '../../functions/http/assignments.js';
import { createTeamHandler } from '../../functions/http/team.js';
import { createVisitsHandler } from '../../functions/http/visits.js';
import { runScheduledEvent } from '../../functions/scheduled.js';
import { EXPORT_COLUMNS } from '../../lib/domain/team.js';
import { drainOutbox } from '../../lib/use-cases/outbox/drain-outbox.js';
import { handleInboundSms } from '../../lib/use-cases/replies/handle-inbound-sms.js';
import { exportAssignments, runAssignmentExport } from '../../lib/use-cases/team/export-assignments.js';
import { approveOrphans } from '../support/chain.js';
import { createTestDeps } from '../support/deps.js';
import { ADMIN, as, customers } from '../support/fixtures.js';
import { callRoute } from '../support/http.js';

// The managers' view on DynamoDB Local, as one team's month unfolds: orphans approved to A1, A2 and
// A3 on 2026-11-23; A1 works through visits, A2 and A3 call nobody. Each figure of GET /team/metrics
// and each alert is checked as it appears, the November month-end snapshot as December moves on.

const SUP1 = as('SUP1', 'supervisor');
const A1 = as('A1', 'agent');
const A2 = as('A2', 'agent');
const DM1 = as('DM1', 'districtManager');

describe('team metrics, alerts and export (DynamoDB Local)', () => {
  let env: Awaited<ReturnType<typeof createTestDeps>>;
  let team: ReturnType<typeof createTeamHandler>;
  let visits: ReturnType<typeof createVisitsHandler>;
  let admin: ReturnType<typeof createAdminHandler>;
  // X: A1's customers, Y: A2's, Z: A3's.
  const orphans = [...customers('A0', 5, 'X-'), ...customers('A0', 2, 'Y-'), ...customers('A0', 1, 'Z-')];
  const agentOf = (id: string) => (id.startsWith('X') ? 'A1' : id.startsWith('Y') ? 'A2' : 'A3');
  const visit = (customer: string, n: number) => `${customer}~A0~${n}`;
  const attempt = (as: { sub: string; role: string }, id: string, outcome = 'accepted') =>
    callRoute(visits, 'POST /visits/{id}/attempts', { as, params: { id }, body: { outcome } });
  const complete = (id: string, services: string[] = ['policyService'], sold = 'none') =>
    callRoute(visits, 'POST /visits/{id}/completion', { as: A1, params: { id }, body: { services, sold } });
  const metrics = async (query = '', caller = SUP1) => {
    const res = await callRoute(team, 'GET /team/metrics', { as: caller, query });
    expect(res.status).toBe(200);
    return res.body;
  };
  const agent = async (id: string, query = '') => (await metrics(query)).items.find((i: { agentId: string }) => i.agentId === id);
  const alerts = async (query = 'limit=50', caller = SUP1) => {
    const res = await callRoute(team, 'GET /team/alerts', { as: caller, query });
    expect(res.status).toBe(200);
    return res.body;
  };
  const at = (iso: string) => env.clock.set(new Date(iso), { allowBackwards: false });

  beforeAll(async () => {
    env = await createTestDeps({ now: '2026-11-23T02:00:00Z', config: { monthlyCap: 10 } });
    ({ admin } = await approveOrphans(env, orphans, (c) => agentOf(c.id)));
    visits = createVisitsHandler(env.deps);
    team = createTeamHandler(env.deps, { assets: () => ({ 'app.js': '', 'app.css': '' }), signIn: { mode: 'local' } });
  });

  describe('GET /team/metrics', () => {
    it('counts visits done by number, rating requests, health tests and maintenance as A1 works through X-001', async () => {
      for (const n of [1, 2, 3]) {
        expect((await attempt(A1, visit('X-001', n))).status).toBe(200);
        const services = n === 3 ? ['healthTest', 'proposal'] : ['policyService'];
        expect((await complete(visit('X-001', n), services)).status).toBe(200);
      }

      const a1 = await agent('A1');

      expect(a1).toMatchObject({ visitsDone: 3, visitsByNumber: { '1': 1, '2': 1, '3': 1 }, ratingRequests: 3, healthTests: 1, maintenance: 1 });
    });

    it('does not count a visit 3 done without the health test as a health test', async () => {
      await attempt(A1, visit('X-005', 1));
      await complete(visit('X-005', 1));
      await attempt(A1, visit('X-005', 2));
      await complete(visit('X-005', 2));
      await attempt(A1, visit('X-005', 3));
      await complete(visit('X-005', 3), ['newsletter']);

      const a1 = await agent('A1');

      expect(a1).toMatchObject({ visitsByNumber: { '1': 2, '2': 2, '3': 2 }, healthTests: 1, maintenance: 2, ratingRequests: 6 });
    });

    it('gives the reply rate as replies over requests, and null for an agent with no request', async () => {
      await drainOutbox(env.deps);
      const phone = orphans.find((c) => c.id === 'X-001')!.phone;
      const sms = (await env.deps.store.getSms([`rating.${visit('X-001', 3)}`]))[0]!;
      await handleInboundSms(env.deps, {
        originationNumber: phone,
        destinationNumber: '+12065550100',
        messageBody: '5',
        inboundMessageId: 'team-reply-1',
        previousPublishedMessageId: sms.providerMessageId,
      });

      const body = await metrics();
      const a1 = body.items.find((i: { agentId: string }) => i.agentId === 'A1');
      const a2 = body.items.find((i: { agentId: string }) => i.agentId === 'A2');

      expect(a1).toMatchObject({ ratingReplies: 1, ratingRequests: 6, replyRate: 0.167, averageRating: 5 });
      expect(a2).toMatchObject({ ratingRequests: 0, replyRate: null });
      expect(body.totals).toMatchObject({ ratingRequests: 6, ratingReplies: 1, replyRate: 0.167, healthTests: 1, visitsByNumber: { '1': 2, '2': 2, '3': 2 } });
    });

    it('counts a customer whose visit was closed unreachable until a later visit is done', async () => {
      for (let i = 0; i < 4; i++) await attempt(A1, visit('X-002', 1), 'noAnswer');
      const closed = await callRoute(visits, 'POST /visits/{id}/closure', { as: A1, params: { id: visit('X-002', 1) }, body: { reason: 'unreachable' } });
      expect(closed.status).toBe(200);

      const afterClosure = (await agent('A1')).unreachable;
      await attempt(A1, visit('X-002', 2));
      await complete(visit('X-002', 2));
      const afterVisit2 = (await agent('A1')).unreachable;

      expect([afterClosure, afterVisit2]).toEqual([1, 0]);
    });

    it('counts no late invitation within 5 days of approval, then A2 and A3’s uncalled customers from day 6', async () => {
      await attempt(A1, visit('X-003', 1));
      await attempt(A1, visit('X-004', 1));
      await complete(visit('X-004', 1)); // visit 2 opens, due 2027-01-08, nobody calls: a past-due alert later
      at('2026-11-28T15:00:00Z'); // 11-28 23:00 Shanghai: day 5
      const day5 = await metrics();
      at('2026-11-29T02:00:00Z'); // day 6
      const day6 = await metrics();

      const figures = (body: any, id: string) => {
        const i = body.items.find((x: { agentId: string }) => x.agentId === id);
        return [i.lateInvitations, i.neverContacted];
      };
      expect([figures(day5, 'A2'), figures(day5, 'A3')]).toEqual([
        [0, 0],
        [0, 0],
      ]);
      expect([figures(day6, 'A1'), figures(day6, 'A2'), figures(day6, 'A3')]).toEqual([
        [0, 0],
        [2, 0],
        [1, 0],
      ]);
      expect(day6.totals).toMatchObject({ lateInvitations: 3, neverContacted: 0 });
    });

    it('keeps November as it stood at its end once the month-end run has taken the snapshot', async () => {
      at('2026-12-01T00:30:00Z'); // 08:30 Shanghai on the 1st: the first sweep of December
      const sweep = (await runScheduledEvent(env.deps, { type: 'sweep' })) as { monthEnd?: string };
      at('2026-12-04T02:00:00Z'); // 11 days after approval
      await attempt(A2, visit('Y-001', 1));

      const november = await agent('A2', 'month=2026-11');
      const december = await agent('A2');
      const novemberBody = await metrics('month=2026-11');

      expect(sweep.monthEnd).toBe('2026-11');
      expect(novemberBody.stateAsOf).toBe('monthEnd');
      expect(november).toMatchObject({ lateInvitations: 2, neverContacted: 0, attempts: 0, assigned: 1 + 1 });
      expect(december).toMatchObject({ lateInvitations: 1, neverContacted: 1, attempts: 1, assigned: 0 });
      expect((await agent('A1', 'month=2026-11')).unreachable).toBe(0);
      expect((await agent('A1', 'month=2026-11')).maintenance).toBe(2);
    });

    it('takes the month-end snapshot once: a second run changes nothing', async () => {
      const second = await runScheduledEvent(env.deps, { type: 'sweep' });

      expect(second).not.toHaveProperty('monthEnd');
      expect((await agent('A2', 'month=2026-11')).lateInvitations).toBe(2);
    });

    it('shows a departed agent in the month they left and not after, with no state left', async () => {
      const departed = await callRoute(admin, 'POST /admin/staff/{id}/departure', { as: ADMIN, params: { id: 'A3' } });
      expect(departed.status).toBe(200);

      const december = await metrics();
      const january = await metrics('month=2027-01');

      expect(december.items.find((i: { agentId: string }) => i.agentId === 'A3')).toMatchObject({ lateInvitations: 0, neverContacted: 0 });
      expect(january.items.map((i: { agentId: string }) => i.agentId)).not.toContain('A3');
      expect(january.stateAsOf).toBeNull();
    });

    it('returns 400 naming month for a malformed month', async () => {
      const res = await callRoute(team, 'GET /team/metrics', { as: SUP1, query: 'month=2026-13' });

      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^month/);
    });
  });

  describe('GET /team/alerts', () => {
    it('lists the customers behind the late and never-contacted figures with agent and age, newest first', async () => {
      at('2026-12-04T03:00:00Z');

      const body = await alerts();
      const invitations = body.items.filter((a: { kind: string }) => a.kind === 'neverContacted' || a.kind === 'lateInvitation');

      expect(invitations).toEqual([expect.objectContaining({ kind: 'neverContacted', customerId: 'Y-002', agentId: 'A2', ageDays: 11, visitNumber: 1 })]);
      const sinces = body.items.map((a: { since: string }) => a.since);
      expect(sinces).toEqual([...sinces].sort().reverse());
      expect(body).not.toHaveProperty('next');
    });

    it('lists the assignments overdue after A3 left, owned by the supervisor', async () => {
      at('2026-12-10T02:00:00Z'); // past the departure deadline (5 days)
      await runScheduledEvent(env.deps, { type: 'sweep' });

      const body = await alerts();

      expect(body.items).toContainEqual(
        expect.objectContaining({ kind: 'overdueAssignment', customerId: 'Z-001', ownerId: 'SUP1', agentId: null, ageDays: 1 }),
      );
    });

    it('lists an open visit 2 past its due day with no attempt, and a reply nobody could file', async () => {
      at('2027-01-10T02:00:00Z');
      const phone = orphans.find((c) => c.id === 'X-003')!.phone;
      await handleInboundSms(env.deps, {
        originationNumber: phone,
        destinationNumber: '+12065550100',
        messageBody: '你们是谁',
        inboundMessageId: 'team-unknown-1',
      });

      const body = await alerts();

      expect(body.items).toContainEqual(expect.objectContaining({ kind: 'visitPastDue', customerId: 'X-004', agentId: 'A1', visitNumber: 2, ageDays: 2 }));
      expect(body.items[0]).toMatchObject({ kind: 'unmatchedReply', customerId: 'X-003', agentId: 'A1', ageDays: 0 });
    });

    it('pages through the same alerts one at a time, with no next on the last page', async () => {
      const all = (await alerts('limit=50')).items;
      const paged: unknown[] = [];
      let next: string | undefined;
      let pages = 0;
      do {
        const page = await alerts(`limit=1${next ? `&next=${encodeURIComponent(next)}` : ''}`);
        paged.push(...page.items);
        next = page.next;
        pages++;
      } while (next && pages < 50);

      expect(all.length).toBeGreaterThanOrEqual(4);
      expect(paged).toEqual(all);
      expect(pages).toBe(all.length);
    });

    it('shows a district manager the district’s alerts, and refuses an agent', async () => {
      const district = await alerts('limit=50', DM1);
      const refused = await callRoute(team, 'GET /team/alerts', { as: A1 });

      expect(district.items.length).toBeGreaterThanOrEqual((await alerts()).items.length);
      expect(refused.status).toBe(403);
    });

    it('returns 400 for a cursor it did not make', async () => {
      const res = await callRoute(team, 'GET /team/alerts', { as: SUP1, query: 'next=not-a-cursor' });

      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^next/);
    });
  });

  describe('GET /assignments/export', () => {
    const rowsOf = (csv: string) => parse<Record<string, string>>(csv, { bom: true, columns: true, skip_empty_lines: true });
    const listAll = async (caller: { sub: string; role: string }, state?: string) => {
      const chain = createAssignmentsHandler(env.deps);
      const items: Record<string, unknown>[] = [];
      let next: string | undefined;
      do {
        const page = await callRoute(chain, 'GET /assignments', {
          as: caller,
          query: [state ? `state=${state}` : '', 'limit=2', next ? `next=${encodeURIComponent(next)}` : ''].filter(Boolean).join('&'),
        });
        items.push(...page.body.items);
        next = page.body.next;
      } while (next);
      return items;
    };

    it('answers a CSV with a BOM and Chinese headers whose rows equal GET /assignments for the same scope', async () => {
      const res = await callRoute(team, 'GET /assignments/export', { as: SUP1, query: 'format=csv' });
      const listed = await listAll(SUP1);

      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toContain('attachment; filename="assignments.csv"');
      expect(res.text.charCodeAt(0)).toBe(0xfeff);
      const rows = rowsOf(res.text);
      expect(Object.keys(rows[0]!)).toEqual(EXPORT_COLUMNS.map(([h]) => h));
      const fieldOf = Object.fromEntries(EXPORT_COLUMNS.map(([h, f]) => [f, h]));
      expect(
        rows.map((r) => ({
          id: r[fieldOf.id!],
          customerId: r[fieldOf.customerId!],
          customerName: r[fieldOf.customerName!],
          state: r[fieldOf.state!],
          ownerId: r[fieldOf.ownerId!],
          agentId: r[fieldOf.agentId!] || undefined,
          departedAgentId: r[fieldOf.departedAgentId!],
          region: r[fieldOf.region!],
          deadline: r[fieldOf.deadline!],
        })),
      ).toEqual(listed.map((a) => ({ ...a, agentId: a.agentId ?? undefined })));
      expect(rows.length).toBe(orphans.length + 1); // A3's customer Z-001 orphaned again
      expect(rows.some((r) => r[fieldOf.customerName!] === '客户1')).toBe(true);
    });

    it('filters by state and month the same way, and a district manager gets the district', async () => {
      const approved = rowsOf((await callRoute(team, 'GET /assignments/export', { as: DM1, query: 'state=approved&month=2026-11' })).text);
      const listed = await listAll(DM1, 'approved');
      const none = rowsOf((await callRoute(team, 'GET /assignments/export', { as: DM1, query: 'state=approved&month=2026-10' })).text);

      expect(approved.map((r) => r['分配编号'])).toEqual(listed.map((a) => a.id));
      expect(approved.every((r) => r['状态'] === 'approved' && r['批准时间'] !== '')).toBe(true);
      expect(none).toEqual([]);
    });

    it('turns an export over the row limit into a background export in parts the caller fetches when ready', async () => {
      const answer = await exportAssignments(env.deps, DM1, { format: 'csv' }, 4);
      expect(answer).toHaveProperty('job');
      const id = (answer as { job: { id: string } }).job.id;
      const pending = await callRoute(team, 'GET /assignments/exports/{id}', { as: DM1, params: { id } });

      await env.scheduler.runDue((event) => runScheduledEvent(env.deps, event).then(() => undefined));
      const ready = await callRoute(team, 'GET /assignments/exports/{id}', { as: DM1, params: { id } });
      const parts = await Promise.all(
        (ready.body.files as string[]).map((_f, i) => callRoute(team, 'GET /assignments/exports/{id}', { as: DM1, params: { id }, query: `part=${i + 1}` })),
      );
      const other = await callRoute(team, 'GET /assignments/exports/{id}', { as: SUP1, params: { id } });

      expect(pending.body.status).toBe('pending');
      expect(ready.body).toMatchObject({ status: 'ready', rows: orphans.length + 1, parts: 3 });
      const rows = parts.flatMap((p) => rowsOf(p.text));
      expect(rows.map((r) => r['分配编号'])).toEqual((await listAll(DM1)).map((a) => a.id));
      expect(parts.every((p) => p.text.charCodeAt(0) === 0xfeff)).toBe(true);
      expect(other.status).toBe(404);
      expect(await runAssignmentExport(env.deps, id)).toBeUndefined(); // a repeated run changes nothing
    });

    it('refuses an agent', async () => {
      expect((await callRoute(team, 'GET /assignments/export', { as: A2 })).status).toBe(403);
    });
  });
});

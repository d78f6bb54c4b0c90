import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomersHandler } from '../../functions/http/customers.js';
import { createFileHandler } from '../../functions/http/file.js';
import { createInboundSmsHandler } from '../../functions/inbound-sms.js';
import { createVisitsHandler } from '../../functions/http/visits.js';
import type { createAdminHandler } from '../../functions/http/admin.js';
import { historyItem } from '../../lib/adapters/dynamodb/file-store.js';
import { batchPut } from '../../lib/adapters/dynamodb/operations.js';
import type { CustomerInput } from '../../lib/domain/customer.js';
import { historyEntry } from '../../lib/domain/history.js';
import { resegmentDue } from '../../lib/use-cases/care/file-daily.js';
import { drainOutbox } from '../../lib/use-cases/outbox/drain-outbox.js';
import { snsEvent } from '../../local/runtime.js';
import { approveOrphans } from '../support/chain.js';
import { createTestDeps } from '../support/deps.js';
import { ADMIN, as, customers } from '../support/fixtures.js';
import { callRoute } from '../support/http.js';

// The customer file on DynamoDB Local: history kept out of the hot reads and paged newest first,
// every quadrant transition with its reason, the manual assessment rule, evidence leaving the
// window, experiences, sources and the referral chain.

const A1 = as('A1', 'agent');

describe('customer file (DynamoDB Local)', () => {
  let env: Awaited<ReturnType<typeof createTestDeps>>;
  let admin: ReturnType<typeof createAdminHandler>;
  let read: ReturnType<typeof createCustomersHandler>;
  let write: ReturnType<typeof createFileHandler>;
  let visits: ReturnType<typeof createVisitsHandler>;
  let inbound: ReturnType<typeof createInboundSmsHandler>;
  const orphans = customers('A0', 4, 'O-');
  const [heavy, light, evidence, manual] = orphans as [CustomerInput, CustomerInput, CustomerInput, CustomerInput];
  const v = (c: CustomerInput, n: number) => `${c.id}~A0~${n}`;
  let n = 0;
  const reply = async (from: string, body: string, inReplyTo?: string) => {
    const out = await inbound(
      snsEvent(
        { originationNumber: from, destinationNumber: '+1', messageBody: body, inboundMessageId: `in-${++n}`, previousPublishedMessageId: inReplyTo ?? null },
        env.clock.now(),
      ),
    );
    return out.results[0];
  };
  const get = async (id: string, caller: { sub: string; role: string } = ADMIN) =>
    (await callRoute(read, 'GET /customers/{id}', { as: caller, params: { id } })).body;
  const history = async (id: string, query = 'limit=100') => (await callRoute(read, 'GET /customers/{id}/history', { as: ADMIN, params: { id }, query })).body;
  const quadrantChanges = async (id: string) =>
    ((await history(id)).items as { kind: string; data: { before: string; after: string; reason: string } }[])
      .filter((e) => e.kind === 'quadrant')
      .map((e) => e.data);
  /** The clock moves on a second: entries of separate steps get separate instants. */
  const later = () => env.clock.set(new Date(env.clock.now().getTime() + 1000));
  const upload = (rows: unknown[]) => callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: rows });
  const attempt = (c: CustomerInput, k: number, outcome: string) =>
    callRoute(visits, 'POST /visits/{id}/attempts', { as: A1, params: { id: v(c, k) }, body: { outcome } });
  const complete = (c: CustomerInput, k: number, sold = 'none') =>
    callRoute(visits, 'POST /visits/{id}/completion', { as: A1, params: { id: v(c, k) }, body: { services: ['policyService'], sold } });

  beforeAll(async () => {
    env = await createTestDeps({ now: '2027-01-04T02:00:00Z', config: { monthlyCap: 20 } });
    ({ admin } = await approveOrphans(env, orphans, () => 'A1'));
    read = createCustomersHandler(env.deps);
    write = createFileHandler(env.deps);
    visits = createVisitsHandler(env.deps);
    inbound = createInboundSmsHandler(env.deps);
    await drainOutbox(env.deps);
  });

  describe('history', () => {
    it('costs the hot paths nothing when a customer has ten years of history: same requests and items as a customer without', async () => {
      // Arrange: ten years of care (8 SMS a month, with their entries: 960, plus the odd contact) on one customer only.
      const entries = Array.from({ length: 1200 }, (_, i) =>
        historyItem(historyEntry(heavy.id, new Date(Date.UTC(2017, 0, 1) + i * 3 * 86_400_000).toISOString(), 'careSms', 'foster', `care SMS ${i}`)),
      );
      await batchPut(env.client, env.tableName, entries);
      let itemsRead = 0;
      env.client.middlewareStack.add(
        (next) => async (args) => {
          const out = await next(args);
          const body = out.output as { Count?: number; Responses?: Record<string, unknown[]> };
          itemsRead += (body.Count ?? 0) + Object.values(body.Responses ?? {}).reduce((a, r) => a + r.length, 0);
          return out;
        },
        { step: 'initialize', name: 'itemCounter' },
      );
      const cost = async (act: () => Promise<unknown>) => {
        env.counter.reset();
        itemsRead = 0;
        await act();
        return { requests: { ...env.counter.byCommand }, itemsRead };
      };
      const paths = async (c: CustomerInput) => {
        const read1 = await cost(() => callRoute(read, 'GET /customers/{id}', { as: A1, params: { id: c.id } }));
        const tried = await cost(() => attempt(c, 1, 'accepted'));
        const done = await cost(() => complete(c, 1));
        await drainOutbox(env.deps);
        const pid = (await env.deps.store.getSms([`rating.${v(c, 1)}`]))[0]!.providerMessageId!;
        const byId = await cost(() => reply(c.phone, '5', pid));
        const byPhone = await cost(() => reply(c.phone, '好的谢谢'));
        return { read1, tried, done, byId, byPhone };
      };

      // Act
      const withHistory = await paths(heavy);
      const without = await paths(light);

      // Assert
      expect(withHistory).toEqual(without);
      expect(withHistory.read1.requests).toEqual({ Query: 1 });
      expect((await history(heavy.id, 'limit=1')).items[0].kind).not.toBe('careSms'); // the newest entry is today's, not 2026's
    }, 180_000);

    it('pages the history newest first, and the last page has no next', async () => {
      const pages: { items: { at: string; id: string }[]; next?: string }[] = [];
      let next: string | undefined;
      do {
        const page = await history(light.id, `limit=2${next ? `&next=${next}` : ''}`);
        pages.push(page);
        next = page.next;
      } while (next);
      const all = pages.flatMap((p) => p.items);
      const whole = (await history(light.id)).items;

      expect(all.map((e) => e.id)).toEqual(whole.map((e: { id: string }) => e.id));
      expect([...all.map((e) => e.at)].sort().reverse()).toEqual(all.map((e) => e.at));
      expect(pages[pages.length - 1]!.next).toBeUndefined();
      expect(whole.map((e: { kind: string }) => e.kind)).toEqual(
        expect.arrayContaining(['fileOpened', 'agentChange', 'attempt', 'visitDone', 'rating', 'reply']),
      );
    });

    it("refuses another customer's cursor and a customer outside the caller's scope", async () => {
      const page = await history(heavy.id, 'limit=1');

      const res = await callRoute(read, 'GET /customers/{id}/history', { as: ADMIN, params: { id: light.id }, query: `limit=1&next=${page.next}` });
      const other = await callRoute(read, 'GET /customers/{id}/history', { as: as('A2', 'agent'), params: { id: light.id } });

      expect(res.body.items[0].id).not.toBe(page.items[0].id);
      expect(other.status).toBe(403);
    });
  });

  describe('segmentation', () => {
    it('moves a customer through the quadrants on evidence, each change a history entry with before, after and the reason', async () => {
      // develop -> maintain: an accepted invitation, a visit with a sale (harvest) and a rating 5.
      later();
      await attempt(evidence, 1, 'accepted');
      await complete(evidence, 1, 'life');
      await drainOutbox(env.deps);
      const pid = (await env.deps.store.getSms([`rating.${v(evidence, 1)}`]))[0]!.providerMessageId!;
      await reply(evidence.phone, '5分', pid);
      later();
      // maintain -> pamper: the core system sends a bigger policy.
      await upload([
        { ...evidence, policies: [...evidence.policies, { id: 'BIG', product: '平安福', kind: 'life', annualPremium: 9000, issuedOn: '2026-12-20' }] },
      ]);
      later();
      // pamper -> cultivate: the customer opts out (R, the mainland unsubscribe reply).
      await reply(evidence.phone, 'R');
      later();
      // cultivate -> develop: the premium goes back under the threshold.
      await upload([evidence]);

      const changes = await quadrantChanges(evidence.id);

      expect(changes.map((c) => `${c.before}->${c.after}`).reverse()).toEqual([
        'null->develop',
        'develop->maintain',
        'maintain->pamper',
        'pamper->cultivate',
        'cultivate->develop',
      ]);
      const [toDevelop, toCultivate, toPamper, toMaintain] = changes;
      expect(toMaintain!.reason).toContain('1 visit done, 1 sale (harvest) and 1 invitation accepted');
      expect(toPamper!.reason).toContain('ability high: total annual premium 12,000 reaches 10,000');
      expect(toCultivate!.reason).toContain('willingness low: opted out of texts on 2027-01-04');
      expect(toDevelop!.reason).toContain('ability low: total annual premium 3,000 under 10,000');
      expect((await get(evidence.id)).segment).toMatchObject({ quadrant: 'develop', ability: 'low', willingness: 'low' });
    });

    it('records every one of the twelve transitions between quadrants with its reason', async () => {
      const levels = { develop: ['low', 'low'], maintain: ['low', 'high'], cultivate: ['high', 'low'], pamper: ['high', 'high'] } as const;
      const names = Object.keys(levels) as (keyof typeof levels)[];
      const pairs = names.flatMap((from) => names.filter((to) => to !== from).map((to) => [from, to] as const));
      const people = customers('A1', pairs.length, 'Q-');
      await upload(people);

      for (const [i, [from, to]] of pairs.entries()) {
        const id = people[i]!.id;
        const assess = (q: keyof typeof levels) =>
          callRoute(write, 'POST /customers/{id}/assessment', {
            as: A1,
            params: { id },
            body: { ability: levels[q][0], willingness: levels[q][1], evidence: `judged ${q}` },
          });
        await assess(from);
        env.clock.set(new Date(env.clock.now().getTime() + 1000));
        const res = await assess(to);

        const last = (await quadrantChanges(id))[0]!;
        expect(res.status).toBe(200);
        expect(last).toMatchObject({ before: from, after: to });
        expect(last.reason).toContain(`assessed by A1`);
        expect(last.reason).toContain(`(judged ${to})`);
      }
    });

    it('lets a manual assessment win until newer evidence on its own reaches the other side', async () => {
      const assessed = await callRoute(write, 'POST /customers/{id}/assessment', {
        as: A1,
        params: { id: manual.id },
        body: { willingness: 'high', evidence: 'knows the family' },
      });
      env.clock.set(new Date(env.clock.now().getTime() + 60_000)); // the evidence comes after the assessment
      await attempt(manual, 1, 'refused');
      await attempt(manual, 1, 'refused');
      const stillHigh = (await get(manual.id)).segment;
      await attempt(manual, 1, 'refused');
      const after = await get(manual.id);

      expect(assessed.body.segment).toMatchObject({ quadrant: 'maintain', willingness: 'high' });
      expect(stillHigh).toMatchObject({ willingness: 'high' });
      expect(after.segment).toMatchObject({ quadrant: 'develop', willingness: 'low' });
      expect(after.segment.reason).toContain('willingness assessment "high"');
      expect(after.segment.reason).toContain('contradicted by newer evidence');
    });

    it('lets a manager in scope assess, and refuses an agent of another team, an admin and an empty assessment', async () => {
      const by = (caller: { sub: string; role: string }, body: unknown = { ability: 'high', evidence: 'owns two flats' }) =>
        callRoute(write, 'POST /customers/{id}/assessment', { as: caller, params: { id: light.id }, body });

      expect((await by(as('SUP1', 'supervisor'))).status).toBe(200);
      expect((await by(as('A2', 'agent'))).status).toBe(403);
      expect((await by(ADMIN)).status).toBe(403);
      expect((await by(A1, { evidence: 'nothing' })).status).toBe(400);
    });

    it('re-evaluates from the day bucket when the evidence leaves the window (maintain -> develop)', async () => {
      const [late] = customers('A1', 1, 'WIN-');
      await upload([late]);
      await callRoute(write, 'POST /customers/{id}/referrals', { as: A1, params: { id: late!.id }, body: { name: '转介绍', phone: '+8613600009999' } });
      await callRoute(write, 'POST /customers/{id}/experiences', { as: A1, params: { id: late!.id }, body: { experience: 'regularVisit' } });
      const before = (await get(late!.id)).segment.quadrant;
      env.counter.reset();

      env.clock.set(new Date('2027-04-05T02:00:00Z')); // 91 days after the referral
      const result = await resegmentDue(env.deps);
      const after = await get(late!.id);

      expect(before).toBe('maintain');
      expect(result.changed).toBeGreaterThanOrEqual(1);
      expect(after.segment).toMatchObject({ quadrant: 'develop' });
      expect(after.segment.reason).toContain('no relationship signals in the last 90 days');
      expect(env.counter.byCommand.Scan).toBeUndefined();
    });
  });

  describe('experiences', () => {
    it('serves the matrix and records an experience given by the customer’s agent only', async () => {
      later();
      const matrix = await callRoute(read, 'GET /experiences', { as: as('A2', 'agent') });
      const given = await callRoute(write, 'POST /customers/{id}/experiences', {
        as: A1,
        params: { id: light.id },
        body: { experience: 'generalEvent', note: '客户答谢会' },
      });
      const stranger = await callRoute(write, 'POST /customers/{id}/experiences', {
        as: as('A2', 'agent'),
        params: { id: light.id },
        body: { experience: 'routine' },
      });
      const bad = await callRoute(write, 'POST /customers/{id}/experiences', { as: A1, params: { id: light.id }, body: { experience: 'yacht' } });

      expect(matrix.body.experiences).toHaveLength(6);
      expect(matrix.body.quadrants.find((q: { quadrant: string }) => q.quadrant === 'maintain').marks.generalEvent).toBe('strategic');
      expect(given.status).toBe(201);
      expect((await history(light.id, 'limit=1')).items[0]).toMatchObject({ kind: 'experience', by: 'A1', data: { experience: 'generalEvent' } });
      expect(stranger.status).toBe(403);
      expect(bad.status).toBe(400);
    });
  });

  describe('customer view', () => {
    it('shows segment, next actions ordered by what the quadrant values, care figures, optedOut, referrals and source', async () => {
      const body = await get(light.id, A1);

      expect(body.segment).toMatchObject({ quadrant: expect.any(String), reason: expect.stringContaining('willingness') });
      expect(body.nextActions[0].mark).toBe('strategic');
      expect(body.care).toMatchObject({ perWeek: expect.any(Number), sentThisWeek: 0, sentThisMonth: 0 });
      expect(body.optedOut).toBe(false);
      expect(body.referrals).toEqual({ referred: [] });
      expect(body.source).toBe('orphan');
      expect(body).toMatchObject({ id: light.id, visits: expect.any(Array), status: 'active' });
    });
  });

  describe('referrals', () => {
    it('builds a chain three deep on both sides, with history on each and a willingness signal for the referrer', async () => {
      const [a, b] = customers('A1', 2, 'CH-');
      await upload([a, b]);
      const refer = (id: string, body: unknown) => callRoute(write, 'POST /customers/{id}/referrals', { as: A1, params: { id }, body });

      const ab = await refer(a!.id, { customerId: b!.id });
      const bc = await refer(b!.id, { name: '张三', phone: '+8613600000001', region: '南山区' });
      const cd = await refer(bc.body.id, { name: '李四', phone: '+8613600000002' });
      const tree = await callRoute(read, 'GET /customers/{id}/referrals', { as: A1, params: { id: a!.id } });
      const shallow = await callRoute(read, 'GET /customers/{id}/referrals', { as: A1, params: { id: a!.id }, query: 'depth=2' });
      const leaf = await callRoute(read, 'GET /customers/{id}/referrals', { as: A1, params: { id: cd.body.id } });

      expect([ab.status, bc.status, cd.status]).toEqual([201, 201, 201]);
      expect(tree.body).toEqual({
        id: a!.id,
        depth: 3,
        referred: [{ id: b!.id, name: b!.name, referred: [{ id: bc.body.id, name: '张三', referred: [{ id: cd.body.id, name: '李四', referred: [] }] }] }],
      });
      expect(shallow.body.referred[0].referred[0].referred).toEqual([]);
      expect(leaf.body.referredBy).toEqual({ id: bc.body.id, name: '张三' });
      const prospect = await get(bc.body.id);
      expect(prospect).toMatchObject({ agentId: 'A1', source: 'referral', region: '南山区', referrals: { referredBy: b!.id, referred: [cd.body.id] } });
      expect((await history(a!.id)).items.map((e: { kind: string }) => e.kind)).toContain('referral');
      expect((await history(b!.id)).items.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['referral', 'referredBy']));
      expect((await get(a!.id)).segment.reason).toContain('1 referral given');
    });

    it('refuses a cycle, a second referrer, a self-referral and a known phone', async () => {
      const [x, y] = customers('A1', 2, 'CY-');
      await upload([x, y]);
      const refer = (id: string, body: unknown) => callRoute(write, 'POST /customers/{id}/referrals', { as: A1, params: { id }, body });
      await refer(x!.id, { customerId: y!.id });

      expect((await refer(y!.id, { customerId: x!.id })).body.error.code).toBe('REFERRAL_CYCLE');
      expect((await refer(light.id, { customerId: y!.id })).body.error.code).toBe('ALREADY_REFERRED');
      expect((await refer(x!.id, { customerId: x!.id })).body.error.code).toBe('SELF_REFERRAL');
      expect((await refer(x!.id, { name: '重复', phone: y!.phone })).body.error.code).toBe('ALREADY_A_CUSTOMER');
    });

    it('updates the prospect file when a later upload brings the same phone, instead of making a second customer', async () => {
      const [ref] = customers('A1', 1, 'UP-');
      await upload([ref]);
      const created = await callRoute(write, 'POST /customers/{id}/referrals', {
        as: A1,
        params: { id: ref!.id },
        body: { name: '王五', phone: '+8613600000077' },
      });
      const row = {
        id: 'CORE-777',
        name: '王五',
        phone: '136 0000 0077',
        region: '福田区',
        agentId: 'A1',
        policies: [{ id: 'P777', product: '平安福', kind: 'life', annualPremium: 5000, issuedOn: '2027-01-03' }],
      };

      const first = await upload([row]);
      const second = await upload([{ ...row, name: '王五五' }]);
      const prospect = await get(created.body.id);

      expect(first.body).toMatchObject({ upserted: 1, merged: 1 });
      expect(second.body.merged).toBeUndefined();
      expect(prospect).toMatchObject({ name: '王五五', source: 'referral', policies: [{ id: 'P777' }], referrals: { referredBy: ref!.id } });
      expect((await callRoute(read, 'GET /customers/{id}', { as: ADMIN, params: { id: 'CORE-777' } })).status).toBe(404);
      expect(await env.deps.store.customersByPhone('+8613600000077')).toHaveLength(1);
    });
  });

  describe('sources', () => {
    it('keeps an uploaded source and gives orphans "orphan"', async () => {
      const [bank] = customers('A1', 1, 'SRC-');
      await upload([{ ...bank, source: 'bank' }]);

      expect((await get(bank!.id)).source).toBe('bank');
      expect((await get(heavy.id)).source).toBe('orphan');
      expect((await upload([{ ...bank, source: 'pawnshop' }])).status).toBe(400);
    });
  });
  describe('programme end', () => {
    it('ends the programme on a sale at visit 2: harvest in the history, the file in maintenance, the farm takes over', async () => {
      // Arrange: a customer of its own, visit 1 done without a sale.
      const [buyer] = customers('A0', 1, 'BUY-');
      await approveOrphans(env, [buyer!], () => 'A1');
      const visit = (k: number) => `${buyer!.id}~A0~${k}`;
      await callRoute(visits, 'POST /visits/{id}/completion', { as: A1, params: { id: visit(1) }, body: { services: ['policyService'], sold: 'none' } });
      later();

      // Act: a life sale at visit 2 (visit 3 is cancelled: fidelity's path).
      const sale = await callRoute(visits, 'POST /visits/{id}/completion', {
        as: A1,
        params: { id: visit(2) },
        body: { services: ['needsAnalysis'], sold: 'life' },
      });
      const body = await get(buyer!.id);
      const kinds = ((await history(buyer!.id)).items as { kind: string; summary: string }[]).map((e) => e.kind);

      // Assert
      expect(sale.body).toMatchObject({ nextVisit: null, programmeEnded: { reason: 'soldAtVisit2' } });
      expect(body).toMatchObject({ status: 'maintenance', programmeEnded: { reason: 'soldAtVisit2' }, care: { active: true, nextOn: expect.any(String) } });
      expect(body.segment.reason).toContain('1 sale (harvest)');
      expect(kinds.slice(0, 4)).toEqual(expect.arrayContaining(['visitDone', 'sale', 'farm']));
      const file = (await env.deps.store.getCustomerFiles([buyer!.id])).get(buyer!.id)!.file!;
      expect(file).toMatchObject({ programme: 'ended', programmeEndReason: 'soldAtVisit2', agentId: 'A1' });
    });
  });
});

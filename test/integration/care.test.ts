import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomersHandler } from '../../functions/http/customers.js';
import { createInboundSmsHandler } from '../../functions/inbound-sms.js';
import type { createAdminHandler } from '../../functions/http/admin.js';
import { fileShard } from '../../lib/adapters/dynamodb/file-store.js';
import { weekOf } from '../../lib/domain/care.js';
import type { CustomerInput } from '../../lib/domain/customer.js';
import { standingOf } from '../../lib/domain/team.js';
import { addDays, atLocalTime, localDate } from '../../lib/domain/time.js';
import { planCare } from '../../lib/use-cases/care/plan-care.js';
import { drainOutbox } from '../../lib/use-cases/outbox/drain-outbox.js';
import { snsEvent } from '../../local/runtime.js';
import { approveOrphans } from '../support/chain.js';
import { createTestDeps } from '../support/deps.js';
import { ADMIN, customers } from '../support/fixtures.js';
import { callRoute } from '../support/http.js';

// Routine care SMS of the farm on DynamoDB Local, planned day by day from the day buckets: the
// weekly cap, the monthly floor, an occasion greeting, opt-out (before and after queuing), quiet
// hours, and none while a visit programme runs.

describe('care SMS (DynamoDB Local)', () => {
  let env: Awaited<ReturnType<typeof createTestDeps>>;
  let admin: ReturnType<typeof createAdminHandler>;
  let read: ReturnType<typeof createCustomersHandler>;
  const [orphan] = customers('A0', 1, 'ORPH-');
  const farmed = customers('A1', 5, 'FARM-').map((c) => ({ ...c, care: true }));
  const [develop, pamper, optOut, quiet, capped] = farmed as [CustomerInput, CustomerInput, CustomerInput, CustomerInput, CustomerInput];
  const shards = [...new Set([...farmed, orphan!].map((c) => fileShard(c.id)))];
  const careTo = (c: CustomerInput) => env.sms.sent().filter((m) => m.to === c.phone && m.body.includes('拒收请回复R'));
  const get = async (id: string) => (await callRoute(read, 'GET /customers/{id}', { as: ADMIN, params: { id } })).body;
  /** One day of the farm: the plan at 10:30 Shanghai, the sender at 11:45. */
  const runDay = async (day: string) => {
    env.clock.set(atLocalTime(day, 10, 30), { allowBackwards: true });
    const plan = await planCare(env.deps, { shards });
    env.clock.set(atLocalTime(day, 11, 45));
    await drainOutbox(env.deps);
    return plan;
  };
  const replyFrom = (c: CustomerInput, body: string) =>
    createInboundSmsHandler(env.deps)(
      snsEvent(
        { originationNumber: c.phone, destinationNumber: '+1', messageBody: body, inboundMessageId: `in-${c.id}-${body}`, previousPublishedMessageId: null },
        env.clock.now(),
      ),
    );

  beforeAll(async () => {
    env = await createTestDeps({ now: '2027-01-04T02:00:00Z' });
    ({ admin } = await approveOrphans(env, [{ ...orphan!, care: true }], () => 'A1'));
    read = createCustomersHandler(env.deps);
    const rich = { ...pamper, willingness: 'high', policies: [{ id: 'RICH', product: '平安福', kind: 'life', annualPremium: 30_000, issuedOn: '2020-03-01' }] };
    const res = await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: [develop, rich, optOut, quiet, capped] });
    expect(res.status).toBe(200);
    await drainOutbox(env.deps);
  });

  it('puts uploaded care customers in the farm at the cadence of their quadrant', async () => {
    const [d, p] = [await get(develop.id), await get(pamper.id)];

    expect(d.care).toMatchObject({ active: true, perWeek: 1.5, sentThisWeek: 0, nextOn: expect.any(String) });
    expect(p).toMatchObject({ quadrant: 'pamper', care: { active: true, perWeek: 2 } });
  });

  it('sends at most the weekly cap in every week and at least six (eight at 2 a week) in a full month, greeting the Spring Festival', async () => {
    for (let day = '2027-01-05'; day <= '2027-03-07'; day = addDays(day, 1)) await runDay(day);

    for (const [c, floor] of [
      [develop, 6],
      [pamper, 8],
    ] as const) {
      const days = careTo(c).map((m) => localDate(m.sentAt));
      const weeks = days.reduce((w, d) => w.set(weekOf(d), (w.get(weekOf(d)) ?? 0) + 1), new Map<string, number>());
      expect(Math.max(...weeks.values())).toBeLessThanOrEqual(2);
      expect(days.filter((d) => d.startsWith('2027-02')).length).toBeGreaterThanOrEqual(floor);
      expect(careTo(c).some((m) => m.body.includes('值此春节之际'))).toBe(true);
      expect(new Set(days).size).toBe(days.length);
    }
    expect((await get(develop.id)).care.sentThisMonth).toBeGreaterThan(0);
  }, 300_000);

  it('sends nothing while a visit programme runs, even to a customer the upload asked to care for', async () => {
    expect(careTo(orphan!)).toEqual([]);
    expect((await get(orphan!.id)).care).toMatchObject({ active: true, paused: true, nextOn: null });
  });

  it('suppresses a queued care SMS when the customer opts out before it goes, and plans none after', async () => {
    const day = (await get(optOut.id)).care.nextOn as string;
    env.clock.set(atLocalTime(day, 10, 30), { allowBackwards: true });
    const plan = await planCare(env.deps, { shards });
    const replied = await replyFrom(optOut, '退订');
    expect(replied.results[0]).toMatchObject({ outcome: 'optOut' });
    env.clock.set(atLocalTime(day, 11, 45));
    const drained = await drainOutbox(env.deps);
    const sentBefore = careTo(optOut).length;
    for (let d = addDays(day, 1); d <= addDays(day, 14); d = addDays(d, 1)) await runDay(d);
    const after = await get(optOut.id);

    expect(plan.queued).toBeGreaterThanOrEqual(1);
    expect(drained.suppressed).toBeGreaterThanOrEqual(1);
    expect(careTo(optOut)).toHaveLength(sentBefore);
    expect(after).toMatchObject({ optedOut: true, care: { nextOn: null }, segment: { willingness: 'low' } });
  }, 120_000);

  it('holds a care SMS planned in the quiet hours until 08:00', async () => {
    const day = (await get(quiet.id)).care.nextOn as string;
    const before = careTo(quiet).length;
    env.clock.set(atLocalTime(day, 22, 30)); // a late catch-up run of the plan
    await planCare(env.deps, { shards });
    env.clock.set(atLocalTime(day, 22, 45));
    await drainOutbox(env.deps);
    const atNight = careTo(quiet).length;
    env.clock.set(atLocalTime(addDays(day, 1), 8, 0));
    await drainOutbox(env.deps);

    expect(atNight).toBe(before);
    expect(careTo(quiet)).toHaveLength(before + 1);
    expect(careTo(quiet).at(-1)!.sentAt >= atLocalTime(addDays(day, 1), 8).toISOString()).toBe(true);
  });

  it('refuses a send over the hard weekly cap', async () => {
    const day = (await get(capped.id)).care.nextOn as string;
    const known = (await env.deps.store.getCustomerFiles([capped.id])).get(capped.id)!;
    const file = { ...known.file!, version: known.file!.version! + 1, care: { ...known.file!.care!, week: weekOf(day), sentThisWeek: 2 } };
    await env.deps.store.commitFiles([{ file, history: [], was: standingOf(known.file) }]);
    const before = careTo(capped).length;

    const plan = await runDay(day);

    expect(plan.capReached).toBe(1);
    expect(careTo(capped)).toHaveLength(before);
    expect((await get(capped.id)).care.nextOn > day).toBe(true);
  });

  it('plans from the day buckets with a few requests per customer and no Scan', async () => {
    const day = (await get(develop.id)).care.nextOn as string;
    env.clock.set(atLocalTime(day, 10, 30));
    env.counter.reset();

    const plan = await planCare(env.deps);

    expect(plan.queued).toBeGreaterThanOrEqual(1);
    expect(env.counter.byCommand.Scan).toBeUndefined();
    expect(env.counter.byCommand.Query).toBe(16); // one per shard
  });
});

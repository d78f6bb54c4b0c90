import { customerItem } from '../lib/adapters/dynamodb/store.js';
import { createSettableClock } from '../lib/adapters/local/clock.js';
import { createConfig } from '../lib/config.js';
import type { CustomerProfile } from '../lib/domain/customer.js';
import type { Caller } from '../lib/domain/scope.js';
import type { Staff } from '../lib/domain/staff.js';
import { approveAssignments } from '../lib/use-cases/assignment/approve-assignments.js';
import { autoPropose } from '../lib/use-cases/assignment/auto-propose.js';
import { reviewAssignments } from '../lib/use-cases/assignment/bulk-choose.js';
import { departAgent } from '../lib/use-cases/assignment/depart-agent.js';
import { listAssignments } from '../lib/use-cases/assignment/list-assignments.js';
import { drainOutbox } from '../lib/use-cases/outbox/drain-outbox.js';
import { mapConcurrent } from '../lib/util/map-concurrent.js';
import type { BenchReport, Figure } from './results.js';
import { chainDeps, commandMix, countingScheduler, fmt, rawBatchWriteRate, type startBench } from './support.js';

// A month of orphans through the whole chain with the bulk routes' use cases, at the default
// monthly cap: 75,000 orphans (or --orphans N) in bursts, the first one of 10,000 (a large agency:
// 8 agents of 1,250 customers each, so every departure there is a background job), the rest of
// 5,000 (20 agents of 250). Each departed agent's team has just enough agents to take their
// customers at the cap, so the organisation absorbs the month. Per burst: departures, the
// supervisors' automatic proposals, the department managers' list + bulk review (500 a call),
// the district managers' list + approval (500 a call), and sending the texts. Prints, per stage,
// DynamoDB requests, read and write capacity units per orphan, orphans/s and peak RSS, beside raw
// BatchWrite of the same DynamoDB Local.

const BIG_BURST = 10_000;
const BIG_DEPARTURE = 1_250;
const BURST = 5_000;
const DEPARTURE = 250;
const TEAMS_PER_DEPT = 10;
const DEPTS_PER_DISTRICT = 5;
const PAGE = 500;
const STAGES = ['departure', 'auto proposal', 'review', 'approval', 'texts sent'] as const;
type StageName = (typeof STAGES)[number];

/** Departure sizes, burst by burst, adding up to `orphans`. */
export function monthOfBursts(orphans: number): number[][] {
  const bursts: number[][] = [];
  const split = (total: number, size: number) => Array.from({ length: Math.ceil(total / size) }, (_, i) => Math.min(size, total - i * size));
  let left = orphans;
  const big = Math.min(BIG_BURST, left);
  bursts.push(split(big, BIG_DEPARTURE));
  left -= big;
  while (left > 0) {
    const n = Math.min(BURST, left);
    bursts.push(split(n, DEPARTURE));
    left -= n;
  }
  return bursts;
}

function person(id: string, fields: Partial<Staff>): Staff {
  const digits = Number(id.replace(/\D/g, '') || 0);
  return {
    id,
    name: id,
    phone: `+86137${String(digits + id.length * 1_000_000).padStart(8, '0')}`,
    role: 'agent',
    kind: 'formal',
    supervisorId: null,
    deptId: 'DEP0',
    districtId: 'D0',
    region: '福田区',
    joinedOn: '2026-06-01',
    status: 'active',
    ...fields,
  };
}

export async function benchMonth(bench: Awaited<ReturnType<typeof startBench>>, options: { orphans?: number } = {}): Promise<BenchReport> {
  const orphans = options.orphans ?? 75_000;
  const { tableName, store } = await bench.table();
  const config = createConfig();
  const cap = config.monthlyCap;
  const clock = createSettableClock({ start: new Date('2026-11-02T02:00:00Z'), frozen: true });
  const counted = countingScheduler(bench, tableName, clock);
  const { deps, jobs } = chainDeps({ store, clock, config, scheduler: counted.scheduler });

  // --- The organisation: one team per departure, sized to take its customers at the cap ---------
  const bursts = monthOfBursts(orphans);
  const departures = bursts.flat();
  const staff: Staff[] = [];
  const customers: CustomerProfile[] = [];
  const teams: { leaver: string; supervisor: string; deptId: string; districtId: string }[] = [];
  departures.forEach((size, t) => {
    const deptId = `DEP${Math.floor(t / TEAMS_PER_DEPT)}`;
    const districtId = `D${Math.floor(t / TEAMS_PER_DEPT / DEPTS_PER_DISTRICT)}`;
    const supervisor = `SUP${t}`;
    const leaver = `LEAVER${t}`;
    staff.push(person(supervisor, { role: 'supervisor', deptId, districtId }));
    staff.push(person(leaver, { supervisorId: supervisor, deptId, districtId, joinedOn: '2019-01-01' }));
    for (let a = 0; a < Math.ceil(size / cap); a++) staff.push(person(`AG${t}x${a}`, { supervisorId: supervisor, deptId, districtId }));
    for (let c = 0; c < size; c++) {
      const n = customers.length;
      customers.push({
        id: `C${String(n).padStart(6, '0')}`,
        name: `客户${n}`,
        phone: `+86139${String(n).padStart(8, '0')}`,
        region: '福田区',
        agentId: leaver,
        policies: [{ id: `P${n}`, product: '平安福', kind: 'life', annualPremium: 3000, issuedOn: '2026-01-15' }],
      });
    }
    teams.push({ leaver, supervisor, deptId, districtId });
  });
  const depts = [...new Set(teams.map((t) => t.deptId))];
  const districts = [...new Set(teams.map((t) => t.districtId))];
  for (const deptId of depts)
    staff.push(person(`MGR-${deptId}`, { role: 'deptManager', kind: 'manager', deptId, districtId: teams.find((t) => t.deptId === deptId)!.districtId }));
  for (const districtId of districts)
    staff.push(person(`DM-${districtId}`, { role: 'districtManager', kind: 'manager', deptId: `DEP-${districtId}`, districtId }));
  const agents = staff.filter((s) => s.id.startsWith('AG')).length;
  await store.putStaff(staff);
  await store.putCustomers(customers);
  const raw = await rawBatchWriteRate(bench, Math.min(orphans, 20_000), (i) => customerItem(customers[i]!));

  // --- The month, burst by burst -----------------------------------------------------------------
  type Totals = { seconds: number; requests: number; rcu: number; wcu: number; peakRss: number; units: number; byCommand: Record<string, number> };
  const totals = new Map<StageName, Totals>(STAGES.map((s) => [s, { seconds: 0, requests: 0, rcu: 0, wcu: 0, peakRss: 0, units: 0, byCommand: {} }]));
  let rss = 0;
  const sampler = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss)), 20);
  const stage = async (name: StageName, run: () => Promise<number | void>) => {
    bench.counter.reset();
    bench.capacity.reset();
    rss = process.memoryUsage().rss;
    const started = performance.now();
    const units = await run();
    const t = totals.get(name)!;
    t.seconds += (performance.now() - started) / 1000;
    t.requests += bench.counter.total();
    t.rcu += bench.capacity.read;
    t.wcu += bench.capacity.write;
    t.peakRss = Math.max(t.peakRss, rss, process.memoryUsage().rss);
    t.units += typeof units === 'number' ? units : 0;
    for (const [k, v] of Object.entries(bench.counter.byCommand)) t.byCommand[k] = (t.byCommand[k] ?? 0) + v;
  };
  const admin: Caller = { sub: 'ADMIN', role: 'admin' };
  const listAll = async (caller: Caller, state: string) => {
    const ids: string[] = [];
    let next: string | undefined;
    do {
      const page = await listAssignments(deps, caller, { state, limit: String(PAGE), ...(next ? { next } : {}) });
      ids.push(...page.items.map((a) => a.id));
      next = page.next;
    } while (next);
    return ids;
  };
  const chunks = <T>(list: T[]) => Array.from({ length: Math.ceil(list.length / PAGE) }, (_, i) => list.slice(i * PAGE, (i + 1) * PAGE));

  let teamIndex = 0;
  let unplaced = 0;
  let approved = 0;
  let failed = 0;
  for (const [b, burst] of bursts.entries()) {
    clock.set(new Date(Date.UTC(2026, 10, 2 + 2 * b, 2)));
    const inBurst = teams.slice(teamIndex, teamIndex + burst.length);
    teamIndex += burst.length;
    const burstDepts = [...new Set(inBurst.map((t) => t.deptId))];
    const burstDistricts = [...new Set(inBurst.map((t) => t.districtId))];

    await stage('departure', async () => {
      await mapConcurrent(inBurst, 4, (t) => departAgent(deps, admin, t.leaver));
      const errors = await jobs.idle();
      if (errors.length) throw errors[0];
    });
    await stage('auto proposal', async () => {
      const results = await mapConcurrent(inBurst, 4, (t) => autoPropose(deps, { sub: t.supervisor, role: 'supervisor' }, {}));
      unplaced += results.reduce((n, r) => n + r.unplaced.length, 0);
    });
    await stage('review', async () => {
      await mapConcurrent(burstDepts, 4, async (deptId) => {
        const caller: Caller = { sub: `MGR-${deptId}`, role: 'deptManager' };
        for (const ids of chunks(await listAll(caller, 'proposed'))) {
          const out = await reviewAssignments(deps, caller, { items: ids.map((id) => ({ id, decision: 'accept' })) });
          failed += out.failed.length;
        }
      });
    });
    await stage('approval', async () => {
      await mapConcurrent(burstDistricts, 4, async (districtId) => {
        const caller: Caller = { sub: `DM-${districtId}`, role: 'districtManager' };
        for (const ids of chunks(await listAll(caller, 'reviewed'))) {
          const out = await approveAssignments(deps, caller, { ids });
          approved += out.approved.length;
          failed += out.failed.length;
        }
      });
    });
    await stage('texts sent', async () => {
      let sent = 0;
      for (;;) {
        const out = await drainOutbox(deps, { limit: 1000 });
        if (out.sent === 0) break;
        sent += out.sent;
      }
      return sent;
    });
  }
  clearInterval(sampler);
  counted.close();

  // --- Figures -------------------------------------------------------------------------------------
  const texts = totals.get('texts sent')!.units;
  const line = (name: string, t: Totals, per: number, unit: string) =>
    `  ${name.padEnd(13)} ${fmt(t.seconds, 1).padStart(7)} s ${fmt(per / t.seconds).padStart(6)} ${unit}/s  ` +
    `${fmt(t.requests / per, 3)} req/${unit}  ${fmt(t.rcu / per, 2)} RCU + ${fmt(t.wcu / per, 2)} WCU/${unit}  ` +
    `peak RSS ${fmt(t.peakRss / 1024 / 1024)} MB  ${JSON.stringify(Object.fromEntries(Object.entries(t.byCommand).map(([k, v]) => [k, v])))}`;
  console.log(
    `month: ${fmt(orphans)} orphans in ${bursts.length} bursts (${bursts.map((b) => fmt(b.reduce((x, y) => x + y, 0))).join(', ')}), ${fmt(departures.length)} departures ` +
      `(${fmt(departures.filter((d) => d >= config.asyncDepartureThreshold).length)} as background jobs), monthly cap ${cap}`,
  );
  console.log(
    `  organisation: ${fmt(staff.length)} staff (${fmt(agents)} agents who may receive orphans = ${fmt(agents * cap)} a month at the cap, ` +
      `${fmt(teams.length)} teams, ${fmt(depts.length)} departments, ${fmt(districts.length)} districts), ${fmt(customers.length)} customers`,
  );
  console.log(`  outcome: ${fmt(approved)} approved, ${fmt(unplaced)} left unplaced, ${fmt(failed)} failed items, ${fmt(texts)} texts sent`);
  for (const name of STAGES) {
    const t = totals.get(name)!;
    console.log(name === 'texts sent' ? line(name, t, texts, 'SMS') : line(name, t, orphans, 'orphan'));
  }
  const chain = STAGES.filter((s) => s !== 'texts sent').map((s) => totals.get(s)!);
  const sum = (f: (t: Totals) => number) => chain.reduce((n, t) => n + f(t), 0);
  const sending = totals.get('texts sent')!;
  console.log(
    `  chain without sending: ${fmt(sum((t) => t.requests) / orphans, 3)} DynamoDB requests/orphan (budget 1.0), ` +
      `${fmt(sum((t) => t.rcu) / orphans, 2)} RCU + ${fmt(sum((t) => t.wcu) / orphans, 2)} WCU/orphan, ${fmt(orphans / sum((t) => t.seconds))} orphans/s; ` +
      `with sending: ${fmt((sum((t) => t.requests) + sending.requests) / orphans, 3)} requests/orphan`,
  );
  console.log(
    `  scheduler calls: ${fmt(counted.calls())} (${fmt(counted.calls() / orphans, 4)}/orphan: one deadline day per departure); ` +
      `raw BatchWrite of the same DynamoDB Local: ${fmt(raw)} items/s`,
  );

  const reference = { name: 'raw BatchWrite of the same customers', value: raw, unit: 'items/s' };
  const figures: Figure[] = STAGES.flatMap((name): Figure[] => {
    const t = totals.get(name)!;
    const [per, unit, rate] = name === 'texts sent' ? [texts, 'SMS', 'SMS/s'] : [orphans, 'orphan', 'orphans/s'];
    return [
      { name: `${name}: throughput`, value: per / t.seconds, unit: rate, reference, detail: `${fmt(t.seconds, 1)} s` },
      { name: `${name}: DynamoDB requests per ${unit}`, value: t.requests / per, unit: 'requests', digits: 3, detail: commandMix(t.byCommand) },
      {
        name: `${name}: capacity units per ${unit}`,
        value: (t.rcu + t.wcu) / per,
        unit: 'RCU + WCU',
        digits: 2,
        detail: `${fmt(t.rcu / per, 2)} RCU + ${fmt(t.wcu / per, 2)} WCU`,
      },
      { name: `${name}: peak RSS`, value: t.peakRss / 1024 / 1024, unit: 'MB' },
    ];
  });
  figures.push(
    {
      name: 'chain without sending: throughput',
      value: orphans / sum((t) => t.seconds),
      unit: 'orphans/s',
      reference,
      detail: `${fmt(
        sum((t) => t.seconds),
        1,
      )} s`,
    },
    { name: 'chain without sending: DynamoDB requests per orphan', value: sum((t) => t.requests) / orphans, unit: 'requests', digits: 3, budget: 1 },
    {
      name: 'chain without sending: capacity units per orphan',
      value: (sum((t) => t.rcu) + sum((t) => t.wcu)) / orphans,
      unit: 'RCU + WCU',
      digits: 2,
      detail: `${fmt(sum((t) => t.rcu) / orphans, 2)} RCU + ${fmt(sum((t) => t.wcu) / orphans, 2)} WCU`,
    },
    { name: 'chain with sending: DynamoDB requests per orphan', value: (sum((t) => t.requests) + sending.requests) / orphans, unit: 'requests', digits: 3 },
    { name: 'scheduler calls', value: counted.calls(), unit: 'calls', detail: 'one deadline day per departure' },
    { name: 'approved', value: approved, unit: 'orphans' },
    { name: 'left unplaced', value: unplaced, unit: 'orphans' },
    { name: 'failed items', value: failed, unit: 'items' },
    { name: 'texts sent', value: texts, unit: 'texts' },
  );
  return {
    title:
      `A month of ${fmt(orphans)} orphans through the bulk chain at the monthly cap of ${cap}: ${bursts.length} bursts ` +
      `(${bursts.map((b) => fmt(b.reduce((x, y) => x + y, 0))).join(', ')}), ${fmt(departures.length)} departures, ` +
      `${fmt(staff.length)} staff (${fmt(agents)} agents), ${fmt(teams.length)} teams, ${fmt(depts.length)} departments, ${fmt(districts.length)} districts.`,
    figures,
  };
}

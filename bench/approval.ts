import { createSettableClock } from '../lib/adapters/local/clock.js';
import { createConfig } from '../lib/config.js';
import type { CustomerProfile } from '../lib/domain/customer.js';
import type { Staff } from '../lib/domain/staff.js';
import { approveAssignments } from '../lib/use-cases/assignment/approve-assignments.js';
import { proposeAssignment, reviewAssignment } from '../lib/use-cases/assignment/choose-agent.js';
import { departAgent } from '../lib/use-cases/assignment/depart-agent.js';
import { drainOutbox } from '../lib/use-cases/outbox/drain-outbox.js';
import { mapConcurrent } from '../lib/util/map-concurrent.js';
import { customerItem } from '../lib/adapters/dynamodb/store.js';
import type { BenchReport, Figure } from './results.js';
import { chainDeps, commandMix, countingScheduler, fmt, rawBatchWriteRate, type startBench } from './support.js';

// One large agency leaves: 10,000 orphans go departure -> proposal -> review -> approval (500 ids a
// call, as the API takes them) -> SMS sent. Prints orphans/s and DynamoDB requests per orphan for
// each stage, scheduler calls (EventBridge in the cloud), and the process's peak memory.

const ORPHANS = 10_000;
const AGENTS = 40;

function staff(id: string, fields: Partial<Staff>): Staff {
  return {
    id,
    name: id,
    phone: `+8613${String(id.length * 7919 + Number(id.replace(/\D/g, '') || 0)).padStart(9, '0')}`,
    role: 'agent',
    kind: 'formal',
    supervisorId: 'SUP',
    deptId: 'DEP',
    districtId: 'D',
    region: '福田区',
    joinedOn: '2026-06-01',
    status: 'active',
    ...fields,
  };
}

export async function benchApproval(bench: Awaited<ReturnType<typeof startBench>>): Promise<BenchReport> {
  const { tableName, store } = await bench.table();
  const clock = createSettableClock({ start: new Date('2026-11-23T02:00:00Z'), frozen: true });
  const counted = countingScheduler(bench, tableName, clock);
  // A departure of this size runs as a background job (the departure-job Lambda in the cloud).
  const { deps, sms, jobs } = chainDeps({ store, clock, config: createConfig({ monthlyCap: 1000 }), scheduler: counted.scheduler });

  const agents = Array.from({ length: AGENTS }, (_, i) => staff(`AG${i}`, {}));
  await store.putStaff([
    staff('SUP', { role: 'supervisor', supervisorId: null }),
    staff('MGR', { role: 'deptManager', kind: 'manager', supervisorId: null }),
    staff('DM', { role: 'districtManager', kind: 'manager', supervisorId: null }),
    staff('LEAVER', { joinedOn: '2019-01-01' }),
    ...agents,
  ]);
  const customers: CustomerProfile[] = Array.from({ length: ORPHANS }, (_, i) => ({
    id: `C${String(i).padStart(6, '0')}`,
    name: `客户${i}`,
    phone: `+86139${String(i).padStart(8, '0')}`,
    region: '福田区',
    agentId: 'LEAVER',
    policies: [{ id: `P${i}`, product: '平安福', kind: 'life', annualPremium: 3000, issuedOn: '2026-01-15' }],
  }));
  await store.putCustomers(customers);
  const raw = await rawBatchWriteRate(bench, ORPHANS, (i) => customerItem(customers[i]!));

  const peak = { rss: 0 };
  const sampler = setInterval(() => (peak.rss = Math.max(peak.rss, process.memoryUsage().rss)), 20);
  const stages: { name: string; seconds: number; requests: number; detail: string; mix: string; schedulerCalls: number }[] = [];
  const stage = async (name: string, run: () => Promise<unknown>) => {
    bench.counter.reset();
    const calls = counted.calls();
    const started = performance.now();
    await run();
    stages.push({
      name,
      seconds: (performance.now() - started) / 1000,
      requests: bench.counter.total(),
      detail: `${JSON.stringify(bench.counter.byCommand)}${counted.calls() > calls ? ` + ${counted.calls() - calls} scheduler calls` : ''}`,
      mix: commandMix(bench.counter.byCommand),
      schedulerCalls: counted.calls() - calls,
    });
  };

  let ids: string[] = [];
  await stage('departure', async () => {
    await departAgent(deps, { sub: 'ADMIN', role: 'admin' }, 'LEAVER');
    const errors = await jobs.idle();
    if (errors.length) throw errors[0];
    ids = customers.map((c) => `${c.id}~LEAVER`);
  });
  await stage('proposal', () =>
    mapConcurrent(ids, 16, (id, i) => proposeAssignment(deps, { sub: 'SUP', role: 'supervisor' }, id, { agentId: agents[i % AGENTS]!.id })),
  );
  await stage('review', () => mapConcurrent(ids, 16, (id) => reviewAssignment(deps, { sub: 'MGR', role: 'deptManager' }, id, { decision: 'accept' })));
  let approved = 0;
  await stage('approval', async () => {
    for (let i = 0; i < ids.length; i += 500)
      approved += (await approveAssignments(deps, { sub: 'DM', role: 'districtManager' }, { ids: ids.slice(i, i + 500) })).approved.length;
  });
  await stage('sms sent', async () => {
    for (;;) if ((await drainOutbox(deps, { limit: 1000 })).sent === 0) break;
  });
  clearInterval(sampler);
  counted.close();

  const total = stages.reduce((a, s) => a + s.seconds, 0);
  const requests = stages.reduce((a, s) => a + s.requests, 0);
  console.log(`approval of ${fmt(ORPHANS)} orphans (departure -> approval -> SMS): ${fmt(approved)} approved, ${fmt(sms.sent().length)} SMS sent`);
  for (const s of stages) {
    console.log(
      `  ${s.name.padEnd(10)} ${fmt(s.seconds, 2).padStart(7)} s  ${fmt(ORPHANS / s.seconds).padStart(7)} orphans/s  ${fmt(s.requests / ORPHANS, 3)} requests/orphan  ${s.detail}`,
    );
  }
  console.log(
    `  total      ${fmt(total, 2).padStart(7)} s  ${fmt(ORPHANS / total).padStart(7)} orphans/s  ${fmt(requests / ORPHANS, 3)} DynamoDB requests/orphan`,
  );
  console.log(`  peak RSS during the run: ${fmt(peak.rss / 1024 / 1024)} MB; raw BatchWrite of the same DynamoDB Local: ${fmt(raw)} items/s`);

  const reference = { name: 'raw BatchWrite of the same customers', value: raw, unit: 'items/s' };
  const figures: Figure[] = stages.flatMap((s): Figure[] => [
    { name: `${s.name}: throughput`, value: ORPHANS / s.seconds, unit: 'orphans/s', reference },
    {
      name: `${s.name}: DynamoDB requests per orphan`,
      value: s.requests / ORPHANS,
      unit: 'requests',
      digits: 3,
      detail: `${s.mix}${s.schedulerCalls ? `; ${fmt(s.schedulerCalls)} scheduler calls` : ''}`,
    },
  ]);
  figures.push(
    { name: 'whole chain: throughput', value: ORPHANS / total, unit: 'orphans/s', reference, detail: `${fmt(total, 1)} s for ${fmt(ORPHANS)} orphans` },
    { name: 'whole chain: DynamoDB requests per orphan', value: requests / ORPHANS, unit: 'requests', digits: 3 },
    { name: 'approved', value: approved, unit: 'orphans' },
    { name: 'SMS sent', value: sms.sent().length, unit: 'texts' },
    { name: 'peak RSS', value: peak.rss / 1024 / 1024, unit: 'MB' },
  );
  return {
    title: `One agency leaves: ${fmt(ORPHANS)} orphans, one call per orphan for proposal and review, approval 500 ids a call, then the texts.`,
    figures,
  };
}

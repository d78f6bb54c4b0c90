import { createSettableClock } from '../lib/adapters/local/clock.js';
import { createLocalSmsGateway } from '../lib/adapters/local/sms-gateway.js';
import { createLocalStaffDirectory } from '../lib/adapters/local/staff-directory.js';
import { createLogger } from '../lib/adapters/logger.js';
import { noJobQueue } from '../lib/adapters/lambda/job-queue.js';
import { fileItem, historyItem } from '../lib/adapters/dynamodb/file-store.js';
import { customerItem } from '../lib/adapters/dynamodb/store.js';
import { batchPut } from '../lib/adapters/dynamodb/operations.js';
import { createConfig } from '../lib/config.js';
import { applyContacts } from '../lib/domain/customer-file.js';
import type { CustomerProfile } from '../lib/domain/customer.js';
import { atLocalTime } from '../lib/domain/time.js';
import type { Deps } from '../lib/ports/deps.js';
import type { Scheduler } from '../lib/ports/scheduler.js';
import { planCare } from '../lib/use-cases/care/plan-care.js';
import type { BenchReport } from './results.js';
import { commandMix, fmt, rawBatchWriteRate, type startBench } from './support.js';

// Planning one day's routine care SMS for 100,000 customers in maintenance, all due that day
// (CARE_BENCH_CUSTOMERS to change the count): the daily job reads the sharded day buckets, the
// profiles and opt-outs in batches, and writes each customer's SMS, file and history entry, many
// customers a transaction. Customers/s and DynamoDB requests per customer, beside raw BatchWrite of
// the same three items per customer in the same run.

const COUNT = Number(process.env.CARE_BENCH_CUSTOMERS ?? 100_000);
const DAY = '2027-03-02';

export async function benchCare(bench: Awaited<ReturnType<typeof startBench>>): Promise<BenchReport> {
  const { store, tableName } = await bench.table();
  const clock = createSettableClock({ start: atLocalTime(DAY, 10, 30), frozen: true });
  const config = createConfig();
  const noScheduler: Scheduler = { scheduleOnce: async () => undefined };
  const deps: Deps = {
    store,
    clock,
    config,
    scheduler: noScheduler,
    jobs: noJobQueue,
    sms: createLocalSmsGateway({ clock }),
    directory: createLocalStaffDirectory(),
    logger: createLogger({ logLevel: 'SILENT' }),
  };

  const profile = (i: number): CustomerProfile => ({
    id: `M${String(i).padStart(7, '0')}`,
    name: `客户${i}`,
    phone: `+86139${String(i).padStart(8, '0')}`,
    region: '福田区',
    agentId: `AG${i % 400}`,
    birthDate: `19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`,
    policies: [{ id: `P${i}`, product: '平安福', kind: 'life', annualPremium: 3000 + (i % 5) * 2500, issuedOn: `202${i % 6}-0${1 + (i % 9)}-15` }],
  });
  // In maintenance since the programme ended, all due today.
  const seed: Record<string, unknown>[] = [];
  const seedClock = new Date(atLocalTime('2027-02-20', 12).getTime());
  for (let i = 0; i < COUNT; i++) {
    const p = profile(i);
    const { file } = applyContacts(p, undefined, [{ kind: 'upload', isNew: true, care: true }], seedClock, config);
    file.status = 'maintenance';
    file.care = { ...file.care!, nextOn: DAY };
    seed.push(customerItem(p), fileItem(file));
  }
  const seeding = performance.now();
  await batchPut(bench.client, tableName, seed, 16);
  console.log(`care: seeded ${fmt(COUNT)} customers in maintenance (${fmt(seed.length)} items) in ${fmt((performance.now() - seeding) / 1000, 1)} s`);

  const sample = applyContacts(profile(0), undefined, [{ kind: 'upload', isNew: true, care: true }], seedClock, config);
  const raw = await rawBatchWriteRate(bench, Math.min(COUNT, 20_000) * 3, (i) =>
    i % 3 === 0
      ? { ...fileItem({ ...sample.file, customerId: `R${i}` }) }
      : i % 3 === 1
        ? historyItem({ ...sample.history[0]!, customerId: `R${i}` })
        : { pk: `SMS#r${i}`, sk: 'SMS', entity: 'sms', to: '+8613900000000', template: 'careTipHealth', params: { customerName: '客户' }, state: 'queued' },
  );

  bench.counter.reset();
  const started = performance.now();
  const result = await planCare(deps, { day: DAY });
  const seconds = (performance.now() - started) / 1000;
  const requests = bench.counter.total();
  console.log(
    `care planning: ${fmt(result.due)} customers due, ${fmt(result.queued)} SMS queued in ${fmt(seconds, 1)} s = ${fmt(result.due / seconds)} customers/s ` +
      `(${fmt((result.due * 3) / seconds)} items/s); ${fmt(requests / result.due, 3)} DynamoDB requests/customer ${JSON.stringify(bench.counter.byCommand)}; ` +
      `raw BatchWrite of the same three items a customer: ${fmt(raw)} items/s = ${fmt(raw / 3)} customers/s; ${JSON.stringify(result)}`,
  );
  return {
    title: `Planning one day's care SMS for ${fmt(COUNT)} customers in maintenance, all due that day.`,
    figures: [
      {
        name: 'throughput',
        value: result.due / seconds,
        unit: 'customers/s',
        reference: { name: 'raw BatchWrite of the same three items a customer', value: raw / 3, unit: 'customers/s' },
        detail: `${fmt(result.due)} due, ${fmt(result.queued)} SMS queued in ${fmt(seconds, 1)} s`,
      },
      { name: 'DynamoDB requests per customer', value: requests / result.due, unit: 'requests', digits: 3, detail: commandMix(bench.counter.byCommand) },
    ],
  };
}

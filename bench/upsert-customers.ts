import { createLogger } from '../lib/adapters/logger.js';
import { createSettableClock } from '../lib/adapters/local/clock.js';
import { createLocalStaffDirectory } from '../lib/adapters/local/staff-directory.js';
import { createConfig } from '../lib/config.js';
import { upsertCustomers } from '../lib/use-cases/file/upsert-customers.js';
import { upsertStaff } from '../lib/use-cases/team/upsert-staff.js';
import { customerItem } from '../lib/adapters/dynamodb/store.js';
import { generateDemo } from '../local/demo-data.js';
import type { Deps } from '../lib/ports/deps.js';
import type { BenchReport } from './results.js';
import { commandMix, fmt, rawBatchWriteRate, type startBench } from './support.js';

// Bulk upsert of 10,000 customers through the use case (validation, agent check, BatchWrite),
// 1,000 a call as the API takes them, beside the raw BatchWrite rate of the same DynamoDB Local and
// the request floor: one BatchWrite per 25 customers (one item each).

const COUNT = 10_000;
const ADMIN = { sub: 'ADMIN01', role: 'admin' } as const;

export async function benchUpsertCustomers(bench: Awaited<ReturnType<typeof startBench>>): Promise<BenchReport> {
  const { store } = await bench.table();
  // The staff upload keeps sign-in in step through the directory (Cognito in the cloud).
  const deps = {
    store,
    clock: createSettableClock(),
    directory: createLocalStaffDirectory(),
    config: createConfig(),
    logger: createLogger({ logLevel: 'SILENT' }),
  } as unknown as Deps;
  const demo = generateDemo({ customers: COUNT });
  const ordered = [...demo.staff].sort((a, b) => Number(a.supervisorId !== null) - Number(b.supervisorId !== null));
  await upsertStaff(deps, ADMIN, ordered);

  const raw = await rawBatchWriteRate(bench, COUNT, (i) => customerItem({ ...demo.customers[i]!, policies: demo.customers[i]!.policies }));

  bench.counter.reset();
  const started = performance.now();
  for (let i = 0; i < COUNT; i += 1000) await upsertCustomers(deps, ADMIN, demo.customers.slice(i, i + 1000));
  const seconds = (performance.now() - started) / 1000;
  const requests = bench.counter.total();

  console.log(
    `upsert customers: ${fmt(COUNT)} customers in ${fmt(seconds, 2)} s = ${fmt(COUNT / seconds)} customers/s; ` +
      `${fmt(requests / COUNT, 3)} DynamoDB requests/customer (${JSON.stringify(bench.counter.byCommand)}); ` +
      `raw BatchWrite of the same items: ${fmt(raw)} items/s`,
  );
  return {
    title: `Bulk upsert of ${fmt(COUNT)} customers through the use case, 1,000 a call.`,
    figures: [
      { name: 'throughput', value: COUNT / seconds, unit: 'customers/s', reference: { name: 'raw BatchWrite of the same items', value: raw, unit: 'items/s' } },
      {
        name: 'DynamoDB requests per customer',
        value: requests / COUNT,
        unit: 'requests',
        digits: 3,
        reference: { name: 'floor: one BatchWrite per 25 customers', value: 1 / 25, unit: 'requests', digits: 3 },
        detail: commandMix(bench.counter.byCommand),
      },
    ],
  };
}

import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { countCapacity, countRequests, createDocumentClient } from '../lib/adapters/dynamodb/client.js';
import { createDynamoStore } from '../lib/adapters/dynamodb/store.js';
import { ALL_STORE_PARTS } from '../lib/adapters/dynamodb/store-parts.js';
import { createTableInput } from '../lib/adapters/dynamodb/table.js';
import { createLocalScheduler, type LocalSchedulerOptions } from '../lib/adapters/local/scheduler.js';
import { createLocalJobQueue } from '../lib/adapters/local/job-queue.js';
import { createLocalSmsGateway } from '../lib/adapters/local/sms-gateway.js';
import { createLocalStaffDirectory } from '../lib/adapters/local/staff-directory.js';
import { createLogger } from '../lib/adapters/logger.js';
import type { Deps } from '../lib/ports/deps.js';
import type { Scheduler } from '../lib/ports/scheduler.js';
import { runDepartureJob } from '../lib/use-cases/assignment/departure-job.js';
import { fmt } from './results.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '../local/dynamodb-local.js';

// Shared by the benchmarks: one DynamoDB Local per run, a fresh table per benchmark, a request
// counter, and the raw BatchWrite rate of the same emulator as the yardstick every figure sits beside.

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

export async function startBench() {
  const ddb = await startDynamoDbLocal();
  const client = createDocumentClient({ endpoint: ddb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const counter = countRequests(client);
  // Every request of the run asks DynamoDB for the capacity units it consumed (what the bill counts).
  const capacity = countCapacity(client);
  let n = 0;
  const table = async () => {
    const tableName = `bench-${++n}`;
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    return { tableName, store: createDynamoStore({ client, tableName, parts: ALL_STORE_PARTS }) };
  };
  const bench = { ddb, client, counter, capacity, table, stop: async () => (client.destroy(), ddb.stop()) };
  // Warm the emulator's JIT so the first benchmark is not measured against a cold JVM.
  await rawBatchWriteRate(bench, 3000, (i) => ({ pk: `WARM#${i}`, sk: 'WARM', payload: 'x'.repeat(300) }));
  return bench;
}

/** Items/s of plain BatchWrite (25 items a request, 8 in flight) of `count` items shaped like `make(i)`. */
export async function rawBatchWriteRate(bench: Awaited<ReturnType<typeof startBench>>, count: number, make: (i: number) => Record<string, unknown>) {
  const { tableName } = await bench.table();
  const items = Array.from({ length: count }, (_, i) => make(i));
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        let pending = batch.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length) {
          const out = await bench.client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
          pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
        }
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

export { fmt } from './results.js';

/** The request mix of a counter, per `per` items when given: `BatchWriteItem 400, Query 2`. */
export function commandMix(byCommand: Readonly<Record<string, number>>, per = 1, digits = 0): string {
  return Object.entries(byCommand)
    .map(([name, n]) => `${name} ${fmt(n / per, digits)}`)
    .join(', ');
}

/** The percentile `p` (0-100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * The local scheduler on a client of its own (in the cloud its calls go to EventBridge, so they stay
 * out of the bench's DynamoDB counts), counting the schedules asked for.
 */
export function countingScheduler(bench: Awaited<ReturnType<typeof startBench>>, tableName: string, clock: LocalSchedulerOptions['clock']) {
  const client = createDocumentClient({ endpoint: bench.ddb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const local = createLocalScheduler({ client, tableName, clock });
  let calls = 0;
  const scheduler: Scheduler = { scheduleOnce: (s) => (calls++, local.scheduleOnce(s)) };
  return { scheduler, calls: () => calls, close: () => client.destroy() };
}

/**
 * The deps of a chain benchmark: a departure of any size runs as a background job on a local queue
 * (the departure-job Lambda in the cloud), texts go to the local SMS simulator, logs nowhere.
 */
export function chainDeps(parts: Pick<Deps, 'store' | 'clock' | 'config' | 'scheduler'>) {
  const sms = createLocalSmsGateway({ clock: parts.clock });
  const jobs = createLocalJobQueue((job) => runDepartureJob(deps, job.jobId));
  const deps: Deps = { ...parts, jobs, sms, directory: createLocalStaffDirectory(), logger: createLogger({ logLevel: 'SILENT' }) };
  return { deps, sms, jobs };
}

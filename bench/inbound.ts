import { createInboundSmsHandler } from '../functions/inbound-sms.js';
import { createSettableClock } from '../lib/adapters/local/clock.js';
import { createLocalSmsGateway } from '../lib/adapters/local/sms-gateway.js';
import { createLogger } from '../lib/adapters/logger.js';
import { createConfig } from '../lib/config.js';
import { visitId } from '../lib/domain/ids.js';
import { createLocalStaffDirectory } from '../lib/adapters/local/staff-directory.js';
import type { Deps } from '../lib/ports/deps.js';
import type { Scheduler } from '../lib/ports/scheduler.js';
import { mapConcurrent } from '../lib/util/map-concurrent.js';
import { noJobQueue } from '../lib/adapters/lambda/job-queue.js';
import { snsEvent } from '../local/runtime.js';
import type { BenchReport, Figure } from './results.js';
import { commandMix, fmt, rawBatchWriteRate, type startBench } from './support.js';

// Customer replies through the inbound-SMS handler (SNS event in, End User Messaging JSON inside)
// against DynamoDB Local: 2,000 ratings answering sent rating requests, then the same 2,000
// delivered again. Replies/s beside raw BatchWrite of the same DynamoDB Local, and DynamoDB requests
// per reply beside the floor: one read, one transaction.

const REPLIES = 2000;
const BODIES = ['5分 服务很好', '4', '非常满意', '五星', '满意，谢谢', '3分 一般般', '５'];

export async function benchInbound(bench: Awaited<ReturnType<typeof startBench>>): Promise<BenchReport> {
  const { store } = await bench.table();
  const clock = createSettableClock({ start: new Date('2026-11-23T04:00:00Z'), frozen: true });
  const noScheduler: Scheduler = { scheduleOnce: async () => undefined };
  const deps: Deps = {
    store,
    clock,
    scheduler: noScheduler,
    jobs: noJobQueue,
    directory: createLocalStaffDirectory(),
    sms: createLocalSmsGateway({ clock }),
    config: createConfig(),
    logger: createLogger({ logLevel: 'SILENT' }),
  };
  const customer = (i: number) => `C${String(i).padStart(5, '0')}`;
  await mapConcurrent(
    Array.from({ length: REPLIES }, (_, i) => i),
    8,
    async (i) => {
      const assignment = `${customer(i)}~OLD`;
      await store.commitVisitChange({
        visits: [
          {
            id: visitId(assignment, 1),
            customerId: customer(i),
            assignmentId: assignment,
            agentId: `AG${i % 40}`,
            number: 1,
            dueOn: '2026-11-20',
            state: 'done',
            attempts: [],
            completedAt: '2026-11-22T03:00:00Z',
            ratingRequestId: `rating.${i}`,
            ratingRequestProviderId: `pid-${i}`,
            version: 1,
          },
        ],
      });
    },
  );

  const raw = await rawBatchWriteRate(bench, REPLIES, (i) => ({ pk: `RAW#${i}`, sk: 'RAW', payload: 'x'.repeat(300) }));
  const figures: Figure[] = [];

  const handler = createInboundSmsHandler(deps);
  const event = (i: number) =>
    snsEvent(
      {
        originationNumber: `+86139${String(i).padStart(8, '0')}`,
        destinationNumber: '+12065550100',
        messageBody: BODIES[i % BODIES.length],
        inboundMessageId: `in-${i}`,
        previousPublishedMessageId: `pid-${i}`,
      },
      clock.now(),
    );
  const run = async (label: string) => {
    bench.counter.reset();
    const started = performance.now();
    const results = await mapConcurrent(
      Array.from({ length: REPLIES }, (_, i) => i),
      8,
      (i) => handler(event(i)),
    );
    const seconds = (performance.now() - started) / 1000;
    const outcomes = results.reduce((m, r) => {
      const key = `${r.results[0]?.outcome}${'duplicate' in (r.results[0] ?? {}) && (r.results[0] as { duplicate: boolean }).duplicate ? ' (duplicate)' : ''}`;
      return m.set(key, (m.get(key) ?? 0) + 1);
    }, new Map<string, number>());
    console.log(
      `inbound ${label}: ${fmt(REPLIES)} replies in ${fmt(seconds, 2)} s = ${fmt(REPLIES / seconds)} replies/s (8 in flight); ` +
        `${fmt(bench.counter.total() / REPLIES, 2)} DynamoDB requests/reply ${JSON.stringify(bench.counter.byCommand)}; ${JSON.stringify(Object.fromEntries(outcomes))}; ` +
        `raw BatchWrite: ${fmt(raw)} items/s`,
    );
    figures.push(
      {
        name: `${label}: throughput (8 in flight)`,
        value: REPLIES / seconds,
        unit: 'replies/s',
        reference: { name: 'raw BatchWrite', value: raw, unit: 'items/s' },
      },
      {
        name: `${label}: DynamoDB requests per reply`,
        value: bench.counter.total() / REPLIES,
        unit: 'requests',
        digits: 2,
        reference: { name: 'floor: one read, one transaction', value: 2, unit: 'requests' },
        detail: `${commandMix(bench.counter.byCommand)}; outcomes ${[...outcomes].map(([k, n]) => `${k} ${fmt(n)}`).join(', ')}`,
      },
    );
  };
  await run('first delivery');
  await run('same messages again');
  return { title: `${fmt(REPLIES)} rating replies through the inbound-SMS handler, then the same ${fmt(REPLIES)} delivered again.`, figures };
}

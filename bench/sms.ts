import { createSettableClock } from '../lib/adapters/local/clock.js';
import { batchPut } from '../lib/adapters/dynamodb/operations.js';
import { smsItem, visitItem } from '../lib/adapters/dynamodb/items.js';
import { createLogger } from '../lib/adapters/logger.js';
import { createConfig } from '../lib/config.js';
import { newSms } from '../lib/domain/sms.js';
import type { Visit } from '../lib/domain/visit.js';
import type { SmsGateway } from '../lib/ports/sms-gateway.js';
import { drainOutbox } from '../lib/use-cases/outbox/drain-outbox.js';
import type { BenchReport } from './results.js';
import { commandMix, fmt, rawBatchWriteRate, type startBench } from './support.js';

// Sending: 10,000 queued texts (one in five a rating request whose visit gets stamped) drained by
// two drains at once, as two overlapping outbox invocations would. Prints DynamoDB requests per text
// sent (budget: 0.5; claim and settle in batched transactions), texts/s, and that no text went out
// twice, beside raw BatchWrite of the same texts on the same DynamoDB Local.

const TEXTS = Number(process.env.BENCH_SMS_TEXTS ?? 10_000);

export async function benchSms(bench: Awaited<ReturnType<typeof startBench>>): Promise<BenchReport> {
  const { tableName, store } = await bench.table();
  const clock = createSettableClock({ start: new Date('2026-11-23T04:00:00Z'), frozen: true });
  const now = clock.now();
  const sent = new Map<string, number>();
  const sms: SmsGateway = {
    send: async (m) => {
      sent.set(m.id, (sent.get(m.id) ?? 0) + 1);
      return { providerMessageId: `p-${m.id}` };
    },
  };
  const deps = { store, clock, sms, config: createConfig(), logger: createLogger({ logLevel: 'SILENT' }) };
  const visits: Visit[] = [];
  const texts = Array.from({ length: TEXTS }, (_, i) => {
    const customerId = `C${String(i).padStart(6, '0')}`;
    if (i % 5 !== 0) return newSms({ id: `s${i}`, to: `+86139${String(i).padStart(8, '0')}`, template: 'help', params: {}, purpose: 'help', now });
    const visit: Visit = {
      id: `${customerId}~OLD~1`,
      customerId,
      assignmentId: `${customerId}~OLD`,
      agentId: `AG${i % 40}`,
      number: 1,
      dueOn: '2026-11-20',
      state: 'done',
      attempts: [],
      completedAt: now.toISOString(),
      ratingRequestId: `rating.${i}`,
      version: 2,
    };
    visits.push(visit);
    return newSms({
      id: `rating.${visit.id}`,
      to: `+86139${String(i).padStart(8, '0')}`,
      template: 'ratingRequest',
      params: { customerName: '客户', agentName: '代理人' },
      purpose: 'ratingRequest',
      now,
      customerId,
      visitId: visit.id,
      staffId: visit.agentId,
    });
  });
  await batchPut(bench.client, tableName, visits.map(visitItem));
  await batchPut(bench.client, tableName, texts.map(smsItem));
  const raw = await rawBatchWriteRate(bench, TEXTS, (i) => smsItem(texts[i]!));

  bench.counter.reset();
  const started = performance.now();
  let total = 0;
  for (;;) {
    const [a, b] = await Promise.all([drainOutbox(deps, { limit: 1000 }), drainOutbox(deps, { limit: 1000 })]);
    total += a.sent + b.sent;
    if (process.env.BENCH_VERBOSE) console.log(`  round: ${a.sent} + ${b.sent} sent, ${bench.counter.total()} requests so far`);
    if (a.sent + b.sent === 0) break;
  }
  const seconds = (performance.now() - started) / 1000;
  const twice = [...sent.values()].filter((n) => n > 1).length;
  console.log(
    `sms sent: ${fmt(total)} texts (${fmt(visits.length)} rating requests) by two concurrent drains in ${fmt(seconds, 2)} s = ${fmt(total / seconds)} texts/s; ` +
      `${fmt(bench.counter.total() / total, 3)} DynamoDB requests/text (budget 0.5) ${JSON.stringify(bench.counter.byCommand)}; sent twice: ${twice}; ` +
      `raw BatchWrite of the same texts: ${fmt(raw)} items/s`,
  );
  return {
    title: `Sending ${fmt(TEXTS)} queued texts (${fmt(visits.length)} rating requests) by two drains at once.`,
    figures: [
      { name: 'throughput', value: total / seconds, unit: 'texts/s', reference: { name: 'raw BatchWrite of the same texts', value: raw, unit: 'items/s' } },
      {
        name: 'DynamoDB requests per text',
        value: bench.counter.total() / total,
        unit: 'requests',
        digits: 3,
        budget: 0.5,
        detail: commandMix(bench.counter.byCommand),
      },
      { name: 'texts sent', value: total, unit: 'texts' },
      { name: 'texts sent twice', value: twice, unit: 'texts', budget: 0 },
    ],
  };
}

import type { Context } from 'aws-lambda';
import { createCustomersHandler } from '../functions/http/customers.js';
import { createSettableClock } from '../lib/adapters/local/clock.js';
import { createLogger } from '../lib/adapters/logger.js';
import { createConfig } from '../lib/config.js';
import { visitId } from '../lib/domain/ids.js';
import { visitDueDates } from '../lib/domain/time.js';
import type { Deps } from '../lib/ports/deps.js';
import { mapConcurrent } from '../lib/util/map-concurrent.js';
import { buildApiEvent } from '../local/api-event.js';
import type { BenchReport } from './results.js';
import { commandMix, fmt, type startBench } from './support.js';

// GET /me/customers for an agent with 300 orphan customers (3 visits each): the handler as API
// Gateway would call it, 1,000 times in a row against DynamoDB Local; DynamoDB requests per call,
// p50 and p99 of the handler time.

const CUSTOMERS = 300;
const CALLS = 1000;

export async function benchMyCustomers(bench: Awaited<ReturnType<typeof startBench>>): Promise<BenchReport> {
  const { store } = await bench.table();
  const clock = createSettableClock({ start: new Date('2026-11-23T02:00:00Z'), frozen: true });
  const deps = { store, clock, config: createConfig(), logger: createLogger({ logLevel: 'SILENT' }) } as unknown as Deps;
  await store.putCustomers(
    Array.from({ length: CUSTOMERS }, (_, i) => ({
      id: `C${String(i).padStart(4, '0')}`,
      name: `客户${i}`,
      phone: `+86139${String(i).padStart(8, '0')}`,
      region: '福田区',
      agentId: 'AG',
      policies: [
        { id: `P${i}a`, product: '平安福', kind: 'life', annualPremium: 3000, issuedOn: '2026-01-15' },
        { id: `P${i}b`, product: '家庭保障卡', kind: 'card', annualPremium: 200, issuedOn: '2026-03-15' },
      ],
    })),
  );
  await mapConcurrent(
    Array.from({ length: CUSTOMERS }, (_, i) => i),
    8,
    async (i) => {
      const customerId = `C${String(i).padStart(4, '0')}`;
      const assignment = `${customerId}~OLD`;
      const dues = visitDueDates(new Date(Date.UTC(2026, 9, 1 + (i % 50), 2)));
      await store.commitVisitChange({
        visits: dues.map((dueOn, n) => ({
          id: visitId(assignment, n + 1),
          customerId,
          assignmentId: assignment,
          agentId: 'AG',
          number: (n + 1) as 1 | 2 | 3,
          dueOn,
          state: n === 0 ? 'open' : 'waiting',
          attempts: n === 0 ? [{ at: '2026-11-20T03:00:00Z', outcome: 'noAnswer' }] : [],
          version: 1,
        })),
      });
    },
  );

  const handler = createCustomersHandler(deps);
  const event = () =>
    buildApiEvent({
      routeKey: 'GET /me/customers',
      method: 'GET',
      path: '/me/customers',
      rawQueryString: '',
      headers: {},
      params: {},
      claims: { sub: 'AG', role: 'agent' },
      body: undefined,
      now: clock.now(),
    });
  const context = { awsRequestId: 'bench' } as Context;
  for (let i = 0; i < 20; i++) await handler(event(), context); // warm-up

  bench.counter.reset();
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    const res = (await handler(event(), context)) as { statusCode: number; body: string };
    times.push(performance.now() - started);
    if (res.statusCode !== 200) throw new Error(`GET /me/customers answered ${res.statusCode}: ${res.body}`);
    items = JSON.parse(res.body).items.length;
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
  console.log(
    `GET /me/customers, agent with ${CUSTOMERS} orphans (${items} a page): ${fmt(bench.counter.total() / CALLS, 2)} DynamoDB requests/call ` +
      `(${JSON.stringify(Object.fromEntries(Object.entries(bench.counter.byCommand).map(([k, v]) => [k, v / CALLS])))}); ` +
      `handler p50 ${fmt(pct(50), 1)} ms, p99 ${fmt(pct(99), 1)} ms over ${fmt(CALLS)} calls`,
  );
  return {
    title: `GET /me/customers for an agent with ${CUSTOMERS} orphan customers (${items} a page), the handler called ${fmt(CALLS)} times in a row.`,
    figures: [
      {
        name: 'DynamoDB requests per call',
        value: bench.counter.total() / CALLS,
        unit: 'requests',
        digits: 2,
        detail: commandMix(bench.counter.byCommand, CALLS, 2),
      },
      { name: 'handler time p50', value: pct(50), unit: 'ms', digits: 1 },
      { name: 'handler time p99', value: pct(99), unit: 'ms', digits: 1 },
    ],
  };
}

import { gzipSync } from 'node:zlib';
import { BatchGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { buildDashboardAssets } from '../functions/dashboard/build.js';
import { createTeamHandler } from '../functions/http/team.js';
import type { RouteKey } from '../functions/http/routes.js';
import { staffItem } from '../lib/adapters/dynamodb/store.js';
import { agentStateUpdate } from '../lib/adapters/dynamodb/items.js';
import { keys } from '../lib/adapters/dynamodb/model.js';
import { batchPut } from '../lib/adapters/dynamodb/operations.js';
import { createSettableClock } from '../lib/adapters/local/clock.js';
import { createLogger } from '../lib/adapters/logger.js';
import { createConfig } from '../lib/config.js';
import type { Staff } from '../lib/domain/staff.js';
import type { Deps } from '../lib/ports/deps.js';
import { mapConcurrent } from '../lib/util/map-concurrent.js';
import { buildApiEvent } from '../local/api-event.js';
import type { BenchReport } from './results.js';
import { commandMix, fmt, percentile as pct, rawBatchWriteRate, type startBench } from './support.js';

// GET /team/metrics for a district manager over 400 agents (40 teams) and 30,000 customers, the
// handler as API Gateway calls it: DynamoDB requests per call and latency, beside the raw
// BatchGet of the same 800 counter items and the raw BatchWrite rate of the same DynamoDB Local.
// Then GET /team/dashboard: what the page costs to load (HTML, script, style; raw and gzip).

const TEAMS = 40;
const PER_TEAM = 10;
const CUSTOMERS = 30_000;
const CALLS = 200;
const MONTH = '2026-11';

export async function benchTeam(bench: Awaited<ReturnType<typeof startBench>>): Promise<BenchReport> {
  const { store, tableName } = await bench.table();
  const clock = createSettableClock({ start: new Date('2026-11-23T02:00:00Z'), frozen: true });
  const deps = { store, clock, config: createConfig(), logger: createLogger({ logLevel: 'SILENT' }) } as unknown as Deps;
  const person = (id: string, role: Staff['role'], supervisorId: string | null): Staff => ({
    id,
    name: `员工${id}`,
    phone: `+86138${String(Math.abs(hash(id)) % 1e8).padStart(8, '0')}`,
    role,
    kind: role === 'agent' ? 'formal' : 'manager',
    supervisorId,
    deptId: `DEP${id.slice(-1)}`,
    districtId: 'D01',
    region: '深圳市福田区',
    joinedOn: '2025-01-01',
    status: 'active',
  });
  const staff: Staff[] = [person('DM', 'districtManager', null)];
  const agents: string[] = [];
  for (let t = 0; t < TEAMS; t++) {
    const sup = `SUP${String(t).padStart(2, '0')}`;
    staff.push(person(sup, 'supervisor', null));
    for (let a = 0; a < PER_TEAM; a++) {
      const id = `AG${String(t * PER_TEAM + a).padStart(3, '0')}`;
      staff.push(person(id, 'agent', sup));
      agents.push(id);
    }
  }
  await batchPut(bench.client, tableName, staff.map(staffItem));
  for (let i = 0; i < CUSTOMERS; i += 1000) {
    await store.putCustomers(
      Array.from({ length: Math.min(1000, CUSTOMERS - i) }, (_, k) => ({
        id: `C${String(i + k).padStart(6, '0')}`,
        name: `客户${i + k}`,
        phone: `+86139${String(i + k).padStart(8, '0')}`,
        region: '深圳市福田区',
        agentId: agents[(i + k) % agents.length]!,
        policies: [{ id: `P${i + k}`, product: '平安福', kind: 'life', annualPremium: 3000, issuedOn: '2026-01-15' }],
      })),
    );
  }
  // Each agent's month counters and state, as the writes would have left them.
  await mapConcurrent(agents, 16, async (id, i) => {
    await bench.client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.agentMonth(id, MONTH),
        UpdateExpression:
          'SET agentId = :a, #m = :month, entity = :e, assigned = :n, attempts = :n, visitsDone = :n, visitsDone1 = :n, ratingRequests = :n, ratingReplies = :r, ratingSum = :s',
        ExpressionAttributeNames: { '#m': 'month' },
        ExpressionAttributeValues: { ':a': id, ':month': MONTH, ':e': 'agentMonth', ':n': 1 + (i % 6), ':r': i % 4, ':s': (i % 4) * 4 },
      }),
    );
    const { Update } = agentStateUpdate(tableName, id, { 'awaiting#2026-11-10': i % 3, 'awaiting#2026-11-20': 1, unreachable: i % 2 });
    await bench.client.send(new UpdateCommand(Update));
  });

  const handler = createTeamHandler(deps, { assets: buildDashboardAssets, signIn: { mode: 'local' } });
  const call = async (
    routeKey: RouteKey,
    path: string,
    claims: Record<string, string>,
    headers: Record<string, string> = {},
    params: Record<string, string> = {},
  ) =>
    (await handler(buildApiEvent({ routeKey, method: 'GET', path, rawQueryString: '', headers, params, claims, body: undefined, now: clock.now() }), {
      awsRequestId: 'bench',
    })) as { statusCode: number; body: string; isBase64Encoded?: boolean; headers: Record<string, string> };
  const metrics = () => call('GET /team/metrics', '/team/metrics', { sub: 'DM', role: 'districtManager' });
  for (let i = 0; i < 10; i++) await metrics(); // warm-up

  bench.counter.reset();
  const times: number[] = [];
  let agentsShown = 0;
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    const res = await metrics();
    times.push(performance.now() - started);
    if (res.statusCode !== 200) throw new Error(`GET /team/metrics answered ${res.statusCode}: ${res.body}`);
    agentsShown = JSON.parse(res.body).items.length;
  }
  const perCall = bench.counter.total() / CALLS;
  const byCommand = Object.fromEntries(Object.entries(bench.counter.byCommand).map(([k, v]) => [k, v / CALLS]));
  const mix = commandMix(bench.counter.byCommand, CALLS, 2);

  // The raw reference: the same 800 counter items by plain BatchGet (100 keys a request, 4 in flight).
  const counterKeys = agents.flatMap((id) => [keys.agentMonth(id, MONTH), keys.agentState(id)]);
  const raw: number[] = [];
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    await mapConcurrent(
      Array.from({ length: Math.ceil(counterKeys.length / 100) }, (_, k) => counterKeys.slice(k * 100, k * 100 + 100)),
      4,
      async (Keys) => {
        let pending = Keys;
        while (pending.length) {
          const out = await bench.client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }));
          pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as typeof pending;
        }
      },
    );
    raw.push(performance.now() - started);
  }
  const rawWrite = await rawBatchWriteRate(bench, 3000, (i) => ({ pk: `RAW#${i}`, sk: 'RAW', payload: 'x'.repeat(300) }));
  console.log(
    `GET /team/metrics, district of ${agentsShown} agents and ${fmt(CUSTOMERS)} customers: ${fmt(perCall, 2)} DynamoDB requests/call ${JSON.stringify(byCommand)}; ` +
      `handler p50 ${fmt(pct(times, 50), 1)} ms, p99 ${fmt(pct(times, 99), 1)} ms over ${CALLS} calls; ` +
      `raw BatchGet of the same ${counterKeys.length} counter items p50 ${fmt(pct(raw, 50), 1)} ms; raw BatchWrite ${fmt(rawWrite)} items/s`,
  );

  // The page's transfer: the HTML, then the script and style it names, raw and as gzip on the wire.
  const page = await call('GET /team/dashboard', '/team/dashboard', {});
  const sizes = { html: Buffer.byteLength(page.body), htmlGzip: gzipSync(page.body).length, assets: 0, assetsGzip: 0 };
  for (const name of ['app.js', 'app.css']) {
    const plain = await call('GET /team/dashboard/assets/{name}', `/team/dashboard/assets/${name}`, {}, {}, { name });
    const zipped = await call('GET /team/dashboard/assets/{name}', `/team/dashboard/assets/${name}`, {}, { 'accept-encoding': 'gzip' }, { name });
    if (plain.statusCode !== 200 || zipped.headers['content-encoding'] !== 'gzip') throw new Error(`asset ${name} answered ${plain.statusCode}`);
    const bytes = (r: typeof plain) => (r.isBase64Encoded ? Buffer.from(r.body, 'base64').length : Buffer.byteLength(r.body));
    sizes.assets += bytes(plain);
    sizes.assetsGzip += bytes(zipped);
  }
  console.log(
    `GET /team/dashboard transfer: HTML ${fmt(sizes.html / 1024, 1)} KB (${fmt(sizes.htmlGzip / 1024, 1)} KB gzip) + script and style ` +
      `${fmt(sizes.assets / 1024, 1)} KB (${fmt(sizes.assetsGzip / 1024, 1)} KB gzip) = ${fmt((sizes.html + sizes.assets) / 1024, 1)} KB raw, ` +
      `${fmt((sizes.htmlGzip + sizes.assetsGzip) / 1024, 1)} KB gzip`,
  );
  const rawGet = { name: `raw BatchGet of the same ${counterKeys.length} counter items, p50`, value: pct(raw, 50), unit: 'ms', digits: 1 };
  return {
    title: `GET /team/metrics for a district manager over ${agentsShown} agents and ${fmt(CUSTOMERS)} customers (${CALLS} calls), then what GET /team/dashboard transfers.`,
    figures: [
      {
        name: 'metrics: DynamoDB requests per call',
        value: perCall,
        unit: 'requests',
        digits: 2,
        reference: { name: 'floor: the counter items alone, 100 keys a BatchGet', value: Math.ceil(counterKeys.length / 100), unit: 'requests' },
        detail: mix,
      },
      { name: 'metrics: handler time p50', value: pct(times, 50), unit: 'ms', digits: 1, reference: rawGet },
      { name: 'metrics: handler time p99', value: pct(times, 99), unit: 'ms', digits: 1, reference: rawGet },
      { name: 'dashboard: HTML', value: sizes.html / 1024, unit: 'KB', digits: 1, detail: `${fmt(sizes.htmlGzip / 1024, 1)} KB gzip` },
      { name: 'dashboard: script and style', value: sizes.assets / 1024, unit: 'KB', digits: 1, detail: `${fmt(sizes.assetsGzip / 1024, 1)} KB gzip` },
      { name: 'dashboard: whole transfer, gzip', value: (sizes.htmlGzip + sizes.assetsGzip) / 1024, unit: 'KB', digits: 1 },
    ],
    notes: [`raw BatchWrite of the same DynamoDB Local in this bench: ${fmt(rawWrite)} items/s`],
  };
}

function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (Math.imul(31, h) + c.charCodeAt(0)) | 0;
  return h;
}

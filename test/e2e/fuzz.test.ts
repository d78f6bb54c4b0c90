import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROUTES, type RouteSpec } from '../../functions/http/routes.js';
import { createDocumentClient } from '../../lib/adapters/dynamodb/client.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/dynamodb-local.js';
import { hostileJsonText, hostileString, hostileValue, mutate } from '../support/hostile.js';
import { IN_SCOPE, modelOf, pathOf, seedWorld } from '../support/route-models.js';
import { startTestRuntime } from '../support/runtime.js';
import { dumpTable } from '../support/table-dump.js';

// Fuzzed requests on every route of the route table, through the local runtime and the real
// handlers on DynamoDB Local, as the in-scope caller of the route's first role: valid requests,
// valid ones with one field broken, and hostile ones. Never a 5xx; a refusal is 400/401/403/404/409
// with the error shape, no stack trace or SDK error name, and leaves the table byte for byte as it
// was. `FUZZ_RUNS` sets the number of cases (`npm run bench` runs 10,000), `FUZZ_SEED` replays one.

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const REFUSALS = [400, 401, 403, 404, 409];
/** What an answer must never show: a stack frame, a source path, an SDK or JavaScript error name. */
const LEAKS =
  /\n\s+at |\bat [\w.<>]+ \(|\.ts:\d+|\.js:\d+|node_modules|Exception\b|ConditionalCheckFailed|TransactionCanceled|ResourceNotFound|TypeError|ReferenceError|RangeError|SyntaxError|Cannot read propert/;

interface FuzzRequest {
  route: RouteSpec;
  path: string;
  query: string;
  body?: string;
}

const short = () => hostileString().map((s) => s.slice(0, 2000));

/** Valid, broken and hostile requests of one route. */
function requestsOf(route: RouteSpec): fc.Arbitrary<FuzzRequest> {
  const model = modelOf(route.key);
  const [method] = route.key.split(' ') as [string];
  const params = Object.fromEntries(
    Object.entries(model.params ?? {}).map(([name, valid]) => [
      name,
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(valid) },
        { weight: 1, arbitrary: short() },
        // Bytes that are not UTF-8, a bare %, an encoded traversal: sent as written.
        { weight: 1, arbitrary: fc.constantFrom('raw:%ED%A0%80', 'raw:%FF%FE', 'raw:%', 'raw:%2e%2e%2f%2e%2e', 'raw:W-001%00', `raw:${valid}%C0%AF`) },
      ),
    ]),
  );
  const queryKeys = [...new URLSearchParams(model.query ?? '').keys(), 'limit', 'next', 'state', 'month', 'part', 'token', '__proto__', 'constructor'];
  const query = fc.oneof(
    { weight: 3, arbitrary: fc.constant(model.query ?? '') },
    {
      weight: 2,
      arbitrary: fc
        .dictionary(
          fc.oneof(fc.constantFrom(...queryKeys), fc.string({ maxLength: 10 })),
          fc.oneof(
            short(),
            fc.jsonValue().map((v) => JSON.stringify(v)),
          ),
          {
            maxKeys: 4,
          },
        )
        .map((d) => new URLSearchParams(d).toString()),
    },
  );
  const body =
    method === 'GET'
      ? fc.constant(undefined)
      : fc.oneof(
          { weight: 1, arbitrary: fc.constant(model.body === undefined ? undefined : JSON.stringify(model.body)) },
          { weight: 4, arbitrary: mutate(model.body ?? {}).map((v) => JSON.stringify(v)) },
          { weight: 1, arbitrary: hostileValue().map((v) => JSON.stringify(v)) },
          { weight: 2, arbitrary: hostileJsonText() },
        );
  return fc.record({ params: fc.record(params), query, body }).map(({ params: p, query: q, body: b }) => ({
    route,
    path: pathOf(route.key, p as Record<string, string>),
    query: q,
    body: b,
  }));
}

describe('fuzzed requests on every route (local runtime)', () => {
  let t: Awaited<ReturnType<typeof startTestRuntime>>;
  const tableName = `foster-fuzz-${randomUUID().slice(0, 8)}`;
  const client = createDocumentClient({ endpoint: inject('dynamoEndpoint'), region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const tokens = new Map<string, string>();
  const tally: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestRuntime({ tableName });
    await seedWorld(t);
    for (const [role, who] of Object.entries(IN_SCOPE)) tokens.set(role, await t.token(who.sub, who.role));
  });
  afterAll(async () => {
    await t.runtime.close();
    client.destroy();
  });

  it(`answers ${RUNS} fuzzed requests without a 5xx, and refuses bad ones in the error shape, writing nothing`, async () => {
    const routes = ROUTES as readonly RouteSpec[];
    await t.runtime.tick();
    let before = await dumpTable(client, tableName);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes).chain((route) => requestsOf(route)),
        async ({ route, path, query, body }) => {
          const [method] = route.key.split(' ') as [string];
          const token = route.guard === 'jwt' ? tokens.get(route.roles[0]!) : undefined;
          const send = () => t.request(method, `${path}${query ? `?${query}` : ''}`, { token, raw: body });
          // A kept-alive socket the server closed while the table was dumped resets once: send again.
          const res = await send().catch((error: Error) => {
            if ((error.cause as { code?: string } | undefined)?.code !== 'ECONNRESET') throw error;
            return send();
          });
          await t.runtime.tick();
          const after = await dumpTable(client, tableName);
          tally[res.status] = (tally[res.status] ?? 0) + 1;

          expect(res.status, `${route.key} ${path}?${query} ${body?.slice(0, 300)} -> ${res.text.slice(0, 300)}`).toBeLessThan(500);
          if (res.status >= 300) {
            expect(REFUSALS).toContain(res.status);
            expect(res.text).not.toMatch(LEAKS);
            if (route.guard !== 'callbackToken') {
              expect(res.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
            }
            expect(after === before, `${route.key} refused with ${res.status} but changed the table`).toBe(true);
          }
          before = after;
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    // The cases reached the handlers: some were accepted, some refused for their input.
    expect(tally[400]).toBeGreaterThan(0);
    expect(Object.keys(tally).some((s) => Number(s) < 300)).toBe(true);
  }, 600_000);
});

import fc from 'fast-check';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ROUTES, type RouteSpec } from '../../functions/http/routes.js';
import { hostileJsonText, hostileString, hostileValue, mutate } from './hostile.js';
import type { TestRuntime } from './local-runtime.js';
import { IN_SCOPE, modelOf, pathOf, seedWorld } from './route-models.js';
import { dumpTable } from './table-dump.js';

// The fuzz of every route, in one place for its two users: the test (test/e2e/fuzz.test.ts, a few
// hundred cases in `npm test`) and the benchmark (bench/fuzz.ts, 10,000 in `npm run bench`). Requests
// go through the local runtime and the real handlers on DynamoDB Local, as the in-scope caller of the
// route's first role: valid requests, valid ones with one field broken, and hostile ones. The
// property: never a 5xx; a refusal is 400/401/403/404/409 with the error shape (a provider callback
// answers in its provider's shape), no stack trace or SDK error name, and leaves the table byte for
// byte as it was; a success is what the route table documents (checked by the runtime's client).
// No vitest here, so the benchmark can run it outside a test run.

/** The statuses a refusal may have. */
export const REFUSALS: readonly number[] = [400, 401, 403, 404, 409];
/** What an answer must never show: a stack frame, a source path, an SDK or JavaScript error name. */
export const LEAKS =
  /\n\s+at |\bat [\w.<>]+ \(|\.ts:\d+|\.js:\d+|node_modules|Exception\b|ConditionalCheckFailed|TransactionCanceled|ResourceNotFound|TypeError|ReferenceError|RangeError|SyntaxError|Cannot read propert/;

/** One fuzzed request: the route it aims at and what is sent (a query without `?`, a raw body). */
export interface FuzzRequest {
  readonly route: RouteSpec;
  readonly path: string;
  readonly query: string;
  readonly body?: string;
}

const short = () => hostileString().map((s) => s.slice(0, 2000));

/** Valid, broken and hostile requests of one route. */
export function requestsOf(route: RouteSpec): fc.Arbitrary<FuzzRequest> {
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

/** Fuzzed requests on every route of the route table. */
export const fuzzedRequests = (): fc.Arbitrary<FuzzRequest> => fc.constantFrom(...(ROUTES as readonly RouteSpec[])).chain((route) => requestsOf(route));

/** A runtime ready to fuzz: the world of test/support/route-models.ts seeded, a token per role. */
export interface FuzzTarget {
  readonly t: TestRuntime;
  /** A client of the runtime's DynamoDB Local, for the table dumps. */
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly tokens: ReadonlyMap<string, string>;
}

/**
 * Seeds the world the route models name into the runtime's table and signs a token for the in-scope
 * caller of each role.
 *
 * @example
 * const target = await prepareFuzz(t, client, tableName);
 */
export async function prepareFuzz(t: TestRuntime, client: DynamoDBDocumentClient, tableName: string): Promise<FuzzTarget> {
  await seedWorld(t);
  const tokens = new Map<string, string>();
  for (const [role, who] of Object.entries(IN_SCOPE)) tokens.set(role, await t.token(who.sub, who.role));
  return { t, client, tableName, tokens };
}

/** What a fuzz run saw. */
export interface FuzzOutcome {
  /** Requests sent and judged (the failing one included). */
  readonly cases: number;
  /** How many answers had each status. */
  readonly statuses: Readonly<Record<number, number>>;
  /** Answers of 500 or more (the property fails at the first). */
  readonly serverErrors: number;
  /** Refusals after which the whole table was dumped and found equal to the dump before the request. */
  readonly unchangedChecks: number;
  readonly seconds: number;
  /** The seed of the run: `FUZZ_SEED` replays it. */
  readonly seed: number;
  /** fast-check's report of the first request that broke the property (no shrinking), with why; undefined when none did. */
  readonly failure?: string;
  /** Why that request broke the property, in one line. */
  readonly reason?: string;
}

/**
 * Sends `runs` fuzzed requests through the runtime and checks each answer against the property.
 * Stops at the first broken request and reports it in `failure` rather than throwing, so a caller
 * can report the figures of the run as well.
 *
 * @example
 * const outcome = await runFuzz(target, { runs: 200 });
 * if (outcome.failure) throw new Error(outcome.failure);
 */
export async function runFuzz(target: FuzzTarget, options: { runs: number; seed?: number }): Promise<FuzzOutcome> {
  const { t, client, tableName, tokens } = target;
  const statuses: Record<number, number> = {};
  let cases = 0;
  let serverErrors = 0;
  let unchangedChecks = 0;
  const check = (ok: boolean, why: () => string) => {
    if (!ok) throw new Error(why());
  };

  await t.runtime.tick();
  let before = await dumpTable(client, tableName);
  const started = performance.now();
  const details = await fc.check(
    fc.asyncProperty(fuzzedRequests(), async ({ route, path, query, body }) => {
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
      cases++;
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const request = `${route.key} ${path}?${query} ${body?.slice(0, 300)} -> ${res.status} ${res.text.slice(0, 300)}`;

      if (res.status >= 500) serverErrors++;
      check(res.status < 500, () => `a 5xx: ${request}`);
      if (res.status >= 300) {
        check(REFUSALS.includes(res.status), () => `a refusal outside ${REFUSALS.join('/')}: ${request}`);
        check(!LEAKS.test(res.text), () => `a refusal shows internals (${LEAKS.exec(res.text)?.[0]}): ${request}`);
        if (route.guard !== 'callbackToken') {
          const error = (res.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
          check(typeof error?.code === 'string' && typeof error.message === 'string', () => `a refusal not in the error shape: ${request}`);
        }
        check(after === before, () => `${route.key} refused with ${res.status} but changed the table: ${request}`);
        unchangedChecks++;
      }
      before = after;
    }),
    { numRuns: options.runs, seed: options.seed, endOnFailure: true, includeErrorInReport: true },
  );
  const seconds = (performance.now() - started) / 1000;
  if (!details.failed) return { cases, statuses, serverErrors, unchangedChecks, seconds, seed: details.seed };
  const error = details.errorInstance;
  return {
    cases,
    statuses,
    serverErrors,
    unchangedChecks,
    seconds,
    seed: details.seed,
    failure: fc.defaultReportMessage(details) ?? 'the property failed',
    reason: (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 500),
  };
}

import { randomUUID } from 'node:crypto';
import { createLogger } from '../../lib/adapters/logger.js';
import { matchRoute } from '../../local/api-event.js';
import { createLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '../../local/runtime.js';
import { assertDocumentedAnswer } from './contract.js';

// The local runtime over HTTP on a given DynamoDB Local, without vitest: the tests reach it through
// startTestRuntime (test/support/runtime.ts, the run's endpoint), the benchmarks with their own.

/** The local runtime and an HTTP client of it, as `startRuntimeOn` returns them. */
export type TestRuntime = Awaited<ReturnType<typeof startRuntimeOn>>;

/**
 * The local runtime on a fresh table of the DynamoDB Local at `endpoint`, listening on a free port,
 * frozen clock, no background tick.
 *
 * @example
 * const t = await startRuntimeOn(bench.ddb.endpoint, { tableName: 'fuzz' });
 * const res = await t.request('GET', '/openapi.json');
 */
export async function startRuntimeOn(endpoint: string, options: Partial<LocalRuntimeOptions> = {}) {
  const runtime: LocalRuntime = await createLocalRuntime({
    endpoint,
    tableName: `foster-e2e-${randomUUID().slice(0, 8)}`,
    clockStart: new Date('2026-11-23T02:00:00Z'),
    frozenClock: true,
    tickMs: 0,
    logger: createLogger({ logLevel: 'SILENT' }),
    ...options,
  });
  const url = await runtime.listen(0);

  const request = async (method: string, path: string, init: { token?: string; body?: unknown; raw?: string } = {}) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    const contentType = res.headers.get('content-type') ?? '';
    // A success of a contract route must be what the route table documents (status, media type, schema).
    const { route } = matchRoute(method, new URL(path, url).pathname);
    if (route) assertDocumentedAnswer(route.key, res.status, contentType, text);
    return { status: res.status, body, text, contentType };
  };
  const token = async (sub: string, role: string) => (await request('POST', '/_local/token', { body: { sub, role } })).body.token as string;
  return { runtime, url, request, token };
}

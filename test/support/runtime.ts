import type { DemoData } from '../../local/demo-data.js';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createLogger } from '../../lib/adapters/logger.js';
import { matchRoute } from '../../local/api-event.js';
import { createLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '../../local/runtime.js';
import { assertDocumentedAnswer } from './contract.js';

/** The local runtime on a fresh table of the run's DynamoDB Local, listening on a free port, frozen clock, no background tick. */
export async function startTestRuntime(options: Partial<LocalRuntimeOptions> = {}) {
  const runtime: LocalRuntime = await createLocalRuntime({
    endpoint: inject('dynamoEndpoint'),
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

/**
 * The demo agent with the most customers (the one the e2e tests make leave) and the chain of
 * managers above them: their supervisor, department manager and district manager.
 */
export function busiestDemoChain(demo: DemoData) {
  const staff = new Map(demo.staff.map((s) => [s.id, s]));
  const counts = demo.customers.reduce((m, c) => m.set(c.agentId, (m.get(c.agentId) ?? 0) + 1), new Map<string, number>());
  const [leaver] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  const supervisor = staff.get(staff.get(leaver)!.supervisorId!)!;
  const deptManager = demo.staff.find((s) => s.role === 'deptManager' && s.deptId === supervisor.deptId)!;
  const districtManager = demo.staff.find((s) => s.role === 'districtManager' && s.districtId === supervisor.districtId)!;
  return { staff, leaver, orphans: counts.get(leaver)!, supervisor, deptManager, districtManager };
}

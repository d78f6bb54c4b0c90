import type { DemoData } from '../../local/demo-data.js';
import { inject } from 'vitest';
import type { LocalRuntimeOptions } from '../../local/runtime.js';
import { startRuntimeOn } from './local-runtime.js';

/** The local runtime on a fresh table of the run's DynamoDB Local, listening on a free port, frozen clock, no background tick. */
export async function startTestRuntime(options: Partial<LocalRuntimeOptions> = {}) {
  return startRuntimeOn(inject('dynamoEndpoint'), options);
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

import type { Assignment } from '../../domain/assignment.js';
import type { Caller } from '../../domain/scope.js';
import type { Staff } from '../../domain/staff.js';
import { localMonth } from '../../domain/time.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import { IdBatch } from '../../domain/requests.js';
import { commitApprovals, loadBatch, type Failure } from './approve-assignments.js';
import { requireRole } from '../shared/require-role.js';

// escalateAssignments (district manager): overdue assignments the supervisor never handled go,
// by the customer's region, to the collector with the lightest load this month (round-robin as
// loads tie), or to a service clerk where the region has no collector, and are approved at once.

export async function escalateAssignments(deps: Pick<Deps, 'store' | 'clock' | 'config' | 'scheduler' | 'logger'>, caller: Caller, body: unknown) {
  requireRole(caller, ['districtManager']);
  const { ids } = parseInput(IdBatch, body);
  const { store, clock } = deps;
  const { ok, failed } = await loadBatch(deps, caller, ids, 'escalate');

  const byRegion = new Map<string, Assignment[]>();
  for (const a of ok) byRegion.set(a.region, [...(byRegion.get(a.region) ?? []), a]);
  const pools = new Map<string, Staff[]>();
  for (const region of byRegion.keys()) {
    const collectors = await store.fallbackStaff(region, 'collector');
    pools.set(region, collectors.length ? collectors : await store.fallbackStaff(region, 'serviceClerk'));
  }
  const month = localMonth(clock.now());
  const everyone = [...new Set([...pools.values()].flat().map((s) => s.id))];
  const load = new Map([...(await store.getAgentMonths(everyone, month))].map(([id, m]) => [id, m.assigned]));

  const chosen: { assignment: Assignment; agentId: string; escalated: boolean }[] = [];
  const noOwner: Failure[] = [];
  for (const [region, assignments] of byRegion) {
    const pool = pools.get(region) ?? [];
    for (const assignment of assignments) {
      if (!pool.length) {
        noOwner.push({ id: assignment.id, code: 'NO_FALLBACK', message: `region ${region} has no active collector or service clerk` });
        continue;
      }
      const pick = [...pool].sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) || a.id.localeCompare(b.id))[0]!;
      load.set(pick.id, (load.get(pick.id) ?? 0) + 1);
      chosen.push({ assignment, agentId: pick.id, escalated: true });
    }
  }
  const result = await commitApprovals(deps, chosen, caller.sub);
  return {
    approved: result.approved,
    assigned: chosen.filter((c) => result.approved.includes(c.assignment.id)).map((c) => ({ id: c.assignment.id, agentId: c.agentId })),
    failed: [...failed, ...noOwner, ...result.failed],
  };
}

import type { Assignment } from '../../domain/assignment.js';
import type { Caller } from '../../domain/scope.js';
import type { Staff } from '../../domain/staff.js';
import { teamCapacityLeft } from '../../domain/auto-plan.js';
import { localDate, localMonth } from '../../domain/time.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import { IdBatch } from '../../domain/requests.js';
import { commitApprovals, loadBatch, type Failure } from './approve-assignments.js';
import { requireRole } from '../shared/require-role.js';

// escalateAssignments (district manager): overdue assignments the supervisor never handled, and
// preAssigned ones the supervisor's team is full for this month, go by the customer's region to the
// collector with the lightest load this month (round-robin as loads tie), or to a service clerk
// where the region has no collector, and are approved at once.

/**
 * Keeps overdue assignments, and preAssigned ones only where the owner's team has no capacity left
 * this month (what the automatic proposal reports as `teamFull`); the others fail `TEAM_HAS_CAPACITY`.
 */
async function withoutRoomInTeam(deps: Pick<Deps, 'store' | 'clock' | 'config'>, assignments: Assignment[], failed: Failure[]): Promise<Assignment[]> {
  const owners = [...new Set(assignments.filter((a) => a.state === 'preAssigned').map((a) => a.ownerId))];
  if (!owners.length) return assignments;
  const now = deps.clock.now();
  const month = localMonth(now);
  const teams = await Promise.all(owners.map((owner) => deps.store.staffOfTeam(owner)));
  const counters = await deps.store.getAgentMonths([...new Set(teams.flat().map((s) => s.id))], month);
  const reserved = new Map([...counters].map(([id, m]) => [id, m.reserved]));
  const room = new Map(owners.map((owner, i) => [owner, teamCapacityLeft(teams[i]!, reserved, { cap: deps.config.monthlyCap, today: localDate(now) })]));
  return assignments.filter((a) => {
    const left = a.state === 'preAssigned' ? (room.get(a.ownerId) ?? 0) : 0;
    if (left > 0) {
      failed.push({
        id: a.id,
        code: 'TEAM_HAS_CAPACITY',
        message: `assignment ${a.id} is preAssigned and the team of ${a.ownerId} can still take ${left} this month; propose first (POST /assignments/proposals/auto)`,
      });
    }
    return left === 0;
  });
}

export async function escalateAssignments(deps: Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>, caller: Caller, body: unknown) {
  requireRole(caller, ['districtManager']);
  const { ids } = parseInput(IdBatch, body);
  const { store, clock } = deps;
  const loaded = await loadBatch(deps, caller, ids, 'escalate');
  const { failed } = loaded;
  const ok = await withoutRoomInTeam(deps, loaded.ok, failed);

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

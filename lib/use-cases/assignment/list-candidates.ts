import { rankCandidates } from '../../domain/candidates.js';
import type { Caller } from '../../domain/scope.js';
import { localDate, localMonth } from '../../domain/time.js';
import type { Deps } from '../../ports/deps.js';
import { loadAssignment } from './assignment-access.js';
import { requireRole } from '../shared/require-role.js';

// listCandidates: the agents of the owning supervisor's team who may receive this orphan, ranked
// (new agents, capacity left this month, region) with the reasons, so a supervisor with 40 people
// can pick on a phone without opening each profile. Three round trips: assignment, team, counters.

export async function listCandidates({ store, clock, config }: Pick<Deps, 'store' | 'clock' | 'config'>, caller: Caller, id: string) {
  requireRole(caller, ['supervisor', 'deptManager', 'districtManager', 'admin']);
  const { assignment } = await loadAssignment(store, caller, id);
  const now = clock.now();
  const month = localMonth(now);
  const team = await store.staffOfTeam(assignment.ownerId);
  const counters = await store.getAgentMonths(
    team.map((s) => s.id),
    month,
  );
  const items = rankCandidates(team, new Map([...counters].map(([k, v]) => [k, v.reserved])), {
    cap: config.monthlyCap,
    today: localDate(now),
    region: assignment.region,
    departedAgentId: assignment.departedAgentId,
  });
  return { assignmentId: assignment.id, month, cap: config.monthlyCap, items: items.map((c, i) => ({ rank: i + 1, ...c })) };
}

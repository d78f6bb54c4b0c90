import type { Assignment } from './assignment.js';
import { rankCandidates } from './candidates.js';
import type { Staff } from './staff.js';
import type { UnplacedWhy } from './bulk.js';

// The automatic proposal's plan: orphans in deadline order each go to the agent the existing
// ranking puts first (formal and active only; new agents first, then the most capacity left, then
// the customer's region), counting every pick against that agent's capacity before the next orphan
// is ranked. Since capacity left is a ranking key, equal agents take turns (round robin by rank)
// instead of one filling up. Customers carry no household, so only the region keeps people together,
// as the ranking's tie-break. Once no agent has capacity left the rest are `teamFull`.

export interface PlannedProposal {
  id: string;
  agentId: string;
  /** Why this agent, in the words of the candidates list. */
  reason: string;
}

export function planProposals(
  orphans: readonly Pick<Assignment, 'id' | 'region' | 'departedAgentId' | 'deadline'>[],
  team: readonly Staff[],
  reservedThisMonth: ReadonlyMap<string, number>,
  context: { cap: number; today: string },
): { plan: PlannedProposal[]; unplaced: { id: string; why: UnplacedWhy }[] } {
  const reserved = new Map(reservedThisMonth);
  const plan: PlannedProposal[] = [];
  const unplaced: { id: string; why: UnplacedWhy }[] = [];
  const ordered = [...orphans].sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id));
  let full = false;
  for (const orphan of ordered) {
    if (full) {
      unplaced.push({ id: orphan.id, why: 'teamFull' });
      continue;
    }
    const [best] = rankCandidates(team, reserved, { ...context, region: orphan.region, departedAgentId: orphan.departedAgentId });
    if (!best) {
      unplaced.push({ id: orphan.id, why: 'noCandidate' });
      continue;
    }
    if (!best.eligible) {
      full = true;
      unplaced.push({ id: orphan.id, why: 'teamFull' });
      continue;
    }
    reserved.set(best.agentId, (reserved.get(best.agentId) ?? 0) + 1);
    plan.push({ id: orphan.id, agentId: best.agentId, reason: best.reasons.join('; ') });
  }
  return { plan, unplaced };
}

/** Capacity the team has left this month: slots of its agents who may receive orphans. */
export function teamCapacityLeft(team: readonly Staff[], reservedThisMonth: ReadonlyMap<string, number>, context: { cap: number; today: string }): number {
  return rankCandidates(team, reservedThisMonth, { ...context, region: '', departedAgentId: '' }).reduce((n, c) => n + c.capacityLeft, 0);
}

import type { Staff } from './staff.js';
import { addMonths } from './time.js';

// Who may receive an orphan, and in what order a supervisor should see them: only active formal
// agents; agents with under one year of tenure first (the source process prefers new agents), then
// the most capacity left this month, then those working the customer's region.

export interface Candidate {
  agentId: string;
  name: string;
  joinedOn: string;
  region: string;
  newAgent: boolean;
  capacityLeft: number;
  assignedThisMonth: number;
  regionMatch: boolean;
  eligible: boolean;
  /** Why this rank, or why not eligible, in words a supervisor reads on a phone. */
  reasons: string[];
}

/** Why `agent` may not receive an orphan, or undefined when they may. */
export function ineligibility(agent: Staff | undefined, departedAgentId?: string): string | undefined {
  if (!agent) return 'unknown agent';
  if (agent.id === departedAgentId) return 'is the departed agent';
  if (agent.status !== 'active') return agent.status === 'inactive' ? 'is inactive' : 'has departed';
  if (agent.role !== 'agent') return `is a ${agent.role}, not an agent`;
  if (agent.kind !== 'formal') return `is a ${agent.kind} agent; only formal agents receive orphans`;
  return undefined;
}

/** Whether an agent joined less than a year before `today` (YYYY-MM-DD). */
export function isNewAgent(joinedOn: string, today: string): boolean {
  return joinedOn > addMonths(today, -12);
}

export function rankCandidates(
  agents: readonly Staff[],
  reservedThisMonth: ReadonlyMap<string, number>,
  context: { cap: number; today: string; region: string; departedAgentId: string },
): Candidate[] {
  const candidates = agents.flatMap((agent) => {
    // Probation agents, collectors, departed agents: never candidates, so not listed at all.
    if (ineligibility(agent, context.departedAgentId)) return [];
    const reserved = reservedThisMonth.get(agent.id) ?? 0;
    const capacityLeft = Math.max(0, context.cap - reserved);
    const newAgent = isNewAgent(agent.joinedOn, context.today);
    const regionMatch = agent.region === context.region;
    const reasons = [
      newAgent ? `new agent (joined ${agent.joinedOn})` : `joined ${agent.joinedOn}, over a year ago`,
      capacityLeft > 0 ? `${capacityLeft} of ${context.cap} left this month` : `monthly cap of ${context.cap} reached`,
      regionMatch ? `works ${agent.region}, the customer's region` : `works ${agent.region}`,
    ];
    return [
      {
        agentId: agent.id,
        name: agent.name,
        joinedOn: agent.joinedOn,
        region: agent.region,
        newAgent,
        capacityLeft,
        assignedThisMonth: reserved,
        regionMatch,
        eligible: capacityLeft > 0,
        reasons,
      } satisfies Candidate,
    ];
  });
  return candidates.sort(
    (a, b) =>
      Number(b.eligible) - Number(a.eligible) ||
      Number(b.newAgent) - Number(a.newAgent) ||
      b.capacityLeft - a.capacityLeft ||
      Number(b.regionMatch) - Number(a.regionMatch) ||
      a.agentId.localeCompare(b.agentId),
  );
}

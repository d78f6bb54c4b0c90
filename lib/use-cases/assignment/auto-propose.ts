import { canTransition, type Assignment } from '../../domain/assignment.js';
import { planProposals } from '../../domain/auto-plan.js';
import { AutoProposalRequest, type UnplacedWhy } from '../../domain/bulk.js';
import type { Caller } from '../../domain/scope.js';
import { localDate, localMonth } from '../../domain/time.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import { assignmentInScope } from './assignment-access.js';
import { commitChoices } from './bulk-choose.js';
import { requireRole } from '../shared/require-role.js';

// autoPropose (supervisor): every preAssigned orphan the supervisor owns (or the ids given) gets the
// best agent of the team with capacity left, by the candidates ranking, spread across agents
// (lib/domain/auto-plan.ts); what the team cannot take this month is `teamFull`, for the district
// manager to escalate. Committed like a bulk proposal; `dryRun` only plans and writes nothing.

type AutoDeps = Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>;

export async function autoPropose(deps: AutoDeps, caller: Caller, body: unknown) {
  requireRole(caller, ['supervisor']);
  const { ids, dryRun } = parseInput(AutoProposalRequest, body ?? {});
  const { store, clock, config } = deps;
  const now = clock.now();
  const month = localMonth(now);

  const unplaced: { id: string; why: UnplacedWhy }[] = [];
  let orphans: Assignment[];
  if (ids) {
    const { assignments } = await store.getMany({ assignments: ids });
    orphans = [];
    for (const id of ids) {
      const a = assignments.get(id);
      if (!a) unplaced.push({ id, why: 'notFound' });
      else if (!assignmentInScope(caller, undefined, a)) unplaced.push({ id, why: 'forbidden' });
      else if (!canTransition('propose', a.state)) unplaced.push({ id, why: 'invalidState' });
      else orphans.push(a);
    }
  } else {
    orphans = await store.preAssignedOf(caller.sub);
  }

  const team = await store.staffOfTeam(caller.sub);
  const counters = await store.getAgentMonths(
    team.map((s) => s.id),
    month,
  );
  const reserved = new Map([...counters].map(([id, m]) => [id, m.reserved]));
  const planned = planProposals(orphans, team, reserved, { cap: config.monthlyCap, today: localDate(now) });
  unplaced.push(...planned.unplaced);
  let plan = planned.plan;

  if (!dryRun && plan.length) {
    const byId = new Map(orphans.map((a) => [a.id, a]));
    const { failed } = await commitChoices(
      deps,
      plan.map((p) => ({ assignment: byId.get(p.id)!, agentId: p.agentId })),
      'proposed',
      caller.sub,
    );
    // Lost to a racing writer between plan and commit: left for the supervisor to look at again.
    const lost = new Map(failed.map((f) => [f.id, f.refusal]));
    plan = plan.filter((p) => !lost.has(p.id));
    unplaced.push(...[...lost].map(([id, why]) => ({ id, why })));
  }
  deps.logger.info('automatic proposal', { by: caller.sub, dryRun, planned: plan.length, unplaced: unplaced.length });
  return { dryRun, month, cap: config.monthlyCap, plan, unplaced };
}

import { canTransition, type Assignment, type AssignmentAction } from '../../domain/assignment.js';
import { ProposalBatch, ReviewBatch, type ItemFailure } from '../../domain/bulk.js';
import type { Caller } from '../../domain/scope.js';
import type { Staff } from '../../domain/staff.js';
import { localMonth } from '../../domain/time.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import type { AgentChoice } from '../../ports/bulk-assignment-store.js';
import { assignmentInScope } from './assignment-access.js';
import { capReachedError, changedMeanwhileError, ineligibleAgentError, proposalRule, reviewRule } from './choose-agent.js';
import { requireRole } from '../shared/require-role.js';

// proposeAssignments (supervisor) and reviewAssignments (department manager): the single routes'
// rules, errors and atomic monthly cap for up to 500 items a call; one read for all of them, one
// transaction per agent chunk (store.chooseAgents). Each item succeeds or fails on its own.

type ChooseDeps = Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>;

/** What an item asks for, before checks. */
interface Wanted {
  id: string;
  /** The agent named, or undefined for an accept (the proposed agent). */
  agentId?: string;
}

const failure = (id: string, error: { code: string; message: string }): ItemFailure => ({ id, code: error.code, message: error.message });

/**
 * Commits checked choices and turns the store's refusals into the single routes' errors (one read
 * for every item that changed meanwhile). Shared with the automatic proposal.
 */
export async function commitChoices(deps: ChooseDeps, choices: AgentChoice[], state: 'proposed' | 'reviewed', by: string) {
  const { store, clock, config } = deps;
  if (!choices.length) return { chosen: [] as Assignment[], failed: [] as (ItemFailure & { refusal: 'capReached' | 'stateChanged' })[] };
  const now = clock.now();
  const month = localMonth(now);
  const { chosen, refused } = await store.chooseAgents({ choices, state, month, cap: config.monthlyCap, at: now.toISOString(), by });
  const agentOf = new Map(choices.map((c) => [c.assignment.id, c.agentId]));
  const changed = refused.filter((r) => r.refusal === 'stateChanged').map((r) => r.id);
  const current = changed.length ? await store.getAssignments(changed) : new Map<string, Assignment>();
  const failed = refused.map((r) => ({
    ...failure(
      r.id,
      r.refusal === 'capReached' ? capReachedError(agentOf.get(r.id)!, config.monthlyCap, month) : changedMeanwhileError(r.id, current.get(r.id)),
    ),
    refusal: r.refusal,
  }));
  deps.logger.info('agents chosen in bulk', { state, by, chosen: chosen.length, refused: refused.length });
  return { chosen, failed };
}

/** Loads the items' assignments and agents in one round trip and checks each as the single route would. */
async function check(
  deps: ChooseDeps,
  caller: Caller,
  wanted: Wanted[],
  action: AssignmentAction,
  rule: (assignment: Assignment) => (agent: Staff) => string | undefined,
): Promise<{ choices: AgentChoice[]; failed: ItemFailure[] }> {
  const named = wanted.flatMap((w) => (w.agentId ? [w.agentId] : []));
  const { assignments, staff } = await deps.store.getMany({ assignments: wanted.map((w) => w.id), staff: [caller.sub, ...new Set(named)] });
  // An accept names no agent: the proposed ones are read in a second round trip, only if missing.
  const proposed = new Set(
    wanted.flatMap((w) => {
      const agentId = w.agentId ? undefined : assignments.get(w.id)?.agentId;
      return agentId && !staff.has(agentId) ? [agentId] : [];
    }),
  );
  if (proposed.size) for (const [id, s] of await deps.store.getStaff([...proposed])) staff.set(id, s);
  const me = staff.get(caller.sub);
  const choices: AgentChoice[] = [];
  const failed: ItemFailure[] = [];
  for (const { id, agentId: named } of wanted) {
    const assignment = assignments.get(id);
    if (!assignment) {
      failed.push({ id, code: 'NOT_FOUND', message: `assignment ${id} not found` });
      continue;
    }
    if (!assignmentInScope(caller, me, assignment)) {
      failed.push({ id, code: 'FORBIDDEN', message: `assignment ${id} is outside your scope` });
      continue;
    }
    if (!canTransition(action, assignment.state)) {
      failed.push({ id, code: 'INVALID_STATE', message: `assignment ${id} is ${assignment.state}; cannot ${action} it` });
      continue;
    }
    const agentId = named ?? assignment.agentId;
    if (!agentId) {
      failed.push({ id, code: 'VALIDATION_FAILED', message: 'agentId: required: the assignment has no proposed agent' });
      continue;
    }
    const refusal = ineligibleAgentError(assignment, staff.get(agentId), agentId, rule(assignment));
    if (refusal) failed.push(failure(id, refusal));
    else choices.push({ assignment, agentId });
  }
  return { choices, failed };
}

/** The ids that went through and the failures (of the checks, then of the commit), in the order they were asked for. */
function inOrder(wanted: Wanted[], chosen: Assignment[], failed: ItemFailure[]) {
  const position = new Map(wanted.map((w, i) => [w.id, i]));
  const byPosition = (a: { id: string }, b: { id: string }) => position.get(a.id)! - position.get(b.id)!;
  return {
    ids: [...chosen].sort(byPosition).map((a) => a.id),
    failed: [...failed].sort(byPosition).map(({ id, code, message }) => ({ id, code, message })),
  };
}

export async function proposeAssignments(deps: ChooseDeps, caller: Caller, body: unknown) {
  requireRole(caller, ['supervisor']);
  const { items } = parseInput(ProposalBatch, body);
  const { choices, failed } = await check(deps, caller, items, 'propose', proposalRule);
  const result = await commitChoices(deps, choices, 'proposed', caller.sub);
  const out = inOrder(items, result.chosen, [...failed, ...result.failed]);
  return { proposed: out.ids, failed: out.failed };
}

export async function reviewAssignments(deps: ChooseDeps, caller: Caller, body: unknown) {
  requireRole(caller, ['deptManager']);
  const { items } = parseInput(ReviewBatch, body);
  const wanted = items.map((i) => (i.decision === 'reassign' ? { id: i.id, agentId: i.agentId } : { id: i.id }));
  const { choices, failed } = await check(deps, caller, wanted, 'review', reviewRule);
  const result = await commitChoices(deps, choices, 'reviewed', caller.sub);
  const out = inOrder(wanted, result.chosen, [...failed, ...result.failed]);
  return { reviewed: out.ids, failed: out.failed };
}

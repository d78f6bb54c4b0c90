import { ineligibility } from '../../domain/candidates.js';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import type { Caller } from '../../domain/scope.js';
import { localMonth } from '../../domain/time.js';
import { Proposal, Review } from '../../domain/requests.js';
import { parseInput } from '../../domain/validation.js';
import type { Assignment } from '../../domain/assignment.js';
import type { Staff } from '../../domain/staff.js';
import type { Deps } from '../../ports/deps.js';
import { assertTransition, loadAssignment } from './assignment-access.js';
import { requireRole } from '../shared/require-role.js';

// proposeAssignment (supervisor) and reviewAssignment (department manager): pick the agent for an
// orphan. The agent must be eligible and under this month's cap; the cap slot is reserved in the
// same transaction as the state change, so two proposals racing for the last slot give one 409.

type ChooseDeps = Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>;

/** Why a supervisor may not propose `agent` for `assignment` (their own team only). */
export const proposalRule = (assignment: Assignment) => (agent: Staff) => (agent.supervisorId === assignment.ownerId ? undefined : `is not in your team`);
/** Why a department manager may not choose `agent` for `assignment` (their department only). */
export const reviewRule = (assignment: Assignment) => (agent: Staff) =>
  agent.deptId === assignment.deptId ? undefined : `is not in department ${assignment.deptId}`;

/** The 409 of choosing an agent who may not receive the orphan, or undefined when they may (shared with the bulk routes). */
export function ineligibleAgentError(assignment: Assignment, agent: Staff | undefined, agentId: string, mayReceive: (agent: Staff) => string | undefined) {
  const why = ineligibility(agent, assignment.departedAgentId) ?? (agent ? mayReceive(agent) : undefined);
  return why ? new ConflictError('NOT_ELIGIBLE', `agent ${agentId} ${why}`, { agentId }) : undefined;
}

/** The 409 of an agent without a slot left this month. */
export function capReachedError(agentId: string, cap: number, month: string) {
  return new ConflictError('CAP_REACHED', `agent ${agentId} has reached the monthly cap of ${cap} for ${month}`, { agentId, month, cap });
}

/** The 409 of an assignment another writer changed between read and write. */
export function changedMeanwhileError(id: string, current: Assignment | undefined) {
  return new ConflictError('INVALID_STATE', `assignment ${id} changed meanwhile; it is now ${current?.state ?? 'gone'}`, { state: current?.state });
}

async function choose(
  deps: ChooseDeps,
  assignment: Assignment,
  agent: Staff | undefined,
  agentId: string,
  state: 'proposed' | 'reviewed',
  by: string,
  mayReceive: (agent: Staff) => string | undefined,
) {
  const { store, clock, config } = deps;
  const refusal = ineligibleAgentError(assignment, agent, agentId, mayReceive);
  if (refusal) throw refusal;
  const month = localMonth(clock.now());
  const result = await store.chooseAgent({ assignment, state, agentId, month, cap: config.monthlyCap, at: clock.now().toISOString(), by });
  if (!result.ok) {
    if (result.refusal === 'capReached') throw capReachedError(agentId, config.monthlyCap, month);
    throw changedMeanwhileError(assignment.id, await store.getAssignment(assignment.id));
  }
  deps.logger.info('agent chosen', { assignmentId: assignment.id, state, agentId, by });
  return result.assignment;
}

const view = (a: Assignment) => ({ id: a.id, customerId: a.customerId, state: a.state, ownerId: a.ownerId, agentId: a.agentId, deadline: a.deadline });

export async function proposeAssignment(deps: ChooseDeps, caller: Caller, id: string, body: unknown) {
  requireRole(caller, ['supervisor']);
  const { agentId } = parseInput(Proposal, body);
  const { assignment, staff } = await loadAssignment(deps.store, caller, id, [agentId]);
  assertTransition(assignment, 'propose');
  const next = await choose(deps, assignment, staff.get(agentId), agentId, 'proposed', caller.sub, proposalRule(assignment));
  return view(next);
}

export async function reviewAssignment(deps: ChooseDeps, caller: Caller, id: string, body: unknown) {
  requireRole(caller, ['deptManager']);
  const review = parseInput(Review, body);
  const named = review.decision === 'reassign' ? [review.agentId] : [];
  const { assignment, staff } = await loadAssignment(deps.store, caller, id, named);
  assertTransition(assignment, 'review');
  const agentId = review.decision === 'reassign' ? review.agentId : assignment.agentId;
  if (!agentId) throw new ValidationError([{ path: 'agentId', message: 'required: the assignment has no proposed agent' }]);
  const agent = staff.get(agentId) ?? (await deps.store.getStaff([agentId])).get(agentId);
  const next = await choose(deps, assignment, agent, agentId, 'reviewed', caller.sub, reviewRule(assignment));
  return view(next);
}

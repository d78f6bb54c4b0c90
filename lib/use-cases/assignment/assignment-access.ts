import { canTransition, type Assignment, type AssignmentAction } from '../../domain/assignment.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../domain/errors.js';
import type { Caller } from '../../domain/scope.js';
import type { Staff } from '../../domain/staff.js';
import type { Store } from '../../ports/store.js';

// Shared by the assignment use cases: load one assignment, check the caller's scope over it, and
// refuse an action from the wrong state with a 409 that names the state it is in.

/** Whether an assignment lies in the caller's scope (`me` is the caller's staff record). */
export function assignmentInScope(caller: Caller, me: Staff | undefined, a: Assignment): boolean {
  switch (caller.role) {
    case 'admin':
      return true;
    case 'supervisor':
      return a.ownerId === caller.sub;
    case 'deptManager':
      return me?.deptId === a.deptId;
    case 'districtManager':
      return me?.districtId === a.districtId;
    case 'agent':
      return a.state === 'approved' && a.agentId === caller.sub;
  }
}

/**
 * The assignment, after a scope check: 404 when it does not exist, 403 when it is not the caller's.
 * `alsoStaff` are read in the same round trip (the agent a proposal names, say).
 */
export async function loadAssignment(
  store: Store,
  caller: Caller,
  id: string,
  alsoStaff: readonly string[] = [],
): Promise<{ assignment: Assignment; me?: Staff; staff: Map<string, Staff> }> {
  const { assignments, staff } = await store.getMany({ assignments: [id], staff: [caller.sub, ...alsoStaff] });
  const assignment = assignments.get(id);
  if (!assignment) throw new NotFoundError('assignment', id);
  const me = staff.get(caller.sub);
  if (!assignmentInScope(caller, me, assignment)) throw new ForbiddenError(`assignment ${id} is outside your scope`);
  return { assignment, me, staff };
}

/** Throws 409 `INVALID_STATE` unless `action` may start from the assignment's state. */
export function assertTransition(assignment: Assignment, action: AssignmentAction): void {
  if (!canTransition(action, assignment.state)) {
    throw new ConflictError('INVALID_STATE', `assignment ${assignment.id} is ${assignment.state}; cannot ${action} it`, {
      state: assignment.state,
    });
  }
}

import { ForbiddenError } from '../../domain/errors.js';
import { AssignmentListQuery } from '../../domain/requests.js';
import type { Caller } from '../../domain/scope.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import type { AssignmentScope } from '../../ports/store.js';
import { requireRole } from '../shared/require-role.js';

// listAssignments: a supervisor sees the assignments they own, a department or district manager
// those of their department or district, optionally in one state, soonest deadline first; a page
// (up to 500, the size of a bulk call) is one query per index shard, in parallel.

export async function listAssignments({ store }: Pick<Deps, 'store'>, caller: Caller, rawQuery: unknown) {
  requireRole(caller, ['supervisor', 'deptManager', 'districtManager']);
  const query = parseInput(AssignmentListQuery, rawQuery ?? {});
  let scope: AssignmentScope;
  if (caller.role === 'supervisor') scope = { ownerId: caller.sub };
  else {
    const me = (await store.getStaff([caller.sub])).get(caller.sub);
    if (!me) throw new ForbiddenError(`no staff record for ${caller.sub}`);
    scope = caller.role === 'deptManager' ? { deptId: me.deptId } : { districtId: me.districtId };
  }
  const page = await store.listAssignments(scope, { state: query.state, limit: query.limit, cursor: query.next });
  return {
    items: page.items.map((a) => ({
      id: a.id,
      customerId: a.customerId,
      customerName: a.customerName,
      state: a.state,
      ownerId: a.ownerId,
      ...(a.agentId ? { agentId: a.agentId } : {}),
      departedAgentId: a.departedAgentId,
      region: a.region,
      deadline: a.deadline,
    })),
    ...(page.next ? { next: page.next } : {}),
  };
}

import { ForbiddenError, NotFoundError } from '../../domain/errors.js';
import { Id } from '../../domain/ids.js';
import { inScope, type Caller } from '../../domain/scope.js';
import type { Role } from '../../domain/staff.js';
import { parseInput } from '../../domain/validation.js';
import type { CustomerFiles } from '../../ports/file-store.js';
import type { Store } from '../../ports/store.js';
import { requireRole } from '../shared/require-role.js';

// Shared by the customer-file use cases: one customer's profile and file (one BatchGet), after the
// caller's scope check: the customer's own agent, a manager whose team, department or district the
// agent sits in, or an admin. 404 when there is no such customer, 403 outside the scope.

export type KnownCustomer = Required<Pick<CustomerFiles, 'profile'>> & Pick<CustomerFiles, 'file'>;

/** Whether the caller may see customers of `agentId` (one staff read for managers). */
export async function customerInScope(store: Store, caller: Caller, agentId: string): Promise<boolean> {
  if (caller.role === 'admin') return true;
  if (caller.role === 'agent') return agentId === caller.sub;
  const staff = await store.getStaff([caller.sub, agentId]);
  return inScope(caller, staff.get(caller.sub), staff.get(agentId), agentId);
}

/** The customer, if it exists (404) and lies in the caller's scope (403); `roles` may call at all. */
export async function loadCustomerInScope(store: Store, caller: Caller, rawId: unknown, roles: readonly Role[]): Promise<KnownCustomer> {
  requireRole(caller, roles);
  const id = parseInput(Id, rawId, 'id');
  const known = (await store.getCustomerFiles([id])).get(id);
  if (!known?.profile) throw new NotFoundError('customer', id);
  if (!(await customerInScope(store, caller, known.profile.agentId))) throw new ForbiddenError(`customer ${id} is outside your scope`);
  return { profile: known.profile, ...(known.file ? { file: known.file } : {}) };
}

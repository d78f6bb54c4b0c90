import { ConflictError, ForbiddenError, NotFoundError } from '../../domain/errors.js';
import { recommendationLetterHtml } from '../../domain/letter.js';
import type { Caller } from '../../domain/scope.js';
import { localDate } from '../../domain/time.js';
import type { Deps } from '../../ports/deps.js';
import { requireRole } from '../shared/require-role.js';

// recommendationLetter: the printable 增值服务业务员推荐函 an agent takes to visit 1: the company, the
// new agent's name and phone, the customer, the services offered. Only the approved agent (or
// their managers) may print it, once approved (409 before); every field is HTML-escaped.

export async function recommendationLetter({ store, clock, config }: Pick<Deps, 'store' | 'clock' | 'config'>, caller: Caller, id: string): Promise<string> {
  requireRole(caller, ['agent', 'supervisor', 'deptManager', 'districtManager', 'admin']);
  const { assignments, staff } = await store.getMany({ assignments: [id], staff: [caller.sub] });
  const assignment = assignments.get(id);
  if (!assignment) throw new NotFoundError('assignment', id);
  const me = staff.get(caller.sub);
  const allowed =
    caller.role === 'admin' ||
    (caller.role === 'agent' && assignment.agentId === caller.sub) ||
    (caller.role === 'supervisor' && assignment.ownerId === caller.sub) ||
    (caller.role === 'deptManager' && me?.deptId === assignment.deptId) ||
    (caller.role === 'districtManager' && me?.districtId === assignment.districtId);
  if (!allowed) throw new ForbiddenError(`assignment ${id} is outside your scope`);
  if (assignment.state !== 'approved' || !assignment.agentId) {
    throw new ConflictError('NOT_APPROVED', `assignment ${id} is ${assignment.state}, not approved yet: its letter exists once it is approved`, {
      state: assignment.state,
    });
  }
  const { staff: agents, customers } = await store.getMany({ staff: [assignment.agentId], customers: [assignment.customerId] });
  const agent = agents.get(assignment.agentId);
  const customer = customers.get(assignment.customerId);
  if (!agent || !customer) throw new NotFoundError('letter for assignment', id);
  return recommendationLetterHtml({
    companyName: config.companyName,
    serviceLine: config.serviceLine,
    customerName: customer.name,
    agentName: agent.name,
    agentPhone: agent.phone,
    date: localDate(clock.now()),
    policies: customer.policies.map((p) => p.product),
  });
}

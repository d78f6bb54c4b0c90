import { ConflictError, ForbiddenError, NotFoundError } from '../../domain/errors.js';
import type { Caller } from '../../domain/scope.js';
import type { Visit } from '../../domain/visit.js';
import type { CustomerRecord, Store } from '../../ports/store.js';
import type { Staff } from '../../domain/staff.js';
import { parseVisitId } from '../../domain/ids.js';

// Shared by the visit use cases: a visit is the agent's own, and only the open one can be acted on.

/** The visit, if it exists (404) and belongs to the calling agent (403). */
export async function loadOwnVisit(store: Store, caller: Caller, visitId: string): Promise<Visit> {
  const visit = await store.getVisit(visitId);
  if (!visit || visit.state === 'cancelled') throw new NotFoundError('visit', visitId);
  if (visit.agentId !== caller.sub) throw new ForbiddenError(`visit ${visitId} belongs to another agent`);
  return visit;
}

/** Throws 409 unless the visit is the open one, saying what to do instead. */
export function assertOpen(visit: Visit): void {
  if (visit.state === 'open') return;
  const hint = visit.state === 'waiting' ? `complete visit ${visit.number - 1} first` : 'it is finished';
  throw new ConflictError('INVALID_STATE', `visit ${visit.number} is ${visit.state}; ${hint}`, { state: visit.state });
}

export const changedMeanwhile = (visit: Visit) => new ConflictError('CONCURRENT_CHANGE', `visit ${visit.id} changed meanwhile; reload and try again`);

/** The visit with its customer's whole record and the caller's staff record, in one parallel round trip. */
export async function loadVisitContext(store: Store, caller: Caller, visitId: string): Promise<{ visit: Visit; record: CustomerRecord; me?: Staff }> {
  const ref = parseVisitId(visitId);
  if (!ref) throw new NotFoundError('visit', visitId);
  const [record, staff] = await Promise.all([store.getCustomerRecord(ref.customerId), store.getStaff([caller.sub])]);
  const visit = record?.visits.find((v) => v.id === visitId);
  if (!record || !visit || visit.state === 'cancelled') throw new NotFoundError('visit', visitId);
  if (visit.agentId !== caller.sub) throw new ForbiddenError(`visit ${visitId} belongs to another agent`);
  return { visit, record, me: staff.get(caller.sub) };
}

import { ForbiddenError } from '../../domain/errors.js';
import { maskPhone } from '../../domain/phone.js';
import type { Caller } from '../../domain/scope.js';
import { UnmatchedQuery } from '../../domain/requests.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import { requireRole } from '../shared/require-role.js';

// unmatchedReplies: customer replies foster could not file (no rating request to match, or words it
// could not read), for a supervisor to follow up: a supervisor sees those of their team's customers,
// a district manager all of the district, an admin those from numbers of no customer.

export async function unmatchedReplies({ store }: Pick<Deps, 'store'>, caller: Caller, rawQuery: unknown) {
  requireRole(caller, ['supervisor', 'deptManager', 'districtManager', 'admin']);
  const { limit } = parseInput(UnmatchedQuery, rawQuery ?? {});
  const me = caller.role === 'admin' ? undefined : (await store.getStaff([caller.sub])).get(caller.sub);
  if (caller.role !== 'admin' && !me) throw new ForbiddenError(`no staff record for ${caller.sub}`);
  const replies = await store.unmatchedReplies(me?.districtId ?? 'unknown', limit);
  const mine = replies.filter((r) =>
    caller.role === 'supervisor' ? r.supervisorId === caller.sub : caller.role === 'deptManager' ? r.deptId === me?.deptId : true,
  );
  return {
    items: mine.map((r) => ({
      id: r.id,
      receivedAt: r.receivedAt,
      outcome: r.outcome,
      from: maskPhone(r.from),
      body: r.body,
      ...(r.customerId ? { customerId: r.customerId } : {}),
      ...(r.visitId ? { visitId: r.visitId } : {}),
      ...(r.rating !== undefined ? { rating: r.rating } : {}),
    })),
  };
}

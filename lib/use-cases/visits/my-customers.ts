import { suggestInvitation } from '../../domain/invitation.js';
import type { Caller } from '../../domain/scope.js';
import { MIN_ATTEMPTS, type Visit } from '../../domain/visit.js';
import { MyCustomersQuery } from '../../domain/requests.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import { requireRole } from '../shared/require-role.js';

// myCustomers: an agent's orphan customers, what is due first on top: the next visit and its due
// date, attempts so far, last rating, and the customer's policies. One index query for the agent's
// visits, then one BatchGet for the profiles of the page shown.

const visitView = (v: Visit) => ({
  id: v.id,
  number: v.number,
  dueOn: v.dueOn,
  state: v.state,
  attempts: v.attempts.length,
  minimumAttempts: MIN_ATTEMPTS[v.number],
  // The open visit says what to invite with: the suggested reason, then the ones still to try.
  ...(v.state === 'open' ? { invitation: suggestInvitation(v.number, v.attempts) } : {}),
  ...(v.rating !== undefined ? { rating: v.rating } : {}),
});

export async function myCustomers({ store }: Pick<Deps, 'store'>, caller: Caller, rawQuery: unknown) {
  requireRole(caller, ['agent']);
  const { limit, next } = parseInput(MyCustomersQuery, rawQuery ?? {});
  const visits = await store.visitsOfAgent(caller.sub);

  const byAssignment = new Map<string, Visit[]>();
  for (const v of visits) byAssignment.set(v.assignmentId, [...(byAssignment.get(v.assignmentId) ?? []), v]);
  const rows = [...byAssignment.values()].map((vs) => {
    vs.sort((a, b) => a.number - b.number);
    const open = vs.find((v) => v.state === 'open');
    const rated = vs.filter((v) => v.rating !== undefined).sort((a, b) => (b.ratedAt ?? '').localeCompare(a.ratedAt ?? ''))[0];
    return { customerId: vs[0]!.customerId, assignmentId: vs[0]!.assignmentId, open, rated, visits: vs };
  });
  // Open visits by due date first; customers whose visits have all ended last.
  rows.sort((a, b) => (a.open?.dueOn ?? '9999').localeCompare(b.open?.dueOn ?? '9999') || a.customerId.localeCompare(b.customerId));

  const start = Number(next ?? 0);
  const page = rows.slice(start, start + limit);
  const profiles = await store.getCustomers(page.map((r) => r.customerId));
  return {
    items: page.flatMap((r) => {
      const c = profiles.get(r.customerId);
      if (!c || c.agentId !== caller.sub) return []; // moved to someone else since
      return [
        {
          customerId: c.id,
          name: c.name,
          phone: c.phone,
          region: c.region,
          assignmentId: r.assignmentId,
          policies: c.policies,
          nextVisit: r.open ? visitView(r.open) : null,
          visits: r.visits.map(visitView),
          lastRating: r.rated?.rating ?? null,
        },
      ];
    }),
    total: rows.length,
    ...(start + limit < rows.length ? { next: String(start + limit) } : {}),
  };
}

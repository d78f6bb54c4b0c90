import { ForbiddenError } from '../../domain/errors.js';
import type { Caller } from '../../domain/scope.js';
import type { Staff } from '../../domain/staff.js';
import { localMonth } from '../../domain/time.js';
import { TeamMetricsQuery } from '../../domain/requests.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import { requireRole } from '../shared/require-role.js';

// teamMetrics: per agent in the caller's scope, the month's counters kept by the writes themselves
// (assigned, attempts, visits done, rating replies and average, life and card sales): one index
// query for the people, one BatchGet per 100 agents for the counters, never a read of every visit.

const FIELD_AGENTS = new Set(['formal', 'probation', 'collector', 'serviceClerk']);

export async function teamMetrics({ store, clock }: Pick<Deps, 'store' | 'clock'>, caller: Caller, rawQuery: unknown) {
  requireRole(caller, ['supervisor', 'deptManager', 'districtManager', 'admin']);
  const month = parseInput(TeamMetricsQuery, rawQuery ?? {}).month ?? localMonth(clock.now());
  let people: Staff[];
  if (caller.role === 'supervisor') people = await store.staffOfTeam(caller.sub);
  else {
    const me = (await store.getStaff([caller.sub])).get(caller.sub);
    if (!me) throw new ForbiddenError(`no staff record for ${caller.sub}`);
    people = caller.role === 'deptManager' ? await store.staffOfDept(me.deptId) : await store.staffOfDistrict(me.districtId);
  }
  const agents = people.filter((s) => s.role === 'agent' && FIELD_AGENTS.has(s.kind));
  const counters = await store.getAgentMonths(
    agents.map((a) => a.id),
    month,
  );
  const items = agents.map((a) => {
    const m = counters.get(a.id)!;
    return {
      agentId: a.id,
      name: a.name,
      supervisorId: a.supervisorId,
      assigned: m.assigned,
      attempts: m.attempts,
      visitsDone: m.visitsDone,
      ratingReplies: m.ratingReplies,
      averageRating: m.ratingReplies ? Math.round((m.ratingSum / m.ratingReplies) * 100) / 100 : null,
      soldLife: m.soldLife,
      soldCard: m.soldCard,
    };
  });
  items.sort((a, b) => a.agentId.localeCompare(b.agentId));
  const sum = (k: 'assigned' | 'attempts' | 'visitsDone' | 'ratingReplies' | 'soldLife' | 'soldCard') => items.reduce((n, i) => n + i[k], 0);
  const ratingSum = agents.reduce((n, a) => n + counters.get(a.id)!.ratingSum, 0);
  return {
    month,
    items,
    totals: {
      assigned: sum('assigned'),
      attempts: sum('attempts'),
      visitsDone: sum('visitsDone'),
      ratingReplies: sum('ratingReplies'),
      averageRating: sum('ratingReplies') ? Math.round((ratingSum / sum('ratingReplies')) * 100) / 100 : null,
      soldLife: sum('soldLife'),
      soldCard: sum('soldCard'),
    },
  };
}

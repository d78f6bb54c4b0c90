import { ForbiddenError } from '../../domain/errors.js';
import type { Caller } from '../../domain/scope.js';
import type { Staff } from '../../domain/staff.js';
import { QUADRANTS } from '../../domain/quadrant.js';
import { MetricsQuery, noQuadrants, stateFigures, type QuadrantCounts, type StateFigures } from '../../domain/team.js';
import { localDate, localMonth } from '../../domain/time.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import type { AgentMonth, Store } from '../../ports/store.js';
import { requireRole } from '../shared/require-role.js';

// teamMetrics: per agent in the caller's scope, the month's event counters kept by the writes
// themselves and the state figures (now for the current month, the month-end snapshot for a past
// one), the quadrant mix among them: one index query for the people, one BatchGet per 50 agents,
// never a read of every visit or customer.

const FIELD_AGENTS = new Set(['formal', 'probation', 'collector', 'serviceClerk']);

/** Counters counted as the month's events, summed as they are into `totals`. */
const EVENT_COUNTERS = [
  'assigned',
  'attempts',
  'visitsDone',
  'ratingRequests',
  'undelivered',
  'ratingReplies',
  'healthTests',
  'soldLife',
  'soldCard',
  'issuedLife',
  'issuedCard',
] as const;
const STATE_FIGURES = ['lateInvitations', 'neverContacted', 'unreachable', 'maintenance'] as const satisfies readonly (keyof StateFigures)[];
const sumQuadrants = (all: readonly QuadrantCounts[]) => Object.fromEntries(QUADRANTS.map((q) => [q, all.reduce((n, c) => n + c[q], 0)])) as QuadrantCounts;

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const ratio = (part: number, whole: number, digits: number) => (whole ? round(part / whole, digits) : null);

/** The people whose figures a caller sees: their team, department or district (everyone's staff records). */
export async function staffInScope(store: Store, caller: Caller): Promise<Staff[]> {
  if (caller.role === 'supervisor') return store.staffOfTeam(caller.sub);
  const me = (await store.getStaff([caller.sub])).get(caller.sub);
  if (!me) throw new ForbiddenError(`no staff record for ${caller.sub}`);
  return caller.role === 'deptManager' ? store.staffOfDept(me.deptId) : store.staffOfDistrict(me.districtId);
}

/** Field agents who count in `month`: a departed agent shows up to the month they left, not after. */
export function agentsOfMonth(people: readonly Staff[], month: string): Staff[] {
  return people.filter((s) => s.role === 'agent' && FIELD_AGENTS.has(s.kind) && !(s.departedAt && localMonth(s.departedAt) < month));
}

export async function teamMetrics({ store, clock, config }: Pick<Deps, 'store' | 'clock' | 'config'>, caller: Caller, rawQuery: unknown) {
  requireRole(caller, ['supervisor', 'deptManager', 'districtManager', 'admin']);
  const now = clock.now();
  const current = localMonth(now);
  const month = parseInput(MetricsQuery, rawQuery ?? {}).month ?? current;
  const agents = agentsOfMonth(await staffInScope(store, caller), month);
  const { months, states } = await store.teamCounters(
    agents.map((a) => a.id),
    month,
  );
  const stateOf = (a: Staff, m: AgentMonth): StateFigures => {
    if (month === current) {
      const figures = stateFigures(states.get(a.id), localDate(now), config);
      // A departed agent keeps no customers: the files still naming them await a new agent.
      return a.status === 'departed' ? { ...figures, quadrants: noQuadrants() } : figures;
    }
    const snapshot = month < current ? m.stateAtEnd : undefined;
    return {
      lateInvitations: snapshot?.lateInvitations ?? 0,
      neverContacted: snapshot?.neverContacted ?? 0,
      unreachable: snapshot?.unreachable ?? 0,
      maintenance: snapshot?.maintenance ?? 0,
      quadrants: { ...noQuadrants(), ...snapshot?.quadrants },
    };
  };
  const items = agents.map((a) => {
    const m = months.get(a.id)!;
    return {
      agentId: a.id,
      name: a.name,
      supervisorId: a.supervisorId,
      ...(a.departedAt ? { departedAt: a.departedAt } : {}),
      assigned: m.assigned,
      attempts: m.attempts,
      visitsDone: m.visitsDone,
      ratingReplies: m.ratingReplies,
      averageRating: ratio(m.ratingSum, m.ratingReplies, 2),
      soldLife: m.soldLife,
      soldCard: m.soldCard,
      /** Policies issued (承保) after the approval, from the uploaded policy data. */
      issuedLife: m.issuedLife,
      issuedCard: m.issuedCard,
      ratingRequests: m.ratingRequests,
      /** Rating requests that never reached the customer (refused by the provider, or an undelivered receipt); no longer in ratingRequests. */
      undelivered: m.undelivered,
      replyRate: ratio(m.ratingReplies, m.ratingRequests, 3),
      visitsByNumber: { '1': m.visitsDone1, '2': m.visitsDone2, '3': m.visitsDone3 },
      healthTests: m.healthTests,
      ...stateOf(a, m),
      ratingSum: m.ratingSum,
    };
  });
  items.sort((a, b) => a.agentId.localeCompare(b.agentId));
  type Summed = (typeof EVENT_COUNTERS)[number] | (typeof STATE_FIGURES)[number];
  const sum = (k: Summed | 'ratingSum') => items.reduce((n, i) => n + i[k], 0);
  const totals = {
    ...(Object.fromEntries([...EVENT_COUNTERS, ...STATE_FIGURES].map((k) => [k, sum(k)])) as Record<Summed, number>),
    averageRating: ratio(sum('ratingSum'), sum('ratingReplies'), 2),
    replyRate: ratio(sum('ratingReplies'), sum('ratingRequests'), 3),
    visitsByNumber: {
      '1': items.reduce((n, i) => n + i.visitsByNumber['1'], 0),
      '2': items.reduce((n, i) => n + i.visitsByNumber['2'], 0),
      '3': items.reduce((n, i) => n + i.visitsByNumber['3'], 0),
    },
    quadrants: sumQuadrants(items.map((i) => i.quadrants)),
  };
  return {
    month,
    /** What the state figures describe: now (the current month), the month's last day (a past month), or nothing yet (a future month). */
    stateAsOf: month === current ? now.toISOString() : month < current ? 'monthEnd' : null,
    items: items.map(({ ratingSum: _ratingSum, ...item }) => item),
    totals,
  };
}

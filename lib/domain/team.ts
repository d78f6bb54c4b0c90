import * as z from './zod.js';
import { AssignmentState } from './assignment.js';
import type { CustomerFile } from './customer.js';
import { QUADRANTS, type Quadrant } from './quadrant.js';
import { addDays } from './time.js';
import type { Visit } from './visit.js';

// The managers' view: what the metrics, alerts and export routes take, and the pure rules behind
// the state figures. A customer waits for a first contact from the day the list was approved until
// the first invitation attempt of visit 1; "late" after firstInvitationDays, "never contacted"
// after neverContactedDays. "Unreachable" is a customer whose latest ended visit nobody answered.
// The quadrant mix counts each customer file once, for the agent it names and in its quadrant.

export const Month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM'));

/** `GET /team/metrics` */
export const MetricsQuery = z.object({ month: z.optional(Month) });

/** `GET /team/alerts` */
export const AlertsQuery = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
  next: z.optional(z.string().check(z.maxLength(4000))),
});

/** `GET /assignments/export` */
export const ExportQuery = z.object({
  state: z.optional(AssignmentState),
  /** Assignments created (orphaned) in this month, Asia/Shanghai. */
  month: z.optional(Month),
  format: z._default(z.literal('csv'), 'csv'),
});

/** The id of an asynchronous export. */
export const ExportId = z.uuid();

/** `GET /assignments/exports/{id}` and its parts. */
export const ExportPartQuery = z.object({ part: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(10_000))) });

/** Days from approval to visit 1's due date (T1 = approval + 15 days, lib/domain/time.ts visitDueDates). */
export const FIRST_VISIT_OFFSET_DAYS = 15;

/** The approval day (the day the agent received the list) of an assignment, from its visit 1 due date. */
export function approvalDayOf(firstVisitDueOn: string): string {
  return addDays(firstVisitDueOn, -FIRST_VISIT_OFFSET_DAYS);
}

/** The counters of an agent's current state: per approval day, customers whose visit 1 has no attempt yet. */
export const AWAITING_PREFIX = 'awaiting#';
export const awaitingCounter = (approvalDay: string) => `${AWAITING_PREFIX}${approvalDay}`;

/** The counters of an agent's current customers by quadrant (see FileStanding). */
export const QUADRANT_PREFIX = 'quadrant#';
/** The state counter of one quadrant, e.g. `quadrant#pamper`. */
export const quadrantCounter = (q: Quadrant) => `${QUADRANT_PREFIX}${q}` as const;

export type StateCounter = 'unreachable' | 'maintenance' | `awaiting#${string}` | `quadrant#${Quadrant}`;
export type StateDelta = Partial<Record<StateCounter, number>>;

/** Customers per quadrant. */
export type QuadrantCounts = Record<Quadrant, number>;
/** Zero customers in every quadrant (a fresh object each call: callers add to it). */
export const noQuadrants = (): QuadrantCounts => ({ develop: 0, maintain: 0, cultivate: 0, pamper: 0 });

/**
 * What the quadrant counters know of one customer file: the agent it names (the one foster last
 * handed the customer to) and its quadrant. A file counts once, for that agent in that quadrant,
 * when it has both; every write that changes either moves the counters in the same transaction.
 */
export interface FileStanding {
  agentId?: string;
  quadrant?: Quadrant;
}

/** The standing of a file as stored (undefined: no file yet). */
export function standingOf(file: Pick<CustomerFile, 'agentId' | 'segment'> | undefined): FileStanding {
  return { ...(file?.agentId ? { agentId: file.agentId } : {}), ...(file?.segment ? { quadrant: file.segment.quadrant } : {}) };
}

/**
 * The net counter moves, per agent, of files whose standing goes from `before` to `after`; agents
 * whose moves cancel out are left out, so a transaction carries one Update per agent that changed.
 */
export function quadrantMoves(changes: readonly { before: FileStanding; after: FileStanding }[]): Map<string, StateDelta> {
  const moves = new Map<string, StateDelta>();
  const add = (s: FileStanding, n: number) => {
    if (!s.agentId || !s.quadrant) return;
    const delta = moves.get(s.agentId) ?? {};
    const key = quadrantCounter(s.quadrant);
    delta[key] = (delta[key] ?? 0) + n;
    moves.set(s.agentId, delta);
  };
  for (const { before, after } of changes) {
    add(before, -1);
    add(after, 1);
  }
  return mergeDeltas([moves]);
}

/** Sums per-agent deltas, dropping counters (and agents) that net to zero. */
export function mergeDeltas(all: readonly ReadonlyMap<string, StateDelta>[]): Map<string, StateDelta> {
  const sum = new Map<string, Record<string, number>>();
  for (const moves of all)
    for (const [agentId, delta] of moves) {
      const into = sum.get(agentId) ?? {};
      for (const [k, n] of Object.entries(delta)) into[k] = (into[k] ?? 0) + (n ?? 0);
      sum.set(agentId, into);
    }
  const out = new Map<string, StateDelta>();
  for (const [agentId, delta] of sum) {
    const kept = Object.entries(delta).filter(([, n]) => n !== 0);
    if (kept.length) out.set(agentId, Object.fromEntries(kept));
  }
  return out;
}

/** Whether a visit is visit 1, still open, with no invitation attempt: the customer waits for a first contact. */
export function awaitsFirstContact(v: Pick<Visit, 'number' | 'state' | 'attempts'>): boolean {
  return v.number === 1 && v.state === 'open' && v.attempts.length === 0;
}

/** Whether an assignment's latest ended visit was closed unreachable. */
function endsUnreachable(visits: readonly Visit[], assignmentId: string): boolean {
  const ended = visits.filter((v) => v.assignmentId === assignmentId && (v.state === 'done' || v.state === 'unreachable'));
  const latest = ended.sort((a, b) => b.number - a.number)[0];
  return latest?.state === 'unreachable';
}

/**
 * How an agent's state counters move when a customer's visits change from `before` to `after`
 * (the whole customer's visits, any assignment): first contacts awaited and unreachable customers.
 */
export function stateDelta(before: readonly Visit[], after: readonly Visit[]): StateDelta {
  const delta: Record<string, number> = {};
  const add = (key: string, n: number) => {
    if (n) delta[key] = (delta[key] ?? 0) + n;
  };
  for (const [visits, sign] of [
    [before, -1],
    [after, 1],
  ] as const) {
    for (const v of visits) if (awaitsFirstContact(v)) add(awaitingCounter(approvalDayOf(v.dueOn)), sign);
    for (const id of new Set(visits.map((v) => v.assignmentId))) if (endsUnreachable(visits, id)) add('unreachable', sign);
  }
  return Object.fromEntries(Object.entries(delta).filter(([, n]) => n !== 0));
}

/** An agent's current state counters, as stored. */
export interface AgentState {
  agentId: string;
  unreachable: number;
  maintenance: number;
  /** Approval day -> customers of that day whose visit 1 has no attempt yet. */
  awaiting: Record<string, number>;
  /** Customer files naming the agent, by quadrant. */
  quadrants: QuadrantCounts;
}

/** The state figures of one agent as of `today` (YYYY-MM-DD, Shanghai). */
export interface StateFigures {
  lateInvitations: number;
  neverContacted: number;
  unreachable: number;
  maintenance: number;
  /** The agent's current customers by quadrant. */
  quadrants: QuadrantCounts;
}

/** Customers approved more than `days` days before `today` whose visit 1 has no attempt. */
export function awaitingOlderThan(state: Pick<AgentState, 'awaiting'>, today: string, days: number): number {
  const cutoff = addDays(today, -days);
  return Object.entries(state.awaiting).reduce((n, [day, count]) => (day < cutoff && count > 0 ? n + count : n), 0);
}

export function stateFigures(
  state: AgentState | undefined,
  today: string,
  settings: { firstInvitationDays: number; neverContactedDays: number },
): StateFigures {
  if (!state) return { lateInvitations: 0, neverContacted: 0, unreachable: 0, maintenance: 0, quadrants: noQuadrants() };
  return {
    lateInvitations: awaitingOlderThan(state, today, settings.firstInvitationDays),
    neverContacted: awaitingOlderThan(state, today, settings.neverContactedDays),
    unreachable: Math.max(0, state.unreachable),
    maintenance: Math.max(0, state.maintenance),
    quadrants: Object.fromEntries(QUADRANTS.map((q) => [q, Math.max(0, state.quadrants[q])])) as QuadrantCounts,
  };
}

/** What a manager is alerted to. */
export const ALERT_KINDS = ['lateInvitation', 'neverContacted', 'visitPastDue', 'overdueAssignment', 'unmatchedReply'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface Alert {
  kind: AlertKind;
  /** When the thing alerted about started: approval day, due day, deadline or reply time. */
  since: string;
  /** Whole days from `since` to today (Shanghai). */
  ageDays: number;
  customerId: string | null;
  customerName?: string;
  agentId: string | null;
  ownerId?: string;
  visitId?: string;
  visitNumber?: number;
  assignmentId?: string;
  replyId?: string;
}

/** The export's columns: header (Chinese, as Excel shows it) and the assignment field. */
export const EXPORT_COLUMNS = [
  ['分配编号', 'id'],
  ['客户编号', 'customerId'],
  ['客户姓名', 'customerName'],
  ['状态', 'state'],
  ['负责主管', 'ownerId'],
  ['业务员', 'agentId'],
  ['离职业务员', 'departedAgentId'],
  ['区域', 'region'],
  ['截止时间', 'deadline'],
  ['创建时间', 'createdAt'],
  ['提议时间', 'proposedAt'],
  ['审核时间', 'reviewedAt'],
  ['批准时间', 'approvedAt'],
] as const;

/** Rows one export answers in a single response; more become an asynchronous export in parts of this size. */
export const EXPORT_ROWS_PER_RESPONSE = 10_000;

import { ForbiddenError, ValidationError } from '../../domain/errors.js';
import type { Caller } from '../../domain/scope.js';
import { AlertsQuery, approvalDayOf, FIRST_VISIT_OFFSET_DAYS, type Alert } from '../../domain/team.js';
import { addDays, atLocalTime, daysBetween, localDate } from '../../domain/time.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import type { AssignmentScope } from '../../ports/store.js';
import type { AlertFilter, Keyed, KeyedPage } from '../../ports/team-store.js';
import { requireRole } from '../shared/require-role.js';

// teamAlerts: what needs a manager's look in their scope, newest first: customers waiting too long
// for a first invitation (late, never contacted), visits past due with no attempt, overdue
// assignments and unmatched replies; four index sources merged into one page with one cursor.

type Source = 'firstVisits' | 'laterVisits' | 'overdue' | 'unmatched';
const SOURCES: readonly Source[] = ['firstVisits', 'laterVisits', 'overdue', 'unmatched'];
type Fetch = (limit: number, cursor: string | undefined) => Promise<KeyedPage<Alert>>;

/** Where each source stands: its resume cursor, or null when it has nothing more. */
type Cursor = Partial<Record<Source, string | null>>;

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decode(text: string | undefined): Cursor {
  if (!text) return {};
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Cursor;
  } catch {
    // reported below
  }
  throw new ValidationError([{ path: 'next', message: 'is not a cursor this route returned' }]);
}

const days = (from: string, today: string) => daysBetween(from, today);
const startOf = (day: string) => atLocalTime(day, 0).toISOString();

/** Merges sorted sources (newest `since` first) into one page of `limit`, fetching more of a source when its buffer runs dry. */
async function mergePages(fetchers: Record<Source, Fetch>, cursor: Cursor, limit: number) {
  const state = new Map<Source, { buffer: Keyed<Alert>[]; more: boolean; at: string | undefined }>();
  await Promise.all(
    SOURCES.filter((s) => cursor[s] !== null).map(async (s) => {
      const page = await fetchers[s](limit, cursor[s] ?? undefined);
      state.set(s, { buffer: page.items, more: !!page.next, at: cursor[s] ?? undefined });
    }),
  );
  const out: Alert[] = [];
  while (out.length < limit) {
    for (const [s, st] of state) {
      if (!st.buffer.length && st.more) {
        const page = await fetchers[s](limit, st.at);
        st.buffer = page.items;
        st.more = !!page.next;
      }
    }
    let best: Source | undefined;
    for (const [s, st] of state) {
      const head = st.buffer[0];
      if (head && (!best || head.value.since > state.get(best)!.buffer[0]!.value.since)) best = s;
    }
    if (!best) break;
    const st = state.get(best)!;
    const item = st.buffer.shift()!;
    st.at = item.cursor;
    out.push(item.value);
  }
  // A query that stopped exactly at its limit says "more" without knowing: look once, so the last page has no `next`.
  for (const [s, st] of state) {
    if (!st.buffer.length && st.more) {
      const peek = await fetchers[s](1, st.at);
      st.more = peek.items.length > 0;
    }
  }
  const next: Cursor = {};
  let open = false;
  for (const s of SOURCES) {
    const st = state.get(s);
    if (st && (st.buffer.length || st.more)) {
      next[s] = st.at ?? '';
      open = true;
    } else next[s] = null;
  }
  return { items: out, next: open ? encode(next) : undefined };
}

export async function teamAlerts({ store, clock, config }: Pick<Deps, 'store' | 'clock' | 'config'>, caller: Caller, rawQuery: unknown) {
  requireRole(caller, ['supervisor', 'deptManager', 'districtManager']);
  const { limit, next } = parseInput(AlertsQuery, rawQuery ?? {});
  const cursor = decode(next);
  const me = (await store.getStaff([caller.sub])).get(caller.sub);
  if (!me) throw new ForbiddenError(`no staff record for ${caller.sub}`);
  const filter: AlertFilter = caller.role === 'supervisor' ? { supervisorId: me.id } : caller.role === 'deptManager' ? { deptId: me.deptId } : {};
  const scope: AssignmentScope =
    caller.role === 'supervisor' ? { ownerId: me.id } : caller.role === 'deptManager' ? { deptId: me.deptId } : { districtId: me.districtId };
  const today = localDate(clock.now());
  const lateBefore = addDays(today, -config.firstInvitationDays);
  const neverBefore = addDays(today, -config.neverContactedDays);

  const mapped = async <T>(page: Promise<KeyedPage<T>>, toAlert: (value: T) => Alert): Promise<KeyedPage<Alert>> => {
    const { items, next: more } = await page;
    return { items: items.map((i) => ({ value: toAlert(i.value), cursor: i.cursor })), ...(more ? { next: more } : {}) };
  };
  const fetchers: Record<Source, Fetch> = {
    // Visit 1 due on D was approved on D - 15: approved before the cutoff means due before cutoff + 15.
    firstVisits: (n, c) =>
      mapped(
        store.untriedVisits({ districtId: me.districtId, first: true, dueBefore: addDays(lateBefore, FIRST_VISIT_OFFSET_DAYS), filter, limit: n, cursor: c }),
        (v) => {
          const approved = approvalDayOf(v.dueOn);
          return {
            kind: approved < neverBefore ? 'neverContacted' : 'lateInvitation',
            since: startOf(approved),
            ageDays: days(approved, today),
            customerId: v.customerId,
            agentId: v.agentId,
            visitId: v.id,
            visitNumber: v.number,
            assignmentId: v.assignmentId,
          };
        },
      ),
    laterVisits: (n, c) =>
      mapped(store.untriedVisits({ districtId: me.districtId, first: false, dueBefore: today, filter, limit: n, cursor: c }), (v) => ({
        kind: 'visitPastDue',
        since: startOf(v.dueOn),
        ageDays: days(v.dueOn, today),
        customerId: v.customerId,
        agentId: v.agentId,
        visitId: v.id,
        visitNumber: v.number,
        assignmentId: v.assignmentId,
      })),
    overdue: (n, c) =>
      mapped(store.overdueAssignments({ scope, limit: n, cursor: c }), (a) => ({
        kind: 'overdueAssignment',
        since: a.deadline,
        ageDays: days(localDate(a.deadline), today),
        customerId: a.customerId,
        customerName: a.customerName,
        agentId: a.agentId ?? null,
        ownerId: a.ownerId,
        assignmentId: a.id,
      })),
    unmatched: (n, c) =>
      mapped(store.unmatchedRepliesPage({ districtId: me.districtId, filter, limit: n, cursor: c }), (r) => ({
        kind: 'unmatchedReply',
        since: r.receivedAt,
        ageDays: days(localDate(r.receivedAt), today),
        customerId: r.customerId ?? null,
        agentId: r.agentId ?? null,
        replyId: r.id,
        ...(r.visitId ? { visitId: r.visitId } : {}),
      })),
  };
  const page = await mergePages(fetchers, cursor, limit);
  return { items: page.items, ...(page.next ? { next: page.next } : {}) };
}

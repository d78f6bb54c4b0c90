import { ConflictError } from '../../domain/errors.js';
import type { ProgrammeEndReason } from '../../domain/customer.js';
import type { Caller } from '../../domain/scope.js';
import { newSms } from '../../domain/sms.js';
import { localMonth } from '../../domain/time.js';
import { parseInput } from '../../domain/validation.js';
import { MIN_ATTEMPTS, VisitClosure, VisitCompletion, type Visit } from '../../domain/visit.js';
import type { Deps } from '../../ports/deps.js';
import { requireRole } from '../shared/require-role.js';
import { assertOpen, changedMeanwhile, loadVisitContext } from './visit-access.js';
import { openNext } from './visit-flow.js';
import { fileWriteOf } from '../file/record-contact.js';
import { stateDelta } from '../../domain/team.js';

// completeVisit / closeVisit: the agent ends the open visit, either done (known services, what was
// sold; the customer is asked for a 1-5 rating by SMS) or unreachable (only after the minimum
// attempts). The next visit opens, except that a sale at visit 2 cancels visit 3: that sale, or the
// end of visit 3, ends the programme and the customer moves on to maintenance (日常关系维护).

/** The service code of visit 3's health test (健康伴你行): a visit 3 done with it counts in `healthTests`. */
export const HEALTH_TEST = 'healthTest';

type VisitDeps = Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>;

async function endVisit(
  deps: VisitDeps,
  { visit, record, me }: Awaited<ReturnType<typeof loadVisitContext>>,
  ended: Visit,
  extra: { sold?: 'life' | 'card' | 'none'; ratingRequest?: boolean },
) {
  const { store, clock } = deps;
  const now = clock.now();
  const at = now.toISOString();
  // 若二次约访中没有成功促成客户加保时,发起三次邀约: a life or card sale at visit 2 ends the programme.
  const soldAtVisit2 = visit.number === 2 && (extra.sold === 'life' || extra.sold === 'card');
  const endReason: ProgrammeEndReason | undefined = soldAtVisit2 ? 'soldAtVisit2' : visit.number === 3 ? 'visit3Ended' : undefined;
  const opened = soldAtVisit2 ? undefined : openNext(record.visits, visit);
  const skipped = soldAtVisit2
    ? record.visits
        .filter((v) => v.assignmentId === visit.assignmentId && v.number === 3 && (v.state === 'waiting' || v.state === 'open'))
        .map((v): Visit => ({ ...v, state: 'cancelled', cancelReason: 'soldAtVisit2', cancelledAt: at, version: v.version + 1 }))
    : [];
  const ratingSms = extra.ratingRequest
    ? newSms({
        id: `rating.${visit.id}`,
        to: record.profile.phone,
        template: 'ratingRequest',
        params: { customerName: record.profile.name, agentName: me?.name ?? '' },
        purpose: 'ratingRequest',
        now,
        customerId: visit.customerId,
        visitId: visit.id,
        staffId: visit.agentId,
      })
    : undefined;
  const done: Visit = { ...ended, ...(ratingSms ? { ratingRequestId: ratingSms.id } : {}) };
  const counters = extra.sold
    ? [
        {
          agentId: visit.agentId,
          month: localMonth(now),
          add: {
            visitsDone: 1,
            [`visitsDone${visit.number}` as const]: 1,
            ...(ratingSms ? { ratingRequests: 1 } : {}),
            ...(visit.number === 3 && done.services?.includes(HEALTH_TEST) ? { healthTests: 1 } : {}),
            ...(extra.sold === 'life' ? { soldLife: 1 } : {}),
            ...(extra.sold === 'card' ? { soldCard: 1 } : {}),
          },
        },
      ]
    : [];
  const changed = [done, ...(opened ? [opened] : []), ...skipped];
  const after = record.visits.map((v) => changed.find((c) => c.id === v.id) ?? v);
  // The end of the programme (a sale at visit 2, or visit 3 over) puts the customer in maintenance;
  // the customer file's contact records it and the farm takes over (care cadence).
  const state = { ...stateDelta(record.visits, after), ...(endReason ? { maintenance: 1 } : {}) };
  const programmeEnds = endReason ? { programmeEnds: endReason } : {};
  const contact =
    done.state === 'done'
      ? { kind: 'visitDone' as const, visitId: visit.id, visitNumber: visit.number, sold: extra.sold ?? 'none', by: visit.agentId, ...programmeEnds }
      : {
          kind: 'visitUnreachable' as const,
          visitId: visit.id,
          visitNumber: visit.number,
          wrongNumber: visit.attempts.some((a) => a.outcome === 'wrongNumber'),
          by: visit.agentId,
          ...programmeEnds,
        };
  const customerFile = fileWriteOf(deps, record, [contact]);
  const ok = await store.commitVisitChange({
    visits: changed,
    counters,
    sms: ratingSms ? [ratingSms] : [],
    ...(customerFile
      ? { customerFile }
      : endReason
        ? { file: { customerId: visit.customerId, at, status: 'maintenance' as const, programmeEnded: { at, reason: endReason } } }
        : {}),
    agentState: { agentId: visit.agentId, add: state },
  });
  if (!ok) throw changedMeanwhile(visit);
  deps.logger.info('visit ended', { visitId: visit.id, state: done.state, sold: extra.sold, opened: opened?.id, programmeEnded: endReason });
  return {
    visit: { id: done.id, number: done.number, state: done.state, completedAt: done.completedAt },
    nextVisit: opened ? { id: opened.id, number: opened.number, dueOn: opened.dueOn, state: opened.state } : null,
    ratingRequested: !!ratingSms,
    customerStatus: endReason ? ('maintenance' as const) : ('active' as const),
    ...(endReason ? { programmeEnded: { at, reason: endReason } } : {}),
  };
}

export async function completeVisit(deps: VisitDeps, caller: Caller, visitId: string, body: unknown) {
  requireRole(caller, ['agent']);
  const input = parseInput(VisitCompletion, body);
  const context = await loadVisitContext(deps.store, caller, visitId);
  const { visit } = context;
  assertOpen(visit);
  const at = deps.clock.now().toISOString();
  const ended: Visit = {
    ...visit,
    state: 'done',
    services: input.services,
    sold: input.sold,
    ...(input.note ? { note: input.note } : {}),
    completedAt: at,
    version: visit.version + 1,
  };
  return endVisit(deps, context, ended, { sold: input.sold, ratingRequest: true });
}

export async function closeVisit(deps: VisitDeps, caller: Caller, visitId: string, body: unknown) {
  requireRole(caller, ['agent']);
  const input = parseInput(VisitClosure, body);
  const context = await loadVisitContext(deps.store, caller, visitId);
  const { visit } = context;
  assertOpen(visit);
  const minimum = MIN_ATTEMPTS[visit.number];
  const missing = minimum - visit.attempts.length;
  if (missing > 0) {
    throw new ConflictError(
      'TOO_FEW_ATTEMPTS',
      `visit ${visit.number} needs ${minimum} invitation attempts before it can be closed as unreachable; ${missing} more to go`,
      { attempts: visit.attempts.length, minimum, missing },
    );
  }
  const ended: Visit = {
    ...visit,
    state: 'unreachable',
    ...(input.note ? { note: input.note } : {}),
    completedAt: deps.clock.now().toISOString(),
    version: visit.version + 1,
  };
  return endVisit(deps, context, ended, {});
}

import { ConflictError } from '../../domain/errors.js';
import type { Caller } from '../../domain/scope.js';
import { newSms } from '../../domain/sms.js';
import { localMonth } from '../../domain/time.js';
import { parseInput } from '../../domain/validation.js';
import { Closure, Completion } from '../../domain/requests.js';
import { MIN_ATTEMPTS, type Visit } from '../../domain/visit.js';
import type { Deps } from '../../ports/deps.js';
import { requireRole } from '../shared/require-role.js';
import { assertOpen, changedMeanwhile, loadVisitContext } from './visit-access.js';
import { afterVisitEnded, openNext } from './visit-flow.js';

// completeVisit / closeVisit: the agent ends the open visit, either done (what was done, what was
// sold; the customer is asked for a 1-5 rating by SMS) or unreachable (only after the minimum
// attempts). Either way the next visit opens; visit 3 ending without a sale means maintenance.

type VisitDeps = Pick<Deps, 'store' | 'clock' | 'config' | 'scheduler' | 'logger'>;

async function endVisit(
  deps: VisitDeps,
  { visit, record, me }: Awaited<ReturnType<typeof loadVisitContext>>,
  ended: Visit,
  extra: { sold?: 'life' | 'card' | 'none'; ratingRequest?: boolean },
) {
  const { store, clock } = deps;
  const now = clock.now();
  const opened = openNext(record.visits, visit);
  const maintenance = visit.number === 3 && (extra.sold ?? 'none') === 'none';
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
          add: { visitsDone: 1, ...(extra.sold === 'life' ? { soldLife: 1 } : {}), ...(extra.sold === 'card' ? { soldCard: 1 } : {}) },
        },
      ]
    : [];
  const ok = await store.commitVisitChange({
    visits: [done, ...(opened ? [opened] : [])],
    counters,
    sms: ratingSms ? [ratingSms] : [],
    ...(maintenance ? { file: { customerId: visit.customerId, at: now.toISOString(), status: 'maintenance' as const } } : {}),
  });
  if (!ok) throw changedMeanwhile(visit);
  await afterVisitEnded(deps, done, opened);
  deps.logger.info('visit ended', { visitId: visit.id, state: done.state, sold: extra.sold, opened: opened?.id, maintenance });
  return {
    visit: { id: done.id, number: done.number, state: done.state, completedAt: done.completedAt },
    nextVisit: opened ? { id: opened.id, number: opened.number, dueOn: opened.dueOn, state: opened.state } : null,
    ratingRequested: !!ratingSms,
    customerStatus: maintenance ? ('maintenance' as const) : ('active' as const),
  };
}

export async function completeVisit(deps: VisitDeps, caller: Caller, visitId: string, body: unknown) {
  requireRole(caller, ['agent']);
  const input = parseInput(Completion, body);
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
  const input = parseInput(Closure, body);
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

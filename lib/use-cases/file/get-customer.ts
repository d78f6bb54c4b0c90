import { withQuadrant } from '../../domain/customer.js';
import { ForbiddenError, NotFoundError } from '../../domain/errors.js';
import { suggestInvitation } from '../../domain/invitation.js';
import { Id } from '../../domain/ids.js';
import { inScope, type Caller } from '../../domain/scope.js';
import { parseInput } from '../../domain/validation.js';
import type { Store } from '../../ports/store.js';
import type { Config } from '../../config.js';
import type { Clock } from '../../ports/clock.js';
import { applyContacts } from '../../domain/customer-file.js';
import { careFigures, perWeekOf } from '../../domain/care.js';
import { nextActions } from '../../domain/experience.js';
import { localDate } from '../../domain/time.js';

// getCustomer: the customer file as staff see it: profile, policies, quadrant, visits with their
// attempts, ratings, services and notes, whether the customer opted out of texts, the current
// assignment and the texts that did not reach the customer. One query for the customer's item
// collection (opt-out included: the file records it), then, for a manager, the staff records for
// the scope check.

export interface GetCustomerDeps {
  store: Store;
  clock: Clock;
  config: Config;
}

export async function getCustomer({ store, clock, config }: GetCustomerDeps, caller: Caller, rawId: unknown) {
  const id = parseInput(Id, rawId, 'id');
  const record = await store.getCustomerRecord(id);
  if (!record) throw new NotFoundError('customer', id);

  const { profile, file, assignments, visits, failedTexts = [] } = record;
  const undeliveredRequests = new Set(failedTexts.flatMap((t) => (t.purpose === 'ratingRequest' && t.visitId ? [t.visitId] : [])));
  if (caller.role !== 'admin' && !(caller.role === 'agent' && profile.agentId === caller.sub)) {
    const staff = await store.getStaff([caller.sub, profile.agentId]);
    if (!inScope(caller, staff.get(caller.sub), staff.get(profile.agentId), profile.agentId)) {
      throw new ForbiddenError(`customer ${id} is outside your scope`);
    }
  }

  const current = [...assignments].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  // The method's view (issue 12): the stored segment, or for a file foster never wrote, the one the
  // evidence gives now (nothing is written by a read).
  const now = clock.now();
  const segment = file?.segment ?? applyContacts(profile, file, [], now, config).file.segment!;
  return {
    ...withQuadrant(profile),
    quadrant: segment.quadrant,
    segment: {
      quadrant: segment.quadrant,
      ability: segment.ability,
      willingness: segment.willingness,
      reason: segment.reason,
      since: file?.segment ? segment.since : null,
    },
    nextActions: nextActions(segment.quadrant),
    care: careFigures(file?.care, localDate(now), perWeekOf(segment.quadrant, config.careCadence), file?.programme === 'running' || !!file?.optedOutAt),
    referrals: { ...(file?.referredBy ? { referredBy: file.referredBy } : {}), referred: file?.referred ?? [] },
    source: file?.source ?? profile.source ?? null,
    status: file?.status ?? 'active',
    optedOut: !!file?.optedOutAt,
    programmeEnded: file?.programmeEndedAt ? { at: file.programmeEndedAt, reason: file.programmeEndReason ?? 'visit3Ended' } : null,
    rating: file && file.ratings > 0 ? { count: file.ratings, average: round1(file.ratingSum / file.ratings), last: file.lastRating } : null,
    assignment: current ? { id: current.id, state: current.state, agentId: current.agentId ?? null, deadline: current.deadline } : null,
    visits: visits
      .filter((v) => v.state !== 'cancelled')
      .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.number - b.number)
      .map((v) => ({
        id: v.id,
        number: v.number,
        dueOn: v.dueOn,
        state: v.state,
        agentId: v.agentId,
        attempts: v.attempts.length,
        attemptLog: v.attempts,
        ...(v.state === 'open' ? { invitation: suggestInvitation(v.number, v.attempts) } : {}),
        ...(v.rating !== undefined ? { rating: v.rating } : {}),
        ...(v.comment !== undefined ? { comment: v.comment } : {}),
        ...(v.corrections?.length ? { corrections: v.corrections } : {}),
        ...(v.sold ? { sold: v.sold } : {}),
        ...(v.services ? { services: v.services } : {}),
        ...(v.note !== undefined ? { note: v.note } : {}),
        ...(v.completedAt ? { completedAt: v.completedAt } : {}),
        ...(undeliveredRequests.has(v.id) ? { ratingRequestUndelivered: true } : {}),
      })),
    // Texts that never reached the customer, newest first: each failed alone, the next one still went.
    failedTexts: [...failedTexts]
      .sort((a, b) => b.at.localeCompare(a.at))
      .map((t) => ({
        id: t.smsId,
        purpose: t.purpose,
        ...(t.template ? { template: t.template } : {}),
        ...(t.visitId ? { visitId: t.visitId } : {}),
        reason: t.reason,
        ...(t.error ? { error: t.error } : {}),
        at: t.at,
      })),
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

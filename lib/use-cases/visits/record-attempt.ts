import type { Config } from '../../config.js';
import type { CustomerProfile } from '../../domain/customer.js';
import { INVITATION_REASON_LABELS, suggestInvitation } from '../../domain/invitation.js';
import { newSms, type SmsMessage } from '../../domain/sms.js';
import type { Caller } from '../../domain/scope.js';
import type { Staff } from '../../domain/staff.js';
import { addDays, localDate, localMonth } from '../../domain/time.js';
import { parseInput } from '../../domain/validation.js';
import { AttemptInput, MIN_ATTEMPTS, type Visit } from '../../domain/visit.js';
import { stateDelta } from '../../domain/team.js';
import type { Deps } from '../../ports/deps.js';
import { requireRole } from '../shared/require-role.js';
import { assertOpen, changedMeanwhile, loadOwnVisit } from './visit-access.js';
import { contactWrite } from '../file/record-contact.js';

// recordAttempt: the agent logs one phone invitation (accepted, refused, no answer, wrong number)
// and the reason invited with (by default the one suggested) on the open visit, counted in their
// month's metrics in the same transaction. After a refusal the suggestion moves to the next reason
// not yet refused, and the visit carries a retry reminder naming it for the next morning (sent by the
// daily reminder run, unless the agent tries again first) to try again within retryDays.

export async function recordAttempt(deps: Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>, caller: Caller, visitId: string, body: unknown) {
  requireRole(caller, ['agent']);
  const input = parseInput(AttemptInput, body);
  const { store, clock, config } = deps;
  const visit = await loadOwnVisit(store, caller, visitId);
  assertOpen(visit);

  const now = clock.now();
  const reason = input.reason ?? suggestInvitation(visit.number, visit.attempts).reason;
  const attempt = { at: now.toISOString(), outcome: input.outcome, reason, ...(input.note ? { note: input.note } : {}) };
  // A new attempt replaces any pending retry reminder; a refusal sets one for the next morning.
  const retryReminder = input.outcome === 'refused' ? { on: addDays(localDate(now), 1), attemptAt: attempt.at } : undefined;
  const next: Visit = { ...visit, attempts: [...visit.attempts, attempt], retryReminder, version: visit.version + 1 };
  const contact = { kind: 'attempt', visitId: visit.id, visitNumber: visit.number, outcome: input.outcome, reason, by: caller.sub } as const;
  const ok = await store.commitVisitChange({
    visits: [next],
    counters: [{ agentId: visit.agentId, month: localMonth(now), add: { attempts: 1 } }],
    customerFile: await contactWrite(deps, visit.customerId, [contact]),
    // The first attempt of visit 1 ends the wait for a first contact.
    agentState: { agentId: visit.agentId, add: stateDelta([visit], [next]) },
  });
  if (!ok) throw changedMeanwhile(visit);

  const retryBy = input.outcome === 'refused' ? addDays(localDate(now), config.retryDays) : undefined;
  const minimum = MIN_ATTEMPTS[visit.number];
  return {
    visitId: visit.id,
    number: visit.number,
    attempts: next.attempts.length,
    reason,
    minimumAttempts: minimum,
    missingForUnreachable: Math.max(0, minimum - next.attempts.length),
    invitation: suggestInvitation(next.number, next.attempts),
    ...(retryBy ? { retryBy } : {}),
  };
}

/** The agent's reminder to try again after the refusal at `attemptAt`, naming the reason to try next; the id makes it once per refusal. */
export function retryReminderSms(
  visit: Visit,
  attemptAt: string,
  agent: Staff,
  customer: CustomerProfile,
  config: Pick<Config, 'retryDays'>,
  now: Date,
): SmsMessage {
  return newSms({
    id: `retry.${visit.id}.${attemptAt.replace(/\D/g, '')}`,
    to: agent.phone,
    template: 'retryReminderReason',
    params: {
      customerName: customer.name,
      byDate: addDays(localDate(attemptAt), config.retryDays),
      reason: INVITATION_REASON_LABELS[suggestInvitation(visit.number, visit.attempts).reason],
    },
    purpose: 'retryReminder',
    now,
    staffId: agent.id,
    visitId: visit.id,
  });
}

/**
 * Fires a retry reminder: texts the agent if the visit is still open and nothing was tried since the
 * refusal. The payload of the one-time schedules versions before the daily run made; kept for those in flight.
 */
export async function fireRetryReminder(deps: Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>, visitId: string, attemptAt: string): Promise<boolean> {
  const { store, clock, config } = deps;
  const visit = await store.getVisit(visitId);
  if (!visit || visit.state !== 'open' || visit.attempts.some((a) => a.at > attemptAt)) return false;
  const { staff, customers } = await store.getMany({ staff: [visit.agentId], customers: [visit.customerId] });
  const agent = staff.get(visit.agentId);
  const customer = customers.get(visit.customerId);
  if (!agent || agent.status !== 'active' || !customer) return false;
  const { queued } = await store.queueNewSms([retryReminderSms(visit, attemptAt, agent, customer, config, clock.now())]);
  return queued.length > 0;
}

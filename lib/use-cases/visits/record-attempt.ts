import { INVITATION_REASON_LABELS, suggestInvitation } from '../../domain/invitation.js';
import { scheduleNames } from '../../domain/schedule-names.js';
import { newSms } from '../../domain/sms.js';
import type { Caller } from '../../domain/scope.js';
import { addDays, atLocalTime, localDate, localMonth } from '../../domain/time.js';
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
// not yet refused, and a reminder naming it is scheduled for the next morning (retry within retryDays).

export async function recordAttempt(deps: Pick<Deps, 'store' | 'clock' | 'config' | 'scheduler' | 'logger'>, caller: Caller, visitId: string, body: unknown) {
  requireRole(caller, ['agent']);
  const input = parseInput(AttemptInput, body);
  const { store, clock, config, scheduler } = deps;
  const visit = await loadOwnVisit(store, caller, visitId);
  assertOpen(visit);

  const now = clock.now();
  const reason = input.reason ?? suggestInvitation(visit.number, visit.attempts).reason;
  const attempt = { at: now.toISOString(), outcome: input.outcome, reason, ...(input.note ? { note: input.note } : {}) };
  const next: Visit = { ...visit, attempts: [...visit.attempts, attempt], version: visit.version + 1 };
  const contact = { kind: 'attempt', visitId: visit.id, visitNumber: visit.number, outcome: input.outcome, reason, by: caller.sub } as const;
  const ok = await store.commitVisitChange({
    visits: [next],
    counters: [{ agentId: visit.agentId, month: localMonth(now), add: { attempts: 1 } }],
    customerFile: await contactWrite(deps, visit.customerId, [contact]),
    // The first attempt of visit 1 ends the wait for a first contact.
    agentState: { agentId: visit.agentId, add: stateDelta([visit], [next]) },
  });
  if (!ok) throw changedMeanwhile(visit);

  let retryBy: string | undefined;
  if (input.outcome === 'refused') {
    retryBy = addDays(localDate(now), config.retryDays);
    await scheduler.scheduleOnce({
      name: scheduleNames.retryReminder(visit.id, attempt.at),
      at: atLocalTime(addDays(localDate(now), 1), config.reminderHour),
      event: { type: 'retryReminder', visitId: visit.id, attemptAt: attempt.at },
    });
  }
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

/** Fires a retry reminder: texts the agent, naming the reason to try next, if the visit is still open and nothing was tried since the refusal. */
export async function fireRetryReminder(deps: Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>, visitId: string, attemptAt: string): Promise<boolean> {
  const { store, clock, config } = deps;
  const visit = await store.getVisit(visitId);
  if (!visit || visit.state !== 'open' || visit.attempts.some((a) => a.at > attemptAt)) return false;
  const [staff, customers] = await Promise.all([store.getStaff([visit.agentId]), store.getCustomers([visit.customerId])]);
  const agent = staff.get(visit.agentId);
  const customer = customers.get(visit.customerId);
  if (!agent || agent.status !== 'active' || !customer) return false;
  const now = clock.now();
  await store.queueSms([
    newSms({
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
    }),
  ]);
  return true;
}

import { newSms, type SmsMessage } from '../../domain/sms.js';
import type { CustomerProfile } from '../../domain/customer.js';
import type { Staff } from '../../domain/staff.js';
import { addDays, localDate } from '../../domain/time.js';
import type { Visit } from '../../domain/visit.js';
import type { Deps } from '../../ports/deps.js';
import { retryReminderSms } from './record-attempt.js';
import { remindFirstInvitations } from './first-invitation.js';

// sendDailyReminders (the recurring run at the reminder hour, Asia/Shanghai): reads the day's open
// visits due, those due lateReminderDays ago and still open, and those refused the day before, from
// the sharded day indexes, and texts each agent about each; then the visits 1 whose first-invitation
// window closed the day before (one text per agent). Message ids are deterministic and only new ones
// are queued, so a repeated run texts nobody twice and the sweep can redo a missed one.

export const DAILY_REMINDERS = 'dailyReminders';

/** The due-day (or, with `late`, the late) reminder of a visit to its agent; the id makes it once per visit, kind and agent. */
export function visitReminderSms(visit: Visit, late: boolean, agent: Staff, customer: CustomerProfile, now: Date): SmsMessage {
  const overdue = late || localDate(now) > visit.dueOn;
  return newSms({
    id: `reminder.${visit.id}.${late ? 'late' : 'due'}.${visit.agentId}`,
    to: agent.phone,
    template: overdue ? 'visitReminderLate' : 'visitReminder',
    params: { customerName: customer.name, visitNumber: visit.number, dueOn: visit.dueOn },
    purpose: 'visitReminder',
    now,
    staffId: visit.agentId,
    visitId: visit.id,
  });
}

/** Queues the reminders of `day` (YYYY-MM-DD) and records the day as done. */
export async function sendDailyReminders(
  deps: Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>,
  day: string,
): Promise<{ day: string; due: number; late: number; retry: number; queued: number; firstInvitationTexts: number }> {
  const { store, clock, config, logger } = deps;
  const [due, late, refused] = await Promise.all([
    store.openVisitsDueOn(day),
    store.openVisitsDueOn(addDays(day, -config.lateReminderDays)),
    store.retryRemindersOn(day),
  ]);
  // A retry reminder only while nothing was tried since the refusal.
  const retry = refused.filter((v) => v.state === 'open' && v.retryReminder && !v.attempts.some((a) => a.at > v.retryReminder!.attemptAt));
  const all = [...due, ...late, ...retry];
  const { staff, customers } = await store.getMany({
    staff: [...new Set(all.map((v) => v.agentId))],
    customers: [...new Set(all.map((v) => v.customerId))],
  });
  const now = clock.now();
  const messages: SmsMessage[] = [];
  const text = (v: Visit, make: (agent: Staff, customer: CustomerProfile) => SmsMessage) => {
    const agent = staff.get(v.agentId);
    const customer = customers.get(v.customerId);
    if (agent?.status === 'active' && customer) messages.push(make(agent, customer));
  };
  for (const v of due) text(v, (agent, customer) => visitReminderSms(v, false, agent, customer, now));
  for (const v of late) text(v, (agent, customer) => visitReminderSms(v, true, agent, customer, now));
  for (const v of retry) text(v, (agent, customer) => retryReminderSms(v, v.retryReminder!.attemptAt, agent, customer, config, now));
  const { queued } = await store.queueNewSms(messages);
  // Replaces the one-time schedule per window-close day: the morning after the window closed.
  const invitations = await remindFirstInvitations(deps, [addDays(day, -1)]);
  const summary = { due: due.length, late: late.length, retry: retry.length, queued: queued.length, firstInvitationTexts: invitations.texted };
  await store.markRun(DAILY_REMINDERS, day, now.toISOString(), summary);
  logger.info('daily reminders', { day, ...summary });
  return { day, ...summary };
}

/**
 * Fires one visit's reminder: the payload of the per-visit schedules versions before the daily run
 * made. Kept so that any still in flight when the new version deploys does what it promised, once.
 */
export async function fireVisitReminder(deps: Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>, visitId: string, late: boolean): Promise<boolean> {
  const { store, clock, logger } = deps;
  const visit = await store.getVisit(visitId);
  if (!visit || visit.state !== 'open') {
    logger.info('reminder skipped', { visitId, late, state: visit?.state ?? 'missing' });
    return false;
  }
  const { staff, customers } = await store.getMany({ staff: [visit.agentId], customers: [visit.customerId] });
  const agent = staff.get(visit.agentId);
  const customer = customers.get(visit.customerId);
  if (!agent || agent.status !== 'active' || !customer) return false;
  const { queued } = await store.queueNewSms([visitReminderSms(visit, late, agent, customer, clock.now())]);
  return queued.length > 0;
}

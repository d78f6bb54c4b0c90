import { scheduleNames } from '../../domain/schedule-names.js';
import { newSms } from '../../domain/sms.js';
import { addDays, atLocalTime, localDate } from '../../domain/time.js';
import type { Visit } from '../../domain/visit.js';
import type { Deps } from '../../ports/deps.js';
import { mapConcurrent } from '../../util/map-concurrent.js';

// Visit reminders: when a visit opens, two one-time schedules are made for its agent: 09:00 on the
// due date, and lateReminderDays later. Firing one texts the agent only if the visit is still open
// and still theirs; the SMS id is deterministic, so a duplicate firing texts nobody twice.

/** Creates the due-day and late reminders of each visit (deterministic names: a retry makes none twice). */
export async function scheduleVisitReminders({ scheduler, config }: Pick<Deps, 'scheduler' | 'config'>, visits: readonly Visit[]): Promise<void> {
  const schedules = visits.flatMap((v) => [
    {
      name: scheduleNames.visitReminder(v.id, v.agentId, false),
      at: atLocalTime(v.dueOn, config.reminderHour),
      event: { type: 'visitReminder' as const, visitId: v.id, late: false },
    },
    {
      name: scheduleNames.visitReminder(v.id, v.agentId, true),
      at: atLocalTime(addDays(v.dueOn, config.lateReminderDays), config.reminderHour),
      event: { type: 'visitReminder' as const, visitId: v.id, late: true },
    },
  ]);
  await mapConcurrent(schedules, 16, (s) => scheduler.scheduleOnce(s));
}

/** Fires one reminder: texts the visit's agent if the visit is still open; returns whether a text was queued. */
export async function fireVisitReminder(deps: Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>, visitId: string, late: boolean): Promise<boolean> {
  const { store, clock, logger } = deps;
  const visit = await store.getVisit(visitId);
  if (!visit || visit.state !== 'open') {
    logger.info('reminder skipped', { visitId, late, state: visit?.state ?? 'missing' });
    return false;
  }
  const [agent, customers] = await Promise.all([store.getStaff([visit.agentId]), store.getCustomers([visit.customerId])]);
  const to = agent.get(visit.agentId);
  const customer = customers.get(visit.customerId);
  if (!to || to.status !== 'active' || !customer) return false;
  const now = clock.now();
  const overdue = late || localDate(now) > visit.dueOn;
  await store.queueSms([
    newSms({
      id: `reminder.${visit.id}.${late ? 'late' : 'due'}.${visit.agentId}`,
      to: to.phone,
      template: overdue ? 'visitReminderLate' : 'visitReminder',
      params: { customerName: customer.name, visitNumber: visit.number, dueOn: visit.dueOn },
      purpose: 'visitReminder',
      now,
      staffId: visit.agentId,
      visitId: visit.id,
    }),
  ]);
  return true;
}

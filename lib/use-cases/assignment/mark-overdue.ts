import { newSms } from '../../domain/sms.js';
import type { Deps } from '../../ports/deps.js';

// markOverdue (scheduled at a deadline): preAssigned assignments past their deadline become
// overdue, then each owning supervisor and each district manager of the district gets one text
// with the count. Texts have deterministic ids per day and person: a duplicate run texts nobody twice.

export async function markOverdue(
  deps: Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>,
  deadlineDate: string,
): Promise<{ marked: number; texted: number }> {
  const { store, clock, logger } = deps;
  const now = clock.now();
  const bucket = await store.assignmentsByDeadline(deadlineDate, now.toISOString());
  const due = bucket.filter((a) => a.state === 'preAssigned' && a.deadline <= now.toISOString());
  const { marked } = await store.markOverdue(due, now.toISOString());

  // Counted from everything overdue in the bucket, not only what this run marked, so a run that
  // crashed after marking still sends its texts on the retry.
  const justMarked = new Set(marked);
  const overdue = bucket.filter((a) => a.state === 'overdue' || justMarked.has(a.id));
  if (!overdue.length) return { marked: marked.length, texted: 0 };
  const count = (key: (a: (typeof overdue)[number]) => string) => overdue.reduce((m, a) => m.set(key(a), (m.get(key(a)) ?? 0) + 1), new Map<string, number>());
  const byOwner = count((a) => a.ownerId);
  const byDistrict = count((a) => a.districtId);

  const managers = (await Promise.all([...byDistrict.keys()].map((d) => store.staffOfDistrict(d))))
    .flat()
    .filter((s) => s.role === 'districtManager' && s.status === 'active');
  const people = await store.getStaff([...byOwner.keys()]);
  // Each reader gets the text written for them: the supervisor is asked to assign, the district manager to confirm the fallback.
  const texts = [
    ...[...byOwner].flatMap(([ownerId, n]) => {
      const owner = people.get(ownerId);
      return owner ? [{ who: owner, n, template: 'overdue' as const }] : [];
    }),
    ...managers.map((m) => ({ who: m, n: byDistrict.get(m.districtId) ?? 0, template: 'overdueDistrict' as const })),
  ].map(({ who, n, template }) =>
    newSms({
      id: `overdue.${deadlineDate}.${who.id}`,
      to: who.phone,
      template,
      params: { count: n, deadline: deadlineDate },
      purpose: 'overdue',
      now,
      staffId: who.id,
    }),
  );
  await store.queueSms(texts);
  logger.info('deadline passed', { deadlineDate, marked: marked.length, overdue: overdue.length, texts: texts.length });
  return { marked: marked.length, texted: texts.length };
}

import type { Visit } from '../../domain/visit.js';

// What happens around a visit ending (done or unreachable): the next one opens. Its reminders need
// nothing more: an open visit sits in the due-day index the daily reminder run reads, and an ended
// one has left it.

/** The next visit, opened, or undefined after visit 3. */
export function openNext(visits: readonly Visit[], ended: Visit): Visit | undefined {
  const next = visits.find((v) => v.assignmentId === ended.assignmentId && v.number === ended.number + 1);
  return next && next.state === 'waiting' ? { ...next, state: 'open', version: next.version + 1 } : undefined;
}

import type { SmsMessage } from '../domain/sms.js';
import type { Visit } from '../domain/visit.js';

// What the daily reminder run needs from the table: the visits refused the day before (the open
// visits due on a day come from Store.openVisitsDueOn), an outbox write that queues only messages
// it has never seen, and a marker per finished day so the hourly sweep redoes only a missed run.

export interface ReminderStore {
  /** Open visits whose retry reminder (after a refusal) falls on `day` (YYYY-MM-DD); one query per shard. */
  retryRemindersOn(day: string): Promise<Visit[]>;
  /** Queues the messages whose id the outbox has never held (queued, sent or suppressed); 100 a transaction. */
  queueNewSms(messages: readonly SmsMessage[]): Promise<{ queued: string[]; existing: string[] }>;
  /** Whether the daily run `name` finished `day`. */
  hasRun(name: string, day: string): Promise<boolean>;
  /** Records that the daily run `name` finished `day` (kept 60 days). */
  markRun(name: string, day: string, at: string, summary: Record<string, number>): Promise<void>;
}

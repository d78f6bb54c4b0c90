/** What a schedule delivers to the scheduled-events handler. */
export type ScheduledEvent =
  | { type: 'assignmentDeadline'; deadlineDate: string }
  /** The recurring run at the reminder hour; `scheduledTime` is EventBridge Scheduler's `<aws.scheduler.scheduled-time>`. */
  | { type: 'dailyReminders'; scheduledTime?: string }
  /** One visit's reminder: made by versions before the daily run (removed by migration v3); still accepted while any is in flight. */
  | { type: 'visitReminder'; visitId: string; late: boolean }
  | { type: 'retryReminder'; visitId: string; attemptAt: string }
  | { type: 'sweep' }
  | { type: 'drainOutbox' };

/** One-time schedules (EventBridge Scheduler in the cloud, an in-process scheduler locally). */
export interface Scheduler {
  /** Creates a schedule firing once at `at`. A second call with the same name changes nothing. */
  scheduleOnce(schedule: { name: string; at: Date; event: ScheduledEvent }): Promise<void>;
  /** Deletes a schedule; a name that does not exist (already fired, never made) is not an error. */
  cancel(name: string): Promise<void>;
  /** Names of the group's schedules starting with `prefix` (for migrations and operators). */
  list(prefix: string): Promise<string[]>;
}

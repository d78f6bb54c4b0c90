/** What a schedule delivers to the scheduled-events handler. */
export type ScheduledEvent =
  | { type: 'assignmentDeadline'; deadlineDate: string }
  /** The recurring run at the reminder hour; `scheduledTime` is EventBridge Scheduler's `<aws.scheduler.scheduled-time>`. */
  | { type: 'dailyReminders'; scheduledTime?: string }
  /** One visit's reminder: made by versions before the daily run (removed by migration v6); still accepted while any is in flight. */
  | { type: 'visitReminder'; visitId: string; late: boolean }
  | { type: 'retryReminder'; visitId: string; attemptAt: string }
  | { type: 'firstInvitations'; closedOn: string }
  | { type: 'sweep' }
  | { type: 'drainOutbox' }
  | { type: 'assignmentExport'; exportId: string };

/** One-time schedules (EventBridge Scheduler in the cloud, an in-process scheduler locally). */
export interface Scheduler {
  /** Creates a schedule firing once at `at`. A second call with the same name changes nothing. */
  scheduleOnce(schedule: { name: string; at: Date; event: ScheduledEvent }): Promise<void>;
}

/**
 * Schedules already made, listed and removed (the migration that drops the per-visit schedules of
 * earlier versions). Apart from Scheduler so that only what removes schedules may delete them.
 */
export interface ScheduleCleanup {
  /** Names of the group's schedules starting with `prefix`. */
  list(prefix: string): Promise<string[]>;
  /** Deletes a schedule; a name that does not exist (already fired, never made) is not an error. */
  cancel(name: string): Promise<void>;
}

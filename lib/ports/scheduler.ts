/** What a one-time schedule delivers to the scheduled-events handler. */
export type ScheduledEvent =
  | { type: 'assignmentDeadline'; deadlineDate: string }
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
  /** Deletes a schedule; a name that does not exist (already fired, never made) is not an error. */
  cancel(name: string): Promise<void>;
}

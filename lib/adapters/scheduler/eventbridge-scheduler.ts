import { ConflictException, CreateScheduleCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { localDateTime, ZONE } from '../../domain/time.js';
import type { Scheduler } from '../../ports/scheduler.js';

// Scheduler on EventBridge Scheduler: one-time `at(...)` schedules in Asia/Shanghai that invoke the
// scheduled-events Lambda with the event as input, delete themselves after firing, retry, and park
// what still fails in a DLQ. Names are deterministic: creating one twice is a no-op. Removing
// schedules is eventbridge-schedule-cleanup.ts (the migrate function only).

export interface EventBridgeSchedulerOptions {
  readonly client: SchedulerClient;
  readonly groupName: string;
  /** The scheduled-events Lambda. */
  readonly targetArn: string;
  /** The role EventBridge Scheduler assumes to invoke the target. */
  readonly roleArn: string;
  /** Where events that exhaust their retries go. */
  readonly deadLetterArn: string;
  /** @default 185 (the maximum) */
  readonly maximumRetryAttempts?: number;
  /** Clock for the "not in the past" guard. @default system time */
  readonly now?: () => Date;
}

/** `at(2026-11-24T09:00:00)` in Asia/Shanghai, never earlier than one minute from now. */
export function atExpression(at: Date, now: Date): string {
  const earliest = new Date(now.getTime() + 60_000);
  const when = at < earliest ? earliest : at;
  return `at(${localDateTime(when)})`;
}

export function createEventBridgeScheduler(options: EventBridgeSchedulerOptions): Scheduler {
  const { client, groupName, targetArn, roleArn, deadLetterArn, maximumRetryAttempts = 185, now = () => new Date() } = options;
  return {
    async scheduleOnce({ name, at, event }) {
      try {
        await client.send(
          new CreateScheduleCommand({
            Name: name,
            GroupName: groupName,
            ScheduleExpression: atExpression(at, now()),
            ScheduleExpressionTimezone: ZONE,
            FlexibleTimeWindow: { Mode: 'OFF' },
            ActionAfterCompletion: 'DELETE',
            Target: {
              Arn: targetArn,
              RoleArn: roleArn,
              Input: JSON.stringify(event),
              RetryPolicy: { MaximumRetryAttempts: maximumRetryAttempts, MaximumEventAgeInSeconds: 86_400 },
              DeadLetterConfig: { Arn: deadLetterArn },
            },
          }),
        );
      } catch (error) {
        if (error instanceof ConflictException) return; // made by an earlier try: same name, same job
        throw error;
      }
    },
  };
}

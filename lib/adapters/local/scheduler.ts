import { DeleteCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Clock } from '../../ports/clock.js';
import type { ScheduleCleanup, ScheduledEvent, Scheduler } from '../../ports/scheduler.js';
import { ENTITY, indexKeys, keys } from '../dynamodb/model.js';
import { queryAll } from '../dynamodb/operations.js';
import { addDays, atLocalTime, localDate } from '../../domain/time.js';

// The local stand-in for EventBridge Scheduler: schedules are items in the same table (so they
// survive a restart with --data), fired by `runDue` when the clock passes them, deleted after a
// successful run as ActionAfterCompletion DELETE does, retried on failure up to `maxAttempts`.
// A daily schedule (the cloud's cron in Asia/Shanghai) moves to the next day instead, and a clock
// jumped over several days fires it once for each day, as the cloud would have.

export interface LocalScheduler extends Scheduler, ScheduleCleanup {
  /** Fires every schedule due at the clock's now, oldest first; returns how many ran. */
  runDue(fire: (event: ScheduledEvent, name: string) => Promise<void>): Promise<{ fired: number; failed: number }>;
  /** Schedules not yet fired (for tests and the operator). */
  pending(): Promise<{ name: string; at: string; event: ScheduledEvent; attempts: number }[]>;
  /**
   * A recurring schedule at `hour`:00 Asia/Shanghai every day, first at the next such hour after now
   * (`event(at)` is its payload for the day at `at`). Made once: a second call with the name changes nothing.
   */
  scheduleDaily(schedule: { name: string; hour: number; event: (at: Date) => ScheduledEvent }): Promise<void>;
}

/** The recurring schedules the cloud stack makes (infra/stateless-stack.ts), made here for the local runtime and tests. */
export async function scheduleRecurring(scheduler: LocalScheduler, config: { reminderHour: number }): Promise<void> {
  await scheduler.scheduleDaily({
    name: 'daily-reminders',
    hour: config.reminderHour,
    event: (at) => ({ type: 'dailyReminders', scheduledTime: at.toISOString() }),
  });
}

export interface LocalSchedulerOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
  /** Firing attempts before a schedule is parked as failed (the DLQ). @default 3 */
  readonly maxAttempts?: number;
}

/** The next `hour`:00 in Asia/Shanghai strictly after `after`. */
function nextDaily(after: Date, hour: number): Date {
  const today = atLocalTime(localDate(after), hour);
  return today > after ? today : atLocalTime(addDays(localDate(after), 1), hour);
}

export function createLocalScheduler({ client, tableName, clock, maxAttempts = 3 }: LocalSchedulerOptions): LocalScheduler {
  const query = (upTo: string) =>
    queryAll(client, {
      TableName: tableName,
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk <= :upTo',
      ExpressionAttributeValues: { ':pk': 'LSCHED', ':upTo': upTo },
    });

  const item = (name: string, at: Date, event: ScheduledEvent, dailyHour?: number) => ({
    ...keys.localSchedule(name),
    ...indexKeys.dueLocalSchedules(at.toISOString(), name),
    entity: ENTITY.localSchedule,
    name,
    at: at.toISOString(),
    event,
    attempts: 0,
    ...(dailyHour === undefined ? {} : { dailyHour }),
  });
  const putNew = async (value: Record<string, unknown>) => {
    try {
      await client.send(new PutCommand({ TableName: tableName, Item: value, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  };
  // Daily schedules remember how to build the next day's payload: only `scheduledTime` changes.
  const nextEvent = (event: ScheduledEvent, at: Date): ScheduledEvent => ('scheduledTime' in event ? { ...event, scheduledTime: at.toISOString() } : event);

  return {
    async scheduleOnce({ name, at, event }) {
      await putNew(item(name, at, event));
    },

    async scheduleDaily({ name, hour, event }) {
      const at = nextDaily(clock.now(), hour);
      await putNew(item(name, at, event(at), hour));
    },

    async list(prefix) {
      return (await query('\uffff')).map((i) => i.name as string).filter((name) => name.startsWith(prefix));
    },

    async cancel(name) {
      await client.send(new DeleteCommand({ TableName: tableName, Key: keys.localSchedule(name) }));
    },

    async runDue(fire) {
      let fired = 0;
      let failed = 0;
      const failedNow = new Set<string>();
      // A daily schedule fired for a day may already be due again for the next one (a clock jump): loop.
      for (let round = 0; round < 400; round++) {
        const due = (await query(`${clock.now().toISOString()}\uffff`)).filter((i) => !failedNow.has(i.name as string));
        if (!due.length) break;
        for (const entry of due) {
          const name = entry.name as string;
          try {
            await fire(entry.event as ScheduledEvent, name);
            if (typeof entry.dailyHour === 'number') {
              const at = nextDaily(new Date(entry.at as string), entry.dailyHour);
              await client.send(new PutCommand({ TableName: tableName, Item: item(name, at, nextEvent(entry.event as ScheduledEvent, at), entry.dailyHour) }));
            } else {
              await client.send(new DeleteCommand({ TableName: tableName, Key: keys.localSchedule(name) }));
            }
            fired++;
          } catch (error) {
            failed++;
            failedNow.add(name);
            const attempts = Number(entry.attempts ?? 0) + 1;
            // Parked schedules leave the due index but stay readable, like a message in a DLQ.
            await client.send(
              new UpdateCommand({
                TableName: tableName,
                Key: keys.localSchedule(name),
                UpdateExpression: attempts >= maxAttempts ? 'SET attempts = :a, lastError = :e REMOVE gsi4pk, gsi4sk' : 'SET attempts = :a, lastError = :e',
                ExpressionAttributeValues: { ':a': attempts, ':e': String((error as Error)?.message ?? error) },
              }),
            );
          }
        }
      }
      return { fired, failed };
    },

    async pending() {
      return (await query('\uffff')).map((item) => ({
        name: item.name as string,
        at: item.at as string,
        event: item.event as ScheduledEvent,
        attempts: Number(item.attempts ?? 0),
      }));
    },
  };
}

import { DeleteCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Clock } from '../../ports/clock.js';
import type { ScheduledEvent, Scheduler } from '../../ports/scheduler.js';
import { ENTITY, indexKeys, keys } from '../dynamodb/model.js';
import { queryAll } from '../dynamodb/operations.js';

// The local stand-in for EventBridge Scheduler: schedules are items in the same table (so they
// survive a restart with --data), fired by `runDue` when the clock passes them, deleted after a
// successful run as ActionAfterCompletion DELETE does, retried on failure up to `maxAttempts`.

export interface LocalScheduler extends Scheduler {
  /** Fires every schedule due at the clock's now, oldest first; returns how many ran. */
  runDue(fire: (event: ScheduledEvent, name: string) => Promise<void>): Promise<{ fired: number; failed: number }>;
  /** Schedules not yet fired (for tests and the operator). */
  pending(): Promise<{ name: string; at: string; event: ScheduledEvent; attempts: number }[]>;
}

export interface LocalSchedulerOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
  /** Firing attempts before a schedule is parked as failed (the DLQ). @default 3 */
  readonly maxAttempts?: number;
}

export function createLocalScheduler({ client, tableName, clock, maxAttempts = 3 }: LocalSchedulerOptions): LocalScheduler {
  const query = (upTo: string) =>
    queryAll(client, {
      TableName: tableName,
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk <= :upTo',
      ExpressionAttributeValues: { ':pk': 'LSCHED', ':upTo': upTo },
    });

  return {
    async scheduleOnce({ name, at, event }) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.localSchedule(name),
              ...indexKeys.dueLocalSchedules(at.toISOString(), name),
              entity: ENTITY.localSchedule,
              name,
              at: at.toISOString(),
              event,
              attempts: 0,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    async cancel(name) {
      await client.send(new DeleteCommand({ TableName: tableName, Key: keys.localSchedule(name) }));
    },

    async runDue(fire) {
      let fired = 0;
      let failed = 0;
      for (const item of await query(`${clock.now().toISOString()}\uffff`)) {
        const name = item.name as string;
        try {
          await fire(item.event as ScheduledEvent, name);
          await client.send(new DeleteCommand({ TableName: tableName, Key: keys.localSchedule(name) }));
          fired++;
        } catch (error) {
          failed++;
          const attempts = Number(item.attempts ?? 0) + 1;
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

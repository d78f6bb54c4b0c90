import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Visit } from '../../domain/visit.js';
import type { ReminderStore } from '../../ports/reminder-store.js';
import { smsItem } from './items.js';
import { ENTITY, keys, SHARDS, shardKeys, strip } from './model.js';
import { transactGroups } from './operations.js';
import { queryShards } from './shards.js';

// The daily reminder run's reads and writes: refused visits by reminder day (sharded like the due
// days), new outbox messages only (a conditional put per message, 100 in a transaction, so a repeated
// run queues nothing), and the per-day run marker the hourly sweep checks.

type Ctx = { client: DynamoDBDocumentClient; tableName: string };

const MARKER_DAYS = 60;

export function createReminderStore({ client, tableName }: Ctx): ReminderStore {
  return {
    async retryRemindersOn(day) {
      const items = await queryShards(client, { tableName, index: 'gsi2', pks: shardKeys(`RETRY#${day}`, SHARDS.retryDay) });
      return items.map((i) => strip<Visit>(i));
    },

    async queueNewSms(messages) {
      const result = await transactGroups(
        client,
        messages.map((m) => ({ key: m.id, items: [{ Put: { TableName: tableName, Item: smsItem(m), ConditionExpression: 'attribute_not_exists(pk)' } }] })),
        { concurrency: 4 },
      );
      return { queued: result.committed, existing: result.refused.map((r) => r.key) };
    },

    async hasRun(name, day) {
      const out = await client.send(new GetCommand({ TableName: tableName, Key: keys.runMarker(name, day), ConsistentRead: true }));
      return out.Item !== undefined;
    },

    async markRun(name, day, at, summary) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.runMarker(name, day),
            entity: ENTITY.runMarker,
            name,
            day,
            finishedAt: at,
            ...summary,
            expiresAt: Math.floor(new Date(at).getTime() / 1000) + MARKER_DAYS * 86_400,
          },
        }),
      );
    },
  };
}

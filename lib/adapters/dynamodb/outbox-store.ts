import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SmsMessage } from '../../domain/sms.js';
import type { Store } from '../../ports/store.js';
import { OUTBOX_SHARDS, outboxShard, smsItem, visitKey } from './items.js';
import { parseVisitId } from '../../domain/ids.js';
import { indexKeys, keys, strip } from './model.js';
import { batchGet, ifExists, mapConcurrent, queryAll } from './operations.js';

// The SMS outbox: queued messages sit in a sparse, sharded index by send time; a sender claims one
// (a conditional update only one sender wins), sends it, and marks it sent with the gateway's id,
// which the reply matcher later looks up.

type Ctx = { client: DynamoDBDocumentClient; tableName: string };

export function createOutboxStore({
  client,
  tableName,
}: Ctx): Pick<Store, 'queueSms' | 'dueSms' | 'getSms' | 'claimSms' | 'markSmsSent' | 'deferSms' | 'suppressSms' | 'optedOut'> {
  const update = (id: string, expression: string, values: Record<string, unknown>, condition?: string) =>
    client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.sms(id),
        UpdateExpression: expression,
        ConditionExpression: condition ?? 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: values,
      }),
    );

  return {
    async queueSms(messages) {
      await mapConcurrent(messages, 8, (m) =>
        ifExists(() => client.send(new PutCommand({ TableName: tableName, Item: smsItem(m), ConditionExpression: 'attribute_not_exists(pk)' }))),
      );
    },

    async dueSms(upTo, limit) {
      const shards = await mapConcurrent(
        Array.from({ length: OUTBOX_SHARDS }, (_, i) => i),
        OUTBOX_SHARDS,
        (shard) =>
          queryAll(
            client,
            {
              TableName: tableName,
              IndexName: 'gsi4',
              KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk <= :upTo',
              ExpressionAttributeValues: { ':pk': `OUTBOX#${shard}`, ':upTo': `${upTo}\uffff` },
              Limit: limit,
            },
            limit,
          ),
      );
      return shards
        .flat()
        .map((i) => strip<SmsMessage>(i))
        .sort((a, b) => a.sendAfter.localeCompare(b.sendAfter))
        .slice(0, limit);
    },

    async getSms(ids) {
      return (await batchGet(client, tableName, ids.map(keys.sms))).map((i) => strip<SmsMessage>(i));
    },

    async claimSms(id, at, staleBefore) {
      const done = await ifExists(() =>
        update(
          id,
          'SET #state = :sending, claimedAt = :at',
          { ':sending': 'sending', ':queued': 'queued', ':at': at, ':stale': staleBefore },
          '#state = :queued OR (#state = :sending AND claimedAt < :stale)',
        ),
      );
      return done !== undefined;
    },

    async markSmsSent(message, providerMessageId, at) {
      const byId = indexKeys.smsByProviderId(providerMessageId);
      await update(message.id, 'SET #state = :sent, sentAt = :at, providerMessageId = :pid, gsi3pk = :g3pk, gsi3sk = :g3sk REMOVE gsi4pk, gsi4sk', {
        ':sent': 'sent',
        ':at': at,
        ':pid': providerMessageId,
        ':g3pk': byId.gsi3pk,
        ':g3sk': byId.gsi3sk,
      });
      const ref = message.purpose === 'ratingRequest' && message.visitId ? parseVisitId(message.visitId) : undefined;
      if (ref) {
        const byVisit = indexKeys.visitByRatingRequest(providerMessageId);
        await ifExists(() =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: visitKey(ref),
              UpdateExpression: 'SET ratingRequestProviderId = :pid, gsi3pk = :g3pk, gsi3sk = :g3sk',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':pid': providerMessageId, ':g3pk': byVisit.gsi3pk, ':g3sk': byVisit.gsi3sk },
            }),
          ),
        );
      }
    },

    async deferSms(id, sendAfter) {
      const due = indexKeys.queuedSms(outboxShard(id), sendAfter, id);
      await update(id, 'SET #state = :queued, sendAfter = :after, gsi4pk = :pk, gsi4sk = :sk REMOVE claimedAt', {
        ':queued': 'queued',
        ':after': sendAfter,
        ':pk': due.gsi4pk,
        ':sk': due.gsi4sk,
      });
    },

    async suppressSms(id, reason, at) {
      await update(id, 'SET #state = :suppressed, reason = :reason, suppressedAt = :at REMOVE gsi4pk, gsi4sk, claimedAt', {
        ':suppressed': 'suppressed',
        ':reason': reason,
        ':at': at,
      });
    },

    async optedOut(phones) {
      const items = await batchGet(client, tableName, phones.map(keys.optOut));
      return new Set(items.map((i) => i.phone as string));
    },
  };
}

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Visit } from '../../domain/visit.js';
import type { InvitationStore } from '../../ports/invitation-store.js';
import { smsItem, visitItem } from './items.js';
import { INVITE_SHARDS, strip } from './model.js';
import { mapConcurrent, queryAll, transactWrite, type TransactItem } from './operations.js';

// The first-invitation day bucket (gsi3 INVITE#<day>#<shard>): one query per shard reads the visits
// whose window closed that day and that are still untried; marking one reminded is a Put of its
// next version without the bucket key, in the transaction that queues the agent's text.

type Ctx = { client: DynamoDBDocumentClient; tableName: string };

export function createInvitationStore({ client, tableName }: Ctx): InvitationStore {
  return {
    async visitsAwaitingFirstInvitation(closedOn) {
      const shards = await mapConcurrent(
        Array.from({ length: INVITE_SHARDS }, (_, i) => i),
        INVITE_SHARDS,
        (shard) =>
          queryAll(client, {
            TableName: tableName,
            IndexName: 'gsi3',
            KeyConditionExpression: 'gsi3pk = :pk',
            ExpressionAttributeValues: { ':pk': `INVITE#${closedOn}#${shard}` },
          }),
      );
      return shards.flat().map((i) => strip<Visit>(i));
    },

    async remindFirstInvitation(visits, sms, at) {
      if (visits.length > 99) throw new Error(`remindFirstInvitation: ${visits.length} visits do not fit one transaction with the text`);
      const items: TransactItem[] = [
        ...visits.map((v): TransactItem => ({
          Put: {
            TableName: tableName,
            Item: visitItem({ ...v, invitationRemindedAt: at, version: v.version + 1 }),
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':v': v.version },
          },
        })),
        { Put: { TableName: tableName, Item: smsItem(sms), ConditionExpression: 'attribute_not_exists(pk)' } },
      ];
      return (await transactWrite(client, items)).ok;
    },
  };
}

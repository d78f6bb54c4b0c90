import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CustomerProfile } from '../../domain/customer.js';
import type { InboundRecord } from '../../domain/inbound.js';
import type { SmsMessage } from '../../domain/sms.js';
import type { Visit } from '../../domain/visit.js';
import type { Store } from '../../ports/store.js';
import { agentMonthUpdate, agentStateUpdates, customerFileUpdate, smsItem, visitItem } from './items.js';
import { ENTITY, indexKeys, keys, strip } from './model.js';
import { batchGet, queryAll, queryPage, transactWrite, type TransactItem } from './operations.js';
import { fileWriteItems, fileWriteMoves } from './file-store.js';

// Inbound SMS: the record of each message (keyed by inboundMessageId) is written in the same
// transaction as everything the message changes, on condition that it does not exist yet. So a
// duplicate delivery, in sequence or concurrently, changes nothing: its transaction is refused.

type Ctx = { client: DynamoDBDocumentClient; tableName: string };

const NEEDS_A_LOOK = new Set(['unmatched', 'unknown', 'malformed']);

export function inboundItem(r: InboundRecord): Record<string, unknown> {
  return {
    ...keys.inbound(r.id),
    entity: ENTITY.inbound,
    ...r,
    ...(NEEDS_A_LOOK.has(r.outcome) ? indexKeys.unmatchedReplies(r.districtId ?? 'unknown', r.receivedAt, r.id) : {}),
  };
}

export function createInboundStore({
  client,
  tableName,
}: Ctx): Pick<Store, 'recordInbound' | 'getInbound' | 'unmatchedReplies' | 'byProviderId' | 'customersByPhone'> {
  return {
    async recordInbound({ record, visit, counters = [], file, optOut, sms = [], customerFiles }) {
      const items: TransactItem[] = [{ Put: { TableName: tableName, Item: inboundItem(record), ConditionExpression: 'attribute_not_exists(pk)' } }];
      if (visit) {
        items.push({
          Put: { TableName: tableName, Item: visitItem(visit), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': visit.version - 1 } },
        });
      }
      items.push(...counters.map((c) => agentMonthUpdate(tableName, c.agentId, c.month, c.add as Record<string, number>)));
      // Files right after the record and the visit: a refused file means it changed meanwhile.
      const fileAt: number[] = [];
      if (customerFiles) {
        for (const w of customerFiles) {
          fileAt.push(items.length);
          items.push(...fileWriteItems(tableName, w));
        }
      } else if (file) items.push(customerFileUpdate(tableName, file));
      // An opt-out is kept as it was first recorded: a second TD does not move its date.
      if (optOut) {
        items.push({
          Update: {
            TableName: tableName,
            Key: keys.optOut(optOut.phone),
            UpdateExpression: 'SET phone = :p, entity = :e, optedOutAt = if_not_exists(optedOutAt, :at)',
            ExpressionAttributeValues: { ':p': optOut.phone, ':e': ENTITY.optOut, ':at': optOut.at },
          },
        });
      }
      items.push(...sms.map((m) => ({ Put: { TableName: tableName, Item: smsItem(m), ConditionExpression: 'attribute_not_exists(pk)' } })));
      // A reply that moves a file's quadrant moves its agent's counters with it.
      if (customerFiles) items.push(...agentStateUpdates(tableName, fileWriteMoves(customerFiles)));
      const outcome = await transactWrite(client, items);
      if (outcome.ok) return 'recorded';
      if (outcome.reasons[0] === 'ConditionalCheckFailed') return 'duplicate';
      if (visit && outcome.reasons[1] === 'ConditionalCheckFailed') return 'conflict';
      if (fileAt.some((i) => outcome.reasons[i] === 'ConditionalCheckFailed')) return 'conflict';
      throw new Error(`inbound transaction cancelled: ${outcome.reasons.join(',')}`);
    },

    async getInbound(id) {
      const [item] = await batchGet(client, tableName, [keys.inbound(id)]);
      return item ? strip<InboundRecord>(item) : undefined;
    },

    async unmatchedReplies(districtId, limit) {
      const page = await queryPage(client, {
        TableName: tableName,
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi4pk = :pk',
        ExpressionAttributeValues: { ':pk': `UNMATCHED#${districtId}` },
        ScanIndexForward: false,
        Limit: limit,
      });
      return page.items.map((i) => strip<InboundRecord>(i));
    },

    async byProviderId(providerMessageId) {
      const items = await queryAll(client, {
        TableName: tableName,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': indexKeys.smsByProviderId(providerMessageId).gsi3pk },
      });
      const sms = items.find((i) => i.entity === ENTITY.sms);
      const visit = items.find((i) => i.entity === ENTITY.visit);
      return { ...(sms ? { sms: strip<SmsMessage>(sms) } : {}), ...(visit ? { visit: strip<Visit>(visit) } : {}) };
    },

    async customersByPhone(phone) {
      const items = await queryAll(client, {
        TableName: tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': indexKeys.customerByPhone(phone, '').gsi2pk },
      });
      return items.filter((i) => i.entity === ENTITY.customer).map((i) => strip<CustomerProfile>(i));
    },
  };
}

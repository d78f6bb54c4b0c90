import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseVisitId } from '../../domain/ids.js';
import type { FailedText, SmsMessage } from '../../domain/sms.js';
import { localMonth } from '../../domain/time.js';
import type { ClaimContext, OutboxStore, SmsOutcome } from '../../ports/outbox-store.js';
import type { Store } from '../../ports/store.js';
import { agentMonthUpdate, OUTBOX_SHARDS, outboxShard, smsItem, visitKey } from './items.js';
import { ENTITY, indexKeys, keys, strip } from './model.js';
import { batchGet, ifExists, mapConcurrent, queryAll, transactGroups, transactWrite, type TransactItem, type WriteGroup } from './operations.js';

// The SMS outbox: queued messages sit in a sparse, sharded index by send time. A drain claims a
// batch with conditional updates grouped in transactions (only one drain wins each message),
// sends, and settles every outcome in as few transactions as fit: a sent rating request stamps its
// visit with the gateway's id (so a reply finds it in one query); one that never reaches its
// customer leaves the agent's `ratingRequests` (counted when it was queued) for `undelivered`.

type Ctx = { client: DynamoDBDocumentClient; tableName: string };

/** What one settle group carries besides its items: counters and opt-outs are shared per transaction. */
interface SettleKey {
  readonly id: string;
  /** Whether the group's condition is this drain's claim (a refusal means the message was taken over). */
  readonly claimed: boolean;
  readonly counters: { agentId: string; month: string; add: Record<string, number> }[];
  readonly optOut?: { phone: string; at: string };
}

const STATE = { '#state': 'state' };
const MINE = 'claimId = :cid AND #state = :sending';
const WAITING = '#state = :queued OR (#state = :sending AND claimedAt < :stale)';

/** Counters and opt-outs of the groups in one transaction, one item each (a transaction may touch an item once). */
function sharedItems(tableName: string, groups: readonly WriteGroup<SettleKey>[]): TransactItem[] {
  const counters = new Map<string, { agentId: string; month: string; add: Record<string, number> }>();
  const optOuts = new Map<string, string>();
  for (const { key } of groups) {
    for (const c of key.counters) {
      const id = `${c.agentId}\u0000${c.month}`;
      const sum = counters.get(id) ?? { agentId: c.agentId, month: c.month, add: {} };
      for (const [name, n] of Object.entries(c.add)) sum.add[name] = (sum.add[name] ?? 0) + n;
      counters.set(id, sum);
    }
    if (key.optOut && !optOuts.has(key.optOut.phone)) optOuts.set(key.optOut.phone, key.optOut.at);
  }
  return [
    ...[...counters.values()].map((c) => agentMonthUpdate(tableName, c.agentId, c.month, c.add)),
    ...[...optOuts].map(([phone, at]) => optOutUpdate(tableName, phone, at, 'provider')),
  ];
}

/** Records an opt-out as first recorded: a second one moves neither its date nor its source. */
export function optOutUpdate(tableName: string, phone: string, at: string, source: 'reply' | 'provider'): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.optOut(phone),
      UpdateExpression: 'SET phone = :p, entity = :e, optedOutAt = if_not_exists(optedOutAt, :at), #source = if_not_exists(#source, :source)',
      ExpressionAttributeNames: { '#source': 'source' },
      ExpressionAttributeValues: { ':p': phone, ':e': ENTITY.optOut, ':at': at, ':source': source },
    },
  };
}

/** The customer-file entry of a text that did not reach its customer. */
export function failedTextItem(tableName: string, f: FailedText): TransactItem {
  return { Put: { TableName: tableName, Item: { ...keys.failedText(f.customerId, f.smsId), entity: ENTITY.failedText, ...f } } };
}

function failedTextOf(m: SmsMessage, reason: string, error: string | undefined, at: string): FailedText | undefined {
  if (!m.customerId) return undefined;
  return {
    smsId: m.id,
    customerId: m.customerId,
    purpose: m.purpose,
    ...(m.template ? { template: m.template } : {}),
    ...(m.visitId ? { visitId: m.visitId } : {}),
    reason,
    ...(error ? { error } : {}),
    at,
  };
}

const isRatingRequest = (m: SmsMessage) => m.purpose === 'ratingRequest' && !!m.staffId;

/**
 * A rating request that did not reach its customer: out of `ratingRequests`, into `undelivered`, in
 * the month it was queued (when completing the visit counted it, lib/use-cases/visits/complete-visit.ts).
 */
const undeliveredRatingRequest = (m: SmsMessage) => ({ agentId: m.staffId!, month: localMonth(m.createdAt), add: { ratingRequests: -1, undelivered: 1 } });

export function createOutboxStore({ client, tableName }: Ctx): Pick<Store, 'queueSms' | 'dueSms' | 'getSms' | 'optedOut'> & OutboxStore {
  const smsUpdate = (id: string, expression: string, condition: string, values: Record<string, unknown>): TransactItem => ({
    Update: {
      TableName: tableName,
      Key: keys.sms(id),
      UpdateExpression: expression,
      ConditionExpression: condition,
      ExpressionAttributeNames: STATE,
      ExpressionAttributeValues: values,
    },
  });

  /** The writes of one outcome; `withVisit: false` leaves out the visit stamp (its visit is gone). */
  const settleGroup = (outcome: SmsOutcome, claim: ClaimContext, withVisit: boolean): WriteGroup<SettleKey> => {
    const m = outcome.message;
    const mine = { ':cid': claim.claimId, ':sending': 'sending' };
    const waiting = { ':queued': 'queued', ':sending': 'sending', ':stale': claim.staleBefore };
    switch (outcome.kind) {
      case 'sent': {
        const pid = outcome.providerMessageId;
        const byId = indexKeys.smsByProviderId(pid);
        const items: TransactItem[] = [
          smsUpdate(m.id, 'SET #state = :sent, sentAt = :at, providerMessageId = :pid, gsi3pk = :g3pk, gsi3sk = :g3sk REMOVE gsi4pk, gsi4sk, claimId', MINE, {
            ...mine,
            ':sent': 'sent',
            ':at': claim.at,
            ':pid': pid,
            ':g3pk': byId.gsi3pk,
            ':g3sk': byId.gsi3sk,
          }),
        ];
        const ref = withVisit && m.purpose === 'ratingRequest' && m.visitId ? parseVisitId(m.visitId) : undefined;
        if (ref) {
          const byVisit = indexKeys.visitByRatingRequest(pid);
          items.push({
            Update: {
              TableName: tableName,
              Key: visitKey(ref),
              UpdateExpression: 'SET ratingRequestProviderId = :pid, gsi3pk = :g3pk, gsi3sk = :g3sk',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':pid': pid, ':g3pk': byVisit.gsi3pk, ':g3sk': byVisit.gsi3sk },
            },
          });
        }
        return { key: { id: m.id, claimed: true, counters: [] }, items };
      }
      case 'retry': {
        const due = indexKeys.queuedSms(outboxShard(m.id), outcome.sendAfter, m.id);
        const item = smsUpdate(
          m.id,
          'SET #state = :queued, sendAfter = :after, attempts = :n, lastError = :err, gsi4pk = :g4pk, gsi4sk = :g4sk REMOVE claimId, claimedAt',
          MINE,
          {
            ...mine,
            ':queued': 'queued',
            ':after': outcome.sendAfter,
            ':n': outcome.attempts,
            ':err': outcome.error,
            ':g4pk': due.gsi4pk,
            ':g4sk': due.gsi4sk,
          },
        );
        return { key: { id: m.id, claimed: true, counters: [] }, items: [item] };
      }
      case 'failed': {
        const items: TransactItem[] = [
          smsUpdate(m.id, 'SET #state = :failed, reason = :reason, attempts = :n, lastError = :err, failedAt = :at REMOVE gsi4pk, gsi4sk, claimId', MINE, {
            ...mine,
            ':failed': 'failed',
            ':reason': outcome.reason,
            ':n': outcome.attempts,
            ':err': outcome.error,
            ':at': claim.at,
          }),
        ];
        const failed = failedTextOf(m, outcome.reason, outcome.error, claim.at);
        if (failed) items.push(failedTextItem(tableName, failed));
        const counters = isRatingRequest(m) ? [undeliveredRatingRequest(m)] : [];
        return { key: { id: m.id, claimed: true, counters, ...(outcome.optOut ? { optOut: { phone: m.to, at: claim.at } } : {}) }, items };
      }
      case 'deferred': {
        const due = indexKeys.queuedSms(outboxShard(m.id), outcome.sendAfter, m.id);
        const item = smsUpdate(m.id, 'SET #state = :queued, sendAfter = :after, gsi4pk = :g4pk, gsi4sk = :g4sk REMOVE claimId, claimedAt', WAITING, {
          ...waiting,
          ':after': outcome.sendAfter,
          ':g4pk': due.gsi4pk,
          ':g4sk': due.gsi4sk,
        });
        return { key: { id: m.id, claimed: false, counters: [] }, items: [item] };
      }
      case 'suppressed': {
        const item = smsUpdate(m.id, 'SET #state = :suppressed, reason = :reason, suppressedAt = :at REMOVE gsi4pk, gsi4sk, claimId, claimedAt', WAITING, {
          ...waiting,
          ':suppressed': 'suppressed',
          ':reason': outcome.reason,
          ':at': claim.at,
        });
        return { key: { id: m.id, claimed: false, counters: [] }, items: [item] };
      }
      case 'released': {
        const item = smsUpdate(m.id, 'SET #state = :queued REMOVE claimId, claimedAt', MINE, { ...mine, ':queued': 'queued' });
        return { key: { id: m.id, claimed: true, counters: [] }, items: [item] };
      }
    }
  };

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

    async claimSmsBatch(messages, claim) {
      const groups = messages.map((m) => ({
        key: m.id,
        items: [
          smsUpdate(
            m.id,
            'SET #state = :sending, claimedAt = :at, claimId = :cid',
            `(#state = :queued OR (#state = :sending AND claimedAt < :stale)) AND sendAfter <= :at`,
            { ':sending': 'sending', ':queued': 'queued', ':stale': claim.staleBefore, ':at': claim.at, ':cid': claim.claimId },
          ),
        ],
      }));
      const { committed } = await transactGroups(client, groups, { concurrency: 4 });
      const won = new Set(committed);
      return messages.filter((m) => won.has(m.id)).map((m) => ({ ...m, state: 'sending' as const, claimedAt: claim.at, claimId: claim.claimId }));
    },

    async settleSms(outcomes, claim) {
      const settled: string[] = [];
      const lost: string[] = [];
      let pending = outcomes.map((o) => settleGroup(o, claim, true));
      const byId = new Map(outcomes.map((o) => [o.message.id, o]));
      // A second round only for sent rating requests whose visit is gone: settled without the stamp.
      for (let round = 0; pending.length && round < 2; round++) {
        const result = await transactGroups(client, pending, { shared: (groups) => sharedItems(tableName, groups), concurrency: 4 });
        settled.push(...result.committed.map((k) => k.id));
        const again: WriteGroup<SettleKey>[] = [];
        for (const r of result.refused) {
          if (r.itemIndex > 0 && round === 0) again.push(settleGroup(byId.get(r.key.id)!, claim, false));
          else if (r.key.claimed) lost.push(r.key.id);
        }
        pending = again;
      }
      return { settled, lost };
    },

    async recordDeliveryReceipt(receipt) {
      const items = await queryAll(client, {
        TableName: tableName,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk = :sk',
        ExpressionAttributeValues: { ':pk': indexKeys.smsByProviderId(receipt.providerMessageId).gsi3pk, ':sk': 'SMS' },
      });
      const found = items.find((i) => i.entity === ENTITY.sms);
      if (!found) return 'unknown';
      const m = strip<SmsMessage>(found);
      if (m.delivery) return 'duplicate';
      const writes: TransactItem[] = [
        {
          Update: {
            TableName: tableName,
            Key: keys.sms(m.id),
            UpdateExpression: receipt.error ? 'SET delivery = :d, deliveredAt = :at, deliveryError = :err' : 'SET delivery = :d, deliveredAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(delivery)',
            ExpressionAttributeValues: {
              ':d': receipt.delivered ? 'delivered' : 'undelivered',
              ':at': receipt.at,
              ...(receipt.error ? { ':err': receipt.error } : {}),
            },
          },
        },
      ];
      if (!receipt.delivered) {
        const failed = failedTextOf(m, 'undelivered', receipt.error, receipt.at);
        if (failed) writes.push(failedTextItem(tableName, failed));
        if (isRatingRequest(m)) {
          const c = undeliveredRatingRequest(m);
          writes.push(agentMonthUpdate(tableName, c.agentId, c.month, c.add));
        }
      }
      const outcome = await transactWrite(client, writes);
      if (outcome.ok) return 'applied';
      if (outcome.reasons[0] === 'ConditionalCheckFailed') return 'duplicate';
      throw new Error(`delivery receipt transaction cancelled: ${outcome.reasons.join(',')}`);
    },

    async optedOut(phones) {
      const items = await batchGet(client, tableName, phones.map(keys.optOut));
      return new Set(items.map((i) => i.phone as string));
    },
  };
}

import {
  BatchGetCommand,
  BatchWriteCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mapConcurrent } from '../../util/map-concurrent.js';
import { INDEXES, KEY } from './table.js';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';

// The few DynamoDB moves the store makes, each with its batching and retry rules in one place:
// BatchWrite in 25s and BatchGet in 100s with unprocessed items retried, paged queries, and
// transactions whose cancellation reasons come back as data instead of an SDK exception.

type Item = Record<string, unknown>;
type Key = { pk: string; sk: string };
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const BATCH_WRITE = 25;
const BATCH_GET = 100;
const MAX_ROUNDS = 8;

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const backoff = (round: number) => new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** round)));

export { mapConcurrent };

/** Puts every item, 25 a request, `concurrency` requests in flight, retrying unprocessed items. */
export async function batchPut(client: DynamoDBDocumentClient, tableName: string, items: readonly Item[], concurrency = 8): Promise<void> {
  await mapConcurrent(chunk(items, BATCH_WRITE), concurrency, async (batch) => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let round = 0; requests.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new Error(`BatchWrite left ${requests.length} items unprocessed after ${MAX_ROUNDS} rounds`);
      if (round > 0) await backoff(round);
      const out = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  });
}

/** Gets items by key, 100 a request, in parallel; missing keys are absent from the result. `consistent` reads strongly. */
export async function batchGet(client: DynamoDBDocumentClient, tableName: string, keys: readonly Key[], concurrency = 4, consistent = false): Promise<Item[]> {
  const unique = [...new Map(keys.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
  const pages = await mapConcurrent(chunk(unique, BATCH_GET), concurrency, async (batch) => {
    const found: Item[] = [];
    let pending: Key[] = batch;
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new Error(`BatchGet left ${pending.length} keys unprocessed after ${MAX_ROUNDS} rounds`);
      if (round > 0) await backoff(round);
      const out = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ...(consistent ? { ConsistentRead: true } : {}) } } }));
      found.push(...((out.Responses?.[tableName] ?? []) as Item[]));
      pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
    }
    return found;
  });
  return pages.flat();
}

/**
 * One page of a query, with the key to start the next one from, only if there is a next one:
 * DynamoDB answers a page that ends exactly at `Limit` with a LastEvaluatedKey even when nothing
 * follows, so a limited query asks for one item more and, if it comes, starts the next page after
 * the last item kept (its table and index keys).
 */
export async function queryPage(client: DynamoDBDocumentClient, input: QueryCommandInput): Promise<{ items: Item[]; lastKey?: Record<string, unknown> }> {
  const limit = input.Limit;
  const out = await client.send(new QueryCommand(limit === undefined ? input : { ...input, Limit: limit + 1 }));
  const items = (out.Items ?? []) as Item[];
  if (limit === undefined || items.length <= limit) return { items, lastKey: out.LastEvaluatedKey };
  const kept = items.slice(0, limit);
  const last = kept[kept.length - 1] ?? {};
  const index = INDEXES.find((i) => i.name === input.IndexName);
  const names = [KEY.pk, KEY.sk, ...(index ? [index.pk, index.sk] : [])];
  return { items: kept, lastKey: Object.fromEntries(names.map((n) => [n, last[n]])) };
}

/** Every item a query returns, following pages (bounded by `maxItems`). */
export async function queryAll(client: DynamoDBDocumentClient, input: QueryCommandInput, maxItems = Infinity): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await queryPage(client, { ...input, ExclusiveStartKey: start });
    items.push(...page.items);
    start = page.lastKey;
  } while (start && items.length < maxItems);
  return items;
}

/** The outcome of a transaction: committed, or cancelled with one reason code per item ('None' for the innocent). */
export type TransactResult = { ok: true } | { ok: false; reasons: string[] };

/**
 * Writes items atomically. A cancelled transaction comes back as `{ ok: false, reasons }`, so the
 * caller decides what a failed condition means; transaction conflicts are retried here.
 */
export async function transactWrite(client: DynamoDBDocumentClient, items: TransactItem[], token?: string): Promise<TransactResult> {
  for (let round = 0; ; round++) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: token }));
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
      const conflicted = reasons.some((r) => r === 'TransactionConflict' || r === 'ThrottlingError');
      const failedCondition = reasons.includes('ConditionalCheckFailed');
      if (conflicted && !failedCondition && round < MAX_ROUNDS) {
        await backoff(round);
        continue;
      }
      return { ok: false, reasons };
    }
  }
}

/** Splits into chunks of at most `size`. */
export { chunk };

/** A unit of writes that must commit together: one id's state change and everything it causes. */
export interface WriteGroup<K> {
  key: K;
  items: TransactItem[];
}

/** What happened to each group: committed, or refused with the index (within the group) of the item whose condition failed. */
export interface GroupsResult<K> {
  committed: K[];
  refused: { key: K; itemIndex: number; reason: string }[];
}

/**
 * Commits many groups in as few transactions as fit (100 items each), never splitting a group.
 * `shared` adds per-transaction items computed from the groups in it (counters, one SMS per agent).
 * A group whose condition fails is dropped and reported; the rest of its transaction is retried.
 * A shared item whose condition fails (a counter that moved since it was read) calls
 * `refreshShared` (which re-reads what `shared` builds from) and retries the transaction.
 * `unitCheck` adds one condition per unit in each transaction (the agent is still active); when it
 * fails, every group of that unit is refused with `itemIndex` -1 and the rest retried.
 */
export async function transactGroups<K>(
  client: DynamoDBDocumentClient,
  groups: readonly WriteGroup<K>[],
  options: {
    shared?: (groups: WriteGroup<K>[]) => TransactItem[];
    refreshShared?: (groups: WriteGroup<K>[]) => Promise<void>;
    concurrency?: number;
    maxItems?: number;
    unitOf?: (key: K) => string;
    unitCheck?: (unit: string) => TransactItem;
  } = {},
): Promise<GroupsResult<K>> {
  const { shared = () => [], refreshShared, concurrency = 4, maxItems = 100, unitOf, unitCheck } = options;
  const unitsIn = (gs: WriteGroup<K>[]) => (unitCheck && unitOf ? [...new Set(gs.map((g) => unitOf(g.key)))] : []);
  const size = (gs: WriteGroup<K>[]) => gs.reduce((n, g) => n + g.items.length, 0) + shared(gs).length + unitsIn(gs).length;
  // Units (e.g. one agent's approvals) stay in one transaction when they fit in one, so what
  // `shared` adds per unit (one count SMS per agent) is written once.
  const units: WriteGroup<K>[][] = [];
  for (const group of groups) {
    const last = units[units.length - 1];
    if (unitOf && last && unitOf(last[0]!.key) === unitOf(group.key)) last.push(group);
    else units.push([group]);
  }
  const chunks: WriteGroup<K>[][] = [];
  let current: WriteGroup<K>[] = [];
  for (const unit of units) {
    if (current.length && size([...current, ...unit]) > maxItems && size(unit) <= maxItems) {
      chunks.push(current);
      current = [];
    }
    for (const group of unit) {
      if (size([group]) > maxItems) throw new Error(`a write group of ${group.items.length} items does not fit one transaction`);
      if (current.length && size([...current, group]) > maxItems) {
        chunks.push(current);
        current = [];
      }
      current.push(group);
    }
  }
  if (current.length) chunks.push(current);

  const result: GroupsResult<K> = { committed: [], refused: [] };
  await mapConcurrent(chunks, concurrency, async (chunk) => {
    let pending = chunk;
    let refreshes = 0;
    while (pending.length) {
      const checked = unitsIn(pending);
      const sharedItems = shared(pending);
      const items = [...pending.flatMap((g) => g.items), ...sharedItems, ...checked.map((unit) => unitCheck!(unit))];
      const outcome = await transactWrite(client, items);
      if (outcome.ok) {
        result.committed.push(...pending.map((g) => g.key));
        return;
      }
      // Map each failed item back to its group; a failure outside every group (a shared item) fails them all.
      const failed = new Map<WriteGroup<K>, { itemIndex: number; reason: string }>();
      let offset = 0;
      for (const group of pending) {
        group.items.forEach((_item, i) => {
          const reason = outcome.reasons[offset + i];
          if (reason && reason !== 'None' && !failed.has(group)) failed.set(group, { itemIndex: i, reason });
        });
        offset += group.items.length;
      }
      offset += sharedItems.length;
      checked.forEach((unit, i) => {
        const reason = outcome.reasons[offset + i];
        if (!reason || reason === 'None') return;
        for (const group of pending) if (unitOf!(group.key) === unit && !failed.has(group)) failed.set(group, { itemIndex: -1, reason });
      });
      if (failed.size === 0) {
        if (refreshShared && refreshes++ < MAX_ROUNDS) {
          await refreshShared(pending);
          continue;
        }
        throw new Error(`transaction cancelled outside any group: ${outcome.reasons.join(',')}`);
      }
      for (const [group, why] of failed) result.refused.push({ key: group.key, ...why });
      pending = pending.filter((g) => !failed.has(g));
    }
  });
  return result;
}

/** Runs a conditional write; a failed condition comes back as undefined instead of an SDK error. */
export async function ifExists<T>(write: () => Promise<T>): Promise<T | undefined> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

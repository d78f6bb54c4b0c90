import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IndexName } from './table.js';
import { mapConcurrent, queryAll, queryPage } from './operations.js';

// Readers of write-sharded index keys (model.ts SHARDS): every shard is queried in parallel and the
// results merged in sort-key order, so a caller sees one list as if the key were not sharded. A page
// cursor holds, per shard, the last sort key handed out, so paging resumes each shard where it stopped.

type Item = Record<string, unknown>;
type Key = { pk: string; sk: string };

export interface ShardQuery {
  tableName: string;
  index: IndexName;
  /** The partition key of every shard (model.ts `shardKeys`). */
  pks: readonly string[];
  /** Only sort keys starting with this. */
  skPrefix?: string;
  /** Only sort keys at or before this (compared as strings). */
  skUpTo?: string;
  /** Only sort keys before this. */
  skBelow?: string;
}

function keyCondition(q: ShardQuery, pk: string) {
  const sk = `${q.index}sk`;
  // At most one condition on the sort key, always bound to :sk.
  const [range, value] = q.skPrefix ? [`begins_with(${sk}, :sk)`, q.skPrefix] : q.skUpTo ? [`${sk} <= :sk`, q.skUpTo] : [`${sk} < :sk`, q.skBelow];
  return {
    TableName: q.tableName,
    IndexName: q.index,
    KeyConditionExpression: `${q.index}pk = :pk${value ? ` AND ${range}` : ''}`,
    ExpressionAttributeValues: { ':pk': pk, ...(value ? { ':sk': value } : {}) } as Record<string, unknown>,
  };
}

const skOf = (index: IndexName, item: Item) => String(item[`${index}sk`]);

/** Every item of every shard (pages followed), merged in sort-key order. */
export async function queryShards(client: DynamoDBDocumentClient, q: ShardQuery): Promise<Item[]> {
  const shards = await mapConcurrent(q.pks, q.pks.length, (pk) => queryAll(client, keyCondition(q, pk)));
  return shards.flat().sort((a, b) => compare(skOf(q.index, a), skOf(q.index, b)));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Per shard: not started (0), done (1), or the last sort key handed out. */
type ShardState = 0 | 1 | string;

export function encodeShardCursor(states: readonly ShardState[]): string {
  return Buffer.from(JSON.stringify({ v: 2, s: states })).toString('base64url');
}

/** The shard states of a cursor; a cursor that is not one of these lists (or none) starts from the beginning. */
export function decodeShardCursor(cursor: string | undefined, shards: number): ShardState[] {
  const fresh = Array.from({ length: shards }, (): ShardState => 0);
  if (!cursor) return fresh;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v?: number; s?: unknown };
    const ok =
      value?.v === 2 && Array.isArray(value.s) && value.s.length === shards && value.s.every((x) => x === 0 || x === 1 || (typeof x === 'string' && x));
    return ok ? (value.s as ShardState[]) : fresh;
  } catch {
    return fresh;
  }
}

/**
 * Items asked of each shard for a page of `limit`: about twice its share (ids hash evenly over the
 * shards), so a page reads ~2x what it returns instead of `shards` x; never more than `limit`.
 */
export function perShardLimit(limit: number, shards: number): number {
  return Math.min(limit, Math.ceil((2 * limit) / shards) + 8);
}

/** One item of a keyed page with the cursor that resumes right after it (ports/team-store.ts `Keyed`). */
export interface KeyedShardItem {
  item: Item;
  cursor: string;
}

/**
 * Up to `limit` items across the shards, newest sort key first (or oldest with `descending: false`),
 * each with the cursor that resumes right after it, so pages of several sources can be merged item
 * by item (team alerts). `filter` narrows the items after the key condition, as a Query's
 * FilterExpression does; `skBelow` keeps sort keys strictly before it. Items are handed out only
 * as far as every shard that may hold more has been read, so nothing is skipped; pages of
 * filtered-out items are followed (at most 10 rounds, like an unsharded keyed page).
 */
export async function keyedShardPage(
  client: DynamoDBDocumentClient,
  q: ShardQuery & {
    descending?: boolean;
    filter?: { expression: string; values: Record<string, unknown> };
    limit: number;
    cursor?: string;
    primaryKeyOf: (sk: string) => Key | undefined;
  },
): Promise<{ items: KeyedShardItem[]; next?: string }> {
  const descending = q.descending ?? true;
  const before = (a: string, b: string) => (descending ? a > b : a < b);
  let states = decodeShardCursor(q.cursor, q.pks.length);
  const items: KeyedShardItem[] = [];
  for (let round = 0; round < 10 && items.length < q.limit && !states.every((s) => s === 1); round++) {
    const want = q.limit - items.length;
    const fetched = await mapConcurrent(q.pks, q.pks.length, async (pk, s) => {
      const state = states[s]!;
      if (state === 1) return { items: [] as Item[], position: undefined as string | undefined };
      let start: Record<string, unknown> | undefined;
      if (typeof state === 'string') {
        const key = q.primaryKeyOf(state);
        if (!key) return { items: [] as Item[], position: undefined };
        start = { ...key, [`${q.index}pk`]: pk, [`${q.index}sk`]: state };
      }
      const condition = keyCondition(q, pk);
      const page = await queryPage(client, {
        ...condition,
        ...(q.filter ? { FilterExpression: q.filter.expression } : {}),
        ExpressionAttributeValues: { ...condition.ExpressionAttributeValues, ...q.filter?.values },
        ScanIndexForward: !descending,
        Limit: perShardLimit(want, q.pks.length),
        ExclusiveStartKey: start,
      });
      // How far the shard was read (past items the filter dropped), or undefined when it is exhausted.
      return { items: page.items, position: page.lastKey ? String(page.lastKey[`${q.index}sk`]) : undefined };
    });
    // Nothing beyond the least-advanced position of a shard that may hold more can be handed out yet.
    let bound: string | undefined;
    for (const f of fetched) if (f.position !== undefined && (bound === undefined || before(f.position, bound))) bound = f.position;
    const merged = fetched
      .flatMap((f, s) => f.items.map((item) => ({ item, s, sk: skOf(q.index, item) })))
      .filter((x) => bound === undefined || !before(bound, x.sk))
      .sort((a, b) => (before(a.sk, b.sk) ? -1 : before(b.sk, a.sk) ? 1 : 0))
      .slice(0, want);
    const running = [...states];
    for (const x of merged) {
      running[x.s] = x.sk;
      items.push({ item: x.item, cursor: encodeShardCursor(running) });
    }
    // A shard all of whose fetched items went out resumes from how far it was read (or is done).
    states = running.map((state, s) => {
      if (state === 1) return 1;
      const f = fetched[s]!;
      const out = merged.filter((x) => x.s === s).length;
      if (out < f.items.length) return state;
      return f.position ?? 1;
    });
  }
  return { items, ...(states.every((s) => s === 1) ? {} : { next: encodeShardCursor(states) }) };
}

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CustomerFile, CustomerProfile } from '../../domain/customer.js';
import type { HistoryEntry } from '../../domain/history.js';
import { quadrantMoves, standingOf, type FileStanding, type StateDelta } from '../../domain/team.js';
import { FILE_SHARDS, type FileStore, type FileWrite } from '../../ports/file-store.js';
import { agentStateUpdates, customerItem, smsItem } from './items.js';
import { ENTITY, indexKeys, keys, strip } from './model.js';
import { batchGet, queryPage, transactGroups, type TransactItem } from './operations.js';

// The customer file on the single table: the FILE item under the customer (its version is the
// optimistic lock of every read-modify-write), history entries in their own HIST# partition, and
// two sparse, sharded day indexes on the FILE item for the daily jobs (see model.ts). The quadrant
// counters of the agent a file names move in the transaction that writes the file.

type Ctx = { client: DynamoDBDocumentClient; tableName: string };

export function fileShard(customerId: string): number {
  let h = 7;
  for (let i = 0; i < customerId.length; i++) h = (Math.imul(33, h) + customerId.charCodeAt(i)) | 0;
  return Math.abs(h) % FILE_SHARDS;
}

/** Whether the farm plans care SMS for this file: farmed, reachable, no visit programme running. */
export function inCarePlan(file: CustomerFile): boolean {
  return !!file.care?.active && !!file.care.nextOn && !file.optedOutAt && file.programme !== 'running';
}

export function fileItem(file: CustomerFile): Record<string, unknown> {
  const shard = fileShard(file.customerId);
  return {
    ...keys.customerFile(file.customerId),
    entity: ENTITY.customerFile,
    ...file,
    ...(file.segmentDueOn ? indexKeys.segmentsDue(shard, file.segmentDueOn, file.customerId) : {}),
    ...(inCarePlan(file) ? indexKeys.careDue(shard, file.care!.nextOn!, file.customerId) : {}),
  };
}

export function historyItem(e: HistoryEntry): Record<string, unknown> {
  return { ...keys.history(e.customerId, e.at, e.id), entity: ENTITY.history, ...e };
}

/**
 * The quadrant counter moves of file writes, summed per agent. Such a write keeps the file's agent
 * (only an approval hands a file on), so it moves counts between quadrants of one agent; its
 * version condition makes `was` the stored standing, so a refused write moves nothing.
 */
export function fileWriteMoves(writes: readonly Pick<FileWrite, 'file' | 'was'>[]): Map<string, StateDelta> {
  return quadrantMoves(writes.map((w) => ({ before: w.was, after: standingOf(w.file) })));
}

/**
 * The transaction items of one file change; the file's Put comes first (its refusal means "changed
 * meanwhile"). The quadrant counters are not among them: a transaction sums them over its files
 * (fileWriteMoves), since it may touch an agent's state item once.
 */
export function fileWriteItems(tableName: string, w: Omit<FileWrite, 'was'>): TransactItem[] {
  const version = w.file.version ?? 1;
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName,
        Item: fileItem(w.file),
        ConditionExpression: version <= 1 ? 'attribute_not_exists(version)' : 'version = :v',
        ...(version <= 1 ? {} : { ExpressionAttributeValues: { ':v': version - 1 } }),
      },
    },
    ...w.history.map((e) => ({ Put: { TableName: tableName, Item: historyItem(e) } })),
    ...(w.sms ?? []).map((m) => ({ Put: { TableName: tableName, Item: smsItem(m), ConditionExpression: 'attribute_not_exists(pk)' } })),
  ];
  if (w.createProfile) {
    items.push(
      { Put: { TableName: tableName, Item: customerItem(w.createProfile), ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.prospect(w.createProfile.phone), entity: ENTITY.prospect, phone: w.createProfile.phone, customerId: w.createProfile.id },
        },
      },
    );
  }
  if (w.merge) {
    items.push(
      { Put: { TableName: tableName, Item: { ...keys.alias(w.merge.coreId), entity: ENTITY.alias, coreId: w.merge.coreId, customerId: w.file.customerId } } },
      { Delete: { TableName: tableName, Key: keys.prospect(w.merge.phone) } },
    );
  }
  return items;
}

/**
 * The transaction items an approval adds per customer: the file remembers the agent and since when
 * (issued policies count from then), a new programme runs (status active, no programme end, care
 * paused: out of the care bucket), and the history entries. One Update: a transaction may touch the
 * FILE item once. It holds only while the file still has the agent and quadrant `was` read (the
 * quadrant counters move from them in the same transaction); anything else may have changed.
 */
export function approvalFileItems(
  tableName: string,
  approval: { customerId: string; agentId: string; at: string; was: FileStanding },
  history: readonly HistoryEntry[] = [],
): TransactItem[] {
  const { was } = approval;
  return [
    {
      Update: {
        TableName: tableName,
        Key: keys.customerFile(approval.customerId),
        ConditionExpression: [
          was.quadrant ? '#segment.#quadrant = :wasQuadrant' : 'attribute_not_exists(#segment)',
          was.agentId ? 'agentId = :wasAgent' : 'attribute_not_exists(agentId)',
        ].join(' AND '),
        // The version moves, so a concurrent read-modify-write of the file is refused and retries.
        UpdateExpression:
          'SET customerId = :cid, entity = :e, agentId = :agent, agentSince = :at, updatedAt = :at, #status = :active, programme = :running, ' +
          '#source = if_not_exists(#source, :orphan), ratings = if_not_exists(ratings, :zero), ratingSum = if_not_exists(ratingSum, :zero), ' +
          'version = if_not_exists(version, :zero) + :one REMOVE programmeEndedAt, programmeEndReason, gsi4pk, gsi4sk',
        ExpressionAttributeNames: { '#source': 'source', '#status': 'status', '#segment': 'segment', ...(was.quadrant ? { '#quadrant': 'quadrant' } : {}) },
        ExpressionAttributeValues: {
          ':cid': approval.customerId,
          ':e': ENTITY.customerFile,
          ':agent': approval.agentId,
          ':at': approval.at,
          ':running': 'running',
          ':orphan': 'orphan',
          ':active': 'active',
          ':zero': 0,
          ':one': 1,
          ...(was.quadrant ? { ':wasQuadrant': was.quadrant } : {}),
          ...(was.agentId ? { ':wasAgent': was.agentId } : {}),
        },
      },
    },
    ...history.map((e) => ({ Put: { TableName: tableName, Item: historyItem(e) } })),
  ];
}

const encodeCursor = (key: Record<string, unknown> | undefined) => (key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined);
function decodeCursor(cursor: string | undefined, customerId: string): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    // A cursor of another customer's history would read their entries: refuse it.
    return value && value.pk === keys.historyCollection(customerId) && typeof value.sk === 'string' ? { pk: value.pk, sk: value.sk } : undefined;
  } catch {
    return undefined;
  }
}

export function createFileStore({ client, tableName }: Ctx): FileStore {
  const bucket = async (index: 'gsi3' | 'gsi4', pk: string, upTo: string, limit: number) => {
    const out: CustomerFile[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await queryPage(client, {
        TableName: tableName,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk AND ${index}sk <= :upTo`,
        ExpressionAttributeValues: { ':pk': pk, ':upTo': `${upTo}\uffff` },
        Limit: Math.min(1000, limit - out.length),
        ExclusiveStartKey: start,
      });
      out.push(...page.items.map((i) => strip<CustomerFile>(i)));
      start = page.lastKey;
    } while (start && out.length < limit);
    return out;
  };

  return {
    async getCustomerFiles(ids) {
      const items = await batchGet(
        client,
        tableName,
        ids.flatMap((id) => [keys.customer(id), keys.customerFile(id)]),
      );
      const out = new Map<string, { profile?: CustomerProfile; file?: CustomerFile }>();
      for (const item of items) {
        const id = (item.entity === ENTITY.customer ? item.id : item.customerId) as string;
        const entry = out.get(id) ?? {};
        if (item.entity === ENTITY.customer) entry.profile = strip<CustomerProfile>(item);
        else entry.file = strip<CustomerFile>(item);
        out.set(id, entry);
      }
      return out;
    },

    async commitFiles(writes, options = {}) {
      // Group keys index `writes` (-1: all of them together), so each transaction sums its own files' counter moves.
      const groups = options.together
        ? [{ key: -1, items: writes.flatMap((w) => fileWriteItems(tableName, w)) }]
        : writes.map((w, i) => ({ key: i, items: fileWriteItems(tableName, w) }));
      const writesOf = (key: number) => (key === -1 ? writes : [writes[key]!]);
      const result = await transactGroups(client, groups, {
        concurrency: 8,
        shared: (inTransaction) => agentStateUpdates(tableName, fileWriteMoves(inTransaction.flatMap((g) => writesOf(g.key))), options.indexed),
      });
      const idsOf = (keys: number[]) => keys.flatMap((k) => writesOf(k).map((w) => w.file.customerId));
      return { saved: idsOf(result.committed), refused: idsOf(result.refused.map((r) => r.key)) };
    },

    async historyPage(customerId, { limit, cursor }) {
      // One more than asked: its presence says whether there is a next page, so the last page has no `next`.
      const page = await queryPage(client, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.historyCollection(customerId) },
        ScanIndexForward: false,
        Limit: limit + 1,
        ExclusiveStartKey: decodeCursor(cursor, customerId),
      });
      const items = page.items.slice(0, limit);
      const last = items[items.length - 1];
      const more = page.items.length > limit;
      return { items: items.map((i) => strip<HistoryEntry>(i)), ...(more && last ? { next: encodeCursor({ pk: last.pk, sk: last.sk }) } : {}) };
    },

    careDue: (shard, upTo, limit) => bucket('gsi4', `CARE#${shard}`, upTo, limit),
    segmentsDue: (shard, upTo, limit) => bucket('gsi3', `SEGDUE#${shard}`, upTo, limit),

    async uploadLookup(ids, phones) {
      const items = await batchGet(client, tableName, [...ids.map(keys.customerFile), ...ids.map(keys.alias), ...phones.map(keys.prospect)]);
      const files = new Map<string, CustomerFile>();
      const aliases = new Map<string, string>();
      const prospects = new Map<string, string>();
      for (const item of items) {
        if (item.entity === ENTITY.customerFile) files.set(item.customerId as string, strip<CustomerFile>(item));
        else if (item.entity === ENTITY.alias) aliases.set(item.coreId as string, item.customerId as string);
        else if (item.entity === ENTITY.prospect) prospects.set(item.phone as string, item.customerId as string);
      }
      return { files, aliases, prospects };
    },
  };
}

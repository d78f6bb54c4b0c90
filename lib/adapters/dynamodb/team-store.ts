import { gunzipSync, gzipSync } from 'node:zlib';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Assignment } from '../../domain/assignment.js';
import type { InboundRecord } from '../../domain/inbound.js';
import { AWAITING_PREFIX, type AgentState } from '../../domain/team.js';
import type { Visit } from '../../domain/visit.js';
import type { AgentMonth } from '../../ports/store.js';
import type { AlertFilter, ExportJob, Keyed, KeyedPage, TeamStore } from '../../ports/team-store.js';
import { AGENT_STATE_SHARDS } from './items.js';
import { ENTITY, keys, strip } from './model.js';
import { TTL_ATTRIBUTE } from './table.js';
import { batchGet, ifExists, mapConcurrent, queryAll, queryPage } from './operations.js';

// The managers' view on the table: counters by BatchGet (month item and state item of each
// agent together), the month-end snapshot as a conditional update of the month item, alert pages
// from sparse indexes newest first with a resume cursor per item, export parts gzip-compressed.

type Ctx = { client: DynamoDBDocumentClient; tableName: string };
type Item = Record<string, unknown>;

/** Exports are kept a week (DynamoDB TTL, epoch seconds). */
const expiry = (createdAt: string) => Math.floor(new Date(createdAt).getTime() / 1000) + 7 * 86_400;

const encode = (key: Item) => Buffer.from(JSON.stringify(key)).toString('base64url');
function decode(cursor: string | undefined): Item | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Item) : undefined;
  } catch {
    return undefined;
  }
}

/** The ExclusiveStartKey that resumes an index query right after `item`. */
const keyOf = (item: Item, index: string) => encode({ pk: item.pk, sk: item.sk, [`${index}pk`]: item[`${index}pk`], [`${index}sk`]: item[`${index}sk`] });

/** Counters of an agent month, zeros where absent. */
export function agentMonthOf(agentId: string, month: string, item?: Item): AgentMonth {
  const n = (k: string) => Number(item?.[k] ?? 0);
  return {
    agentId,
    month,
    reserved: n('reserved'),
    assigned: n('assigned'),
    attempts: n('attempts'),
    visitsDone: n('visitsDone'),
    ratingReplies: n('ratingReplies'),
    ratingSum: n('ratingSum'),
    soldLife: n('soldLife'),
    soldCard: n('soldCard'),
    ratingRequests: n('ratingRequests'),
    visitsDone1: n('visitsDone1'),
    visitsDone2: n('visitsDone2'),
    visitsDone3: n('visitsDone3'),
    healthTests: n('healthTests'),
    issuedLife: n('issuedLife'),
    issuedCard: n('issuedCard'),
    undelivered: n('undelivered'),
    ...(item?.stateAtEnd ? { stateAtEnd: item.stateAtEnd as NonNullable<AgentMonth['stateAtEnd']> } : {}),
  };
}

export function agentStateOf(agentId: string, item?: Item): AgentState {
  const awaiting: Record<string, number> = {};
  for (const [k, v] of Object.entries(item ?? {})) if (k.startsWith(AWAITING_PREFIX) && Number(v) !== 0) awaiting[k.slice(AWAITING_PREFIX.length)] = Number(v);
  return { agentId, unreachable: Number(item?.unreachable ?? 0), maintenance: Number(item?.maintenance ?? 0), awaiting };
}

const filterExpression = (filter: AlertFilter): Pick<QueryCommandInput, 'FilterExpression'> & { values: Item } =>
  'supervisorId' in filter
    ? { FilterExpression: 'supervisorId = :fid', values: { ':fid': filter.supervisorId } }
    : 'deptId' in filter
      ? { FilterExpression: 'deptId = :fid', values: { ':fid': filter.deptId } }
      : { values: {} };

export function createTeamStore({ client, tableName }: Ctx): TeamStore {
  /** Up to `limit` matching items of a descending index query (following pages past filtered-out items), each with its cursor. */
  async function keyedPage<T>(input: Omit<QueryCommandInput, 'TableName'>, index: string, limit: number, cursor: string | undefined): Promise<KeyedPage<T>> {
    const items: Keyed<T>[] = [];
    let start = decode(cursor);
    for (let round = 0; round < 10; round++) {
      const page = await queryPage(client, {
        ...input,
        TableName: tableName,
        IndexName: index,
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: start,
      });
      for (const item of page.items) items.push({ value: strip<T>(item), cursor: keyOf(item, index) });
      start = page.lastKey;
      if (!start || items.length >= limit) break;
    }
    return { items, ...(start ? { next: encode(start) } : {}) };
  }

  return {
    async teamCounters(agentIds, month) {
      const items = await batchGet(
        client,
        tableName,
        agentIds.flatMap((id) => [keys.agentMonth(id, month), keys.agentState(id)]),
        8,
      );
      const monthItems = new Map<string, Item>();
      const stateItems = new Map<string, Item>();
      for (const item of items) {
        if (item.entity === ENTITY.agentState) stateItems.set(item.agentId as string, item);
        else monthItems.set(item.agentId as string, item);
      }
      return {
        months: new Map(agentIds.map((id) => [id, agentMonthOf(id, month, monthItems.get(id))])),
        states: new Map(agentIds.map((id) => [id, agentStateOf(id, stateItems.get(id))])),
      };
    },

    async resetAgentState(agentId) {
      await client.send(new DeleteCommand({ TableName: tableName, Key: keys.agentState(agentId) }));
    },

    async allAgentStates() {
      const shards = await mapConcurrent(
        Array.from({ length: AGENT_STATE_SHARDS }, (_, i) => i),
        4,
        (shard) =>
          queryAll(client, {
            TableName: tableName,
            IndexName: 'gsi4',
            KeyConditionExpression: 'gsi4pk = :pk',
            ExpressionAttributeValues: { ':pk': `AGENTSTATE#${shard}` },
          }),
      );
      return shards.flat().map((item) => agentStateOf(item.agentId as string, item));
    },

    async monthEndTaken(month) {
      const out = await client.send(new GetCommand({ TableName: tableName, Key: keys.monthEnd(month) }));
      return !!out.Item;
    },

    async markMonthEnd(month, at) {
      await client.send(new PutCommand({ TableName: tableName, Item: { ...keys.monthEnd(month), entity: ENTITY.monthEnd, month, takenAt: at } }));
    },

    async writeMonthEnd(agentId, month, figures) {
      await ifExists(() =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.agentMonth(agentId, month),
            UpdateExpression: 'SET agentId = :agent, #month = :m, entity = :entity, stateAtEnd = :s',
            ConditionExpression: 'attribute_not_exists(stateAtEnd)',
            ExpressionAttributeNames: { '#month': 'month' },
            ExpressionAttributeValues: { ':agent': agentId, ':m': month, ':entity': ENTITY.agentMonth, ':s': figures },
          }),
        ),
      );
    },

    async untriedVisits({ districtId, first, dueBefore, filter, limit, cursor }) {
      const f = filterExpression(filter);
      return keyedPage<Visit>(
        {
          KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
          ...(f.FilterExpression ? { FilterExpression: f.FilterExpression } : {}),
          ExpressionAttributeValues: { ':pk': `UNTRIED${first ? 1 : 2}#${districtId}`, ':before': dueBefore, ...f.values },
        },
        'gsi2',
        limit,
        cursor,
      );
    },

    async overdueAssignments({ scope, limit, cursor }) {
      const [index, pk, prefix] =
        'ownerId' in scope
          ? (['gsi1', `OWNER#${scope.ownerId}`, 'overdue#'] as const)
          : 'deptId' in scope
            ? (['gsi2', `DEPT#${scope.deptId}`, 'A#overdue#'] as const)
            : (['gsi3', `DISTRICT#${scope.districtId}`, 'A#overdue#'] as const);
      return keyedPage<Assignment>(
        { KeyConditionExpression: `${index}pk = :pk AND begins_with(${index}sk, :sk)`, ExpressionAttributeValues: { ':pk': pk, ':sk': prefix } },
        index,
        limit,
        cursor,
      );
    },

    async unmatchedRepliesPage({ districtId, filter, limit, cursor }) {
      const f = filterExpression(filter);
      return keyedPage<InboundRecord>(
        {
          KeyConditionExpression: 'gsi4pk = :pk',
          ...(f.FilterExpression ? { FilterExpression: f.FilterExpression } : {}),
          ExpressionAttributeValues: { ':pk': `UNMATCHED#${districtId}`, ...f.values },
        },
        'gsi4',
        limit,
        cursor,
      );
    },

    async putExportJob(job) {
      await client.send(
        new PutCommand({ TableName: tableName, Item: { ...keys.exportJob(job.id), entity: ENTITY.exportJob, ...job, [TTL_ATTRIBUTE]: expiry(job.createdAt) } }),
      );
    },

    async getExportJob(id) {
      const out = await client.send(new GetCommand({ TableName: tableName, Key: keys.exportJob(id) }));
      return out.Item ? strip<ExportJob>(out.Item) : undefined;
    },

    async putExportPart(id, n, csv, createdAt) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.exportPart(id, n), entity: ENTITY.exportPart, exportId: id, part: n, csvGzip: gzipSync(csv), [TTL_ATTRIBUTE]: expiry(createdAt) },
        }),
      );
    },

    async getExportPart(id, n) {
      const out = await client.send(new GetCommand({ TableName: tableName, Key: keys.exportPart(id, n) }));
      const data = out.Item?.csvGzip as Uint8Array | undefined;
      return data ? gunzipSync(data).toString('utf8') : undefined;
    },
  };
}

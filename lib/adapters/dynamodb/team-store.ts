import { gunzipSync, gzipSync } from 'node:zlib';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Assignment } from '../../domain/assignment.js';
import type { InboundRecord } from '../../domain/inbound.js';
import { QUADRANTS } from '../../domain/quadrant.js';
import { AWAITING_PREFIX, quadrantCounter, type AgentState } from '../../domain/team.js';
import type { Visit } from '../../domain/visit.js';
import type { AgentMonth } from '../../ports/store.js';
import type { AlertFilter, ExportJob, TeamStore } from '../../ports/team-store.js';
import { AGENT_STATE_SHARDS } from './items.js';
import { ENTITY, keys, SHARDS, shardKeys, strip } from './model.js';
import { keyedShardPage } from './shards.js';
import { assignmentKey, visitKey } from './items.js';
import { parseVisitId } from '../../domain/ids.js';
import { TTL_ATTRIBUTE } from './table.js';
import { batchGet, ifExists, mapConcurrent, queryAll } from './operations.js';

// The managers' view on the table: counters by BatchGet (month item and state item of each
// agent together), the month-end snapshot as a conditional update of the month item, alert pages
// from sparse indexes newest first with a resume cursor per item, export parts gzip-compressed.
// The state item also holds the agent's quadrant counters (`quadrant#<q>`), which outlive a departure.

type Ctx = { client: DynamoDBDocumentClient; tableName: string };
type Item = Record<string, unknown>;

/** Exports are kept a week (DynamoDB TTL, epoch seconds). */
const expiry = (createdAt: string) => Math.floor(new Date(createdAt).getTime() / 1000) + 7 * 86_400;

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

/** The table key of a visit from its untried-visits sort key (`<dueOn>#<visit id>`). */
function visitKeyOfSk(sk: string) {
  const parsed = parseVisitId(sk.slice(sk.indexOf('#') + 1));
  return parsed ? visitKey(parsed) : undefined;
}

export function agentStateOf(agentId: string, item?: Item): AgentState {
  const awaiting: Record<string, number> = {};
  for (const [k, v] of Object.entries(item ?? {})) if (k.startsWith(AWAITING_PREFIX) && Number(v) !== 0) awaiting[k.slice(AWAITING_PREFIX.length)] = Number(v);
  const quadrants = Object.fromEntries(QUADRANTS.map((q) => [q, Number(item?.[quadrantCounter(q)] ?? 0)])) as AgentState['quadrants'];
  return { agentId, unreachable: Number(item?.unreachable ?? 0), maintenance: Number(item?.maintenance ?? 0), awaiting, quadrants };
}

/** What a departure clears from an agent's state item: the visit figures and its place in the month-end index. */
const clearedAtDeparture = (attribute: string) =>
  attribute === 'unreachable' || attribute === 'maintenance' || attribute.startsWith(AWAITING_PREFIX) || attribute === 'gsi4pk' || attribute === 'gsi4sk';

const filterExpression = (filter: AlertFilter): Pick<QueryCommandInput, 'FilterExpression'> & { values: Item } =>
  'supervisorId' in filter
    ? { FilterExpression: 'supervisorId = :fid', values: { ':fid': filter.supervisorId } }
    : 'deptId' in filter
      ? { FilterExpression: 'deptId = :fid', values: { ':fid': filter.deptId } }
      : { values: {} };

export function createTeamStore({ client, tableName }: Ctx): TeamStore {
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
      // The quadrant counters stay: they count the files that still name the agent, each until its
      // customer is approved to someone else (that approval takes the count off this item). Only
      // the attributes read are removed, in one Update, so a concurrent ADD to a quadrant is kept.
      const out = await client.send(new GetCommand({ TableName: tableName, Key: keys.agentState(agentId), ConsistentRead: true }));
      const cleared = Object.keys(out.Item ?? {}).filter(clearedAtDeparture);
      if (!cleared.length) return;
      await ifExists(() =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.agentState(agentId),
            UpdateExpression: `REMOVE ${cleared.map((_, i) => `#r${i}`).join(', ')}`,
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: Object.fromEntries(cleared.map((name, i) => [`#r${i}`, name])),
          }),
        ),
      );
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
      const page = await keyedShardPage(client, {
        tableName,
        index: 'gsi2',
        pks: shardKeys(`UNTRIED${first ? 1 : 2}#${districtId}`, SHARDS.untried),
        skBelow: dueBefore,
        ...(f.FilterExpression ? { filter: { expression: f.FilterExpression, values: f.values } } : {}),
        limit,
        cursor,
        primaryKeyOf: visitKeyOfSk,
      });
      return { items: page.items.map((i) => ({ value: strip<Visit>(i.item), cursor: i.cursor })), ...(page.next ? { next: page.next } : {}) };
    },

    async overdueAssignments({ scope, limit, cursor }) {
      const [index, prefix, shards, skPrefix] =
        'ownerId' in scope
          ? (['gsi1', `OWNER#${scope.ownerId}`, SHARDS.owner, 'overdue#'] as const)
          : 'deptId' in scope
            ? (['gsi2', `DEPT#${scope.deptId}`, SHARDS.dept, 'A#overdue#'] as const)
            : (['gsi3', `DISTRICT#${scope.districtId}`, SHARDS.district, 'A#overdue#'] as const);
      const page = await keyedShardPage(client, {
        tableName,
        index,
        pks: shardKeys(prefix, shards),
        skPrefix,
        limit,
        cursor,
        primaryKeyOf: (sk) => assignmentKey(sk.slice(sk.lastIndexOf('#') + 1)),
      });
      return { items: page.items.map((i) => ({ value: strip<Assignment>(i.item), cursor: i.cursor })), ...(page.next ? { next: page.next } : {}) };
    },

    async unmatchedRepliesPage({ districtId, filter, limit, cursor }) {
      const f = filterExpression(filter);
      // One partition: the shard reader with a single shard.
      const page = await keyedShardPage(client, {
        tableName,
        index: 'gsi4',
        pks: [`UNMATCHED#${districtId}`],
        ...(f.FilterExpression ? { filter: { expression: f.FilterExpression, values: f.values } } : {}),
        limit,
        cursor,
        primaryKeyOf: (sk) => keys.inbound(sk.slice(sk.indexOf('#') + 1)),
      });
      return { items: page.items.map((i) => ({ value: strip<InboundRecord>(i.item), cursor: i.cursor })), ...(page.next ? { next: page.next } : {}) };
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

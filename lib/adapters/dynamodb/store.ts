import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Assignment } from '../../domain/assignment.js';
import type { CustomerFile, CustomerProfile } from '../../domain/customer.js';
import type { FailedText } from '../../domain/sms.js';
import type { Staff } from '../../domain/staff.js';
import type { Visit } from '../../domain/visit.js';
import type { CustomerRecord, Store } from '../../ports/store.js';
import { createAssignmentStore } from './assignment-store.js';
import { agentMonthUpdate, agentStateUpdates, assignmentKey, customerFileUpdate, customerItem, smsItem, staffItem, visitItem, visitKey } from './items.js';
import { mergeDeltas } from '../../domain/team.js';
import { createInboundStore } from './inbound-store.js';
import { createInvitationStore } from './invitation-store.js';
import { createIssuedStore } from './issued-store.js';
import { parseVisitId } from '../../domain/ids.js';
import { ENTITY, keys, SHARDS, shardKeys, strip } from './model.js';
import { queryShards } from './shards.js';
import { batchGet, batchPut, ifExists, queryAll, transactGroups, transactWrite, type TransactItem } from './operations.js';
import { createOutboxStore } from './outbox-store.js';
import type { BulkAssignmentStore } from '../../ports/bulk-assignment-store.js';
import type { JobStore } from '../../ports/job-store.js';
import type { ReminderStore } from '../../ports/reminder-store.js';
import { createFileStore, fileWriteItems, fileWriteMoves } from './file-store.js';
import { agentMonthOf, createTeamStore } from './team-store.js';

// The Store port on one DynamoDB table: items are built by items.ts from the key builders of
// model.ts and stripped of their keys on the way out, so domain objects never carry pk/sk.
// Conditional writes and transactions report refusals as domain results; SDK error names stay here.

export interface DynamoStoreOptions {
  /** A configured DocumentClient (see createDocumentClient); shared by every adapter of a process. */
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /**
   * The parts of the Store only some Lambdas call (store-parts.ts): a composition root names the
   * ones its use cases need, so the others stay out of its bundle (the API bundles have a size
   * budget). A part not given has no methods; test/infra/bundles.test.ts fails a bundle that calls
   * one. Tests, the local runtime and benchmarks give them all (ALL_STORE_PARTS).
   */
  readonly parts?: StoreParts;
}

type Ctx = { client: DynamoDBDocumentClient; tableName: string };

/** Factories of the Store's optional parts. */
export interface StoreParts {
  /** Bulk and automatic proposal (the assignments function). */
  readonly bulk?: (ctx: Ctx) => BulkAssignmentStore;
  /** Departure jobs (the admin and departure-job functions). */
  readonly jobs?: (ctx: Ctx) => JobStore;
  /** The daily reminder run (the scheduled function). */
  readonly reminders?: (ctx: Ctx) => ReminderStore;
}

export { customerItem, staffItem };

export { agentMonthOf };

/** Builds the Store on a DynamoDB table laid out as model.ts describes. */
export function createDynamoStore({ client, tableName, parts = {} }: DynamoStoreOptions): Store {
  const queryIndex = (index: 'gsi1' | 'gsi2' | 'gsi3' | 'gsi4', pk: string, skPrefix?: string) =>
    queryAll(client, {
      TableName: tableName,
      IndexName: index,
      KeyConditionExpression: skPrefix ? `${index}pk = :pk AND begins_with(${index}sk, :sk)` : `${index}pk = :pk`,
      ExpressionAttributeValues: skPrefix ? { ':pk': pk, ':sk': skPrefix } : { ':pk': pk },
    });
  const staffList = async (index: 'gsi1' | 'gsi2' | 'gsi3' | 'gsi4', pk: string, skPrefix?: string) =>
    (await queryIndex(index, pk, skPrefix)).filter((i) => i.entity === ENTITY.staff).map((i) => strip<Staff>(i));

  return {
    async getMany({ staff = [], assignments = [], customers = [], files = [] }) {
      const assignmentKeys = assignments.flatMap((id) => {
        const key = assignmentKey(id);
        return key ? [key] : [];
      });
      const items = await batchGet(client, tableName, [
        ...staff.map(keys.staff),
        ...assignmentKeys,
        ...customers.map(keys.customer),
        ...files.map(keys.customerFile),
      ]);
      const out = {
        staff: new Map<string, Staff>(),
        assignments: new Map<string, Assignment>(),
        customers: new Map<string, CustomerProfile>(),
        files: new Map<string, CustomerFile>(),
      };
      for (const item of items) {
        if (item.entity === ENTITY.staff) out.staff.set(item.id as string, strip<Staff>(item));
        else if (item.entity === ENTITY.assignment) out.assignments.set(item.id as string, strip<Assignment>(item));
        else if (item.entity === ENTITY.customer) out.customers.set(item.id as string, strip<CustomerProfile>(item));
        else if (item.entity === ENTITY.customerFile) out.files.set(item.customerId as string, strip<CustomerFile>(item));
      }
      return out;
    },

    async getStaff(ids) {
      const items = await batchGet(client, tableName, ids.map(keys.staff));
      return new Map(items.map((item) => [item.id as string, strip<Staff>(item)]));
    },

    async putStaff(staff) {
      await batchPut(client, tableName, staff.map(staffItem));
    },

    async putCustomers(profiles) {
      await batchPut(client, tableName, profiles.map(customerItem));
    },

    async getCustomerRecord(customerId) {
      const items = await queryAll(client, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.customerCollection(customerId) },
      });
      let profile: CustomerProfile | undefined;
      let file: CustomerFile | undefined;
      const assignments: Assignment[] = [];
      const visits: Visit[] = [];
      const failedTexts: FailedText[] = [];
      for (const item of items) {
        if (item.entity === ENTITY.customer) profile = strip<CustomerProfile>(item);
        else if (item.entity === ENTITY.customerFile) file = strip<CustomerFile>(item);
        else if (item.entity === ENTITY.assignment) assignments.push(strip<Assignment>(item));
        else if (item.entity === ENTITY.visit) visits.push(strip<Visit>(item));
        else if (item.entity === ENTITY.failedText) failedTexts.push(strip<FailedText>(item));
      }
      return profile ? ({ profile, file, assignments, visits, failedTexts } satisfies CustomerRecord) : undefined;
    },

    async customersOfAgent(agentId) {
      return (await queryIndex('gsi1', `AGENT#${agentId}`)).map((i) => strip<CustomerProfile>(i));
    },

    async getCustomers(ids) {
      const items = await batchGet(client, tableName, ids.map(keys.customer));
      return new Map(items.map((item) => [item.id as string, strip<CustomerProfile>(item)]));
    },

    async markDeparted(staffId, at) {
      // Leaving the fallback index too: a departed collector must not receive escalations.
      const out = await ifExists(() =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.staff(staffId),
            UpdateExpression: 'SET #status = :departed, departedAt = if_not_exists(departedAt, :at) REMOVE gsi4pk, gsi4sk',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':departed': 'departed', ':at': at },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return out?.Attributes ? strip<Staff>(out.Attributes) : undefined;
    },

    staffOfTeam: (supervisorId) => staffList('gsi1', `TEAM#${supervisorId}`, 'STAFF#'),
    staffOfDept: (deptId) => staffList('gsi2', `DEPT#${deptId}`, 'STAFF#'),
    staffOfDistrict: (districtId) => staffList('gsi3', `DISTRICT#${districtId}`, 'STAFF#'),
    fallbackStaff: (region, kind) => staffList('gsi4', `FALLBACK#${region}#${kind}`),

    async getAgentMonths(agentIds, month) {
      const items = await batchGet(
        client,
        tableName,
        agentIds.map((id) => keys.agentMonth(id, month)),
      );
      const found = new Map(items.map((i) => [i.agentId as string, i]));
      return new Map(agentIds.map((id) => [id, agentMonthOf(id, month, found.get(id))]));
    },

    async getVisit(visitId) {
      const parsed = parseVisitId(visitId);
      if (!parsed) return undefined;
      const [item] = await batchGet(client, tableName, [visitKey(parsed)]);
      return item ? strip<Visit>(item) : undefined;
    },

    async openVisitsDueOn(day) {
      const items = await queryShards(client, { tableName, index: 'gsi4', pks: shardKeys(`DUE#${day}`, SHARDS.dueDay) });
      return items.map((i) => strip<Visit>(i));
    },

    async visitsOfAgent(agentId) {
      return (await queryIndex('gsi1', `ORPHANS#${agentId}`)).filter((i) => i.entity === ENTITY.visit).map((i) => strip<Visit>(i));
    },

    async saveVisits(visits) {
      const result = await transactGroups(
        client,
        visits.map((v) => ({
          key: v.id,
          items: [
            { Put: { TableName: tableName, Item: visitItem(v), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': v.version - 1 } } },
          ],
        })),
        { concurrency: 8 },
      );
      return { saved: result.committed, refused: result.refused.map((r) => r.key) };
    },

    async commitVisitChange({ visits, counters = [], sms = [], file, customerFile, agentState }) {
      const items: TransactItem[] = [
        ...visits.map((v) => ({
          Put: {
            TableName: tableName,
            Item: visitItem(v),
            ConditionExpression: v.version === 1 ? 'attribute_not_exists(pk)' : 'version = :v',
            ...(v.version === 1 ? {} : { ExpressionAttributeValues: { ':v': v.version - 1 } }),
          },
        })),
        ...counters.map((c) => agentMonthUpdate(tableName, c.agentId, c.month, c.add as Record<string, number>)),
        ...sms.map((m) => ({ Put: { TableName: tableName, Item: smsItem(m), ConditionExpression: 'attribute_not_exists(pk)' } })),
      ];
      if (customerFile) items.push(...fileWriteItems(tableName, customerFile));
      else if (file) items.push(customerFileUpdate(tableName, file));
      // The visit's agent and the file's quadrant counters in one Update when they are the same agent.
      const visitState = new Map(agentState ? [[agentState.agentId, agentState.add]] : []);
      const state = mergeDeltas([visitState, customerFile ? fileWriteMoves([customerFile]) : new Map()]);
      items.push(...agentStateUpdates(tableName, state, new Set(visitState.keys())));
      return (await transactWrite(client, items)).ok;
    },

    ...createAssignmentStore({ client, tableName }),
    ...createOutboxStore({ client, tableName }),
    ...createInboundStore({ client, tableName }),
    ...(parts.bulk?.({ client, tableName }) as BulkAssignmentStore),
    ...(parts.jobs?.({ client, tableName }) as JobStore),
    ...(parts.reminders?.({ client, tableName }) as ReminderStore),
    ...createFileStore({ client, tableName }),
    ...createTeamStore({ client, tableName }),
    ...createInvitationStore({ client, tableName }),
    ...createIssuedStore({ client, tableName }),
  };
}

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Assignment } from '../../domain/assignment.js';
import type { CustomerFile, CustomerProfile } from '../../domain/customer.js';
import type { Staff } from '../../domain/staff.js';
import type { Visit } from '../../domain/visit.js';
import type { CustomerRecord, Store } from '../../ports/store.js';
import { ENTITY, indexKeys, keys, strip } from './model.js';
import { batchGet, batchPut, queryAll } from './operations.js';

// The Store port on one DynamoDB table: items are built from the key builders of model.ts and
// stripped of their keys on the way out, so domain objects never carry pk/sk. Conditional writes
// and transactions report failures as domain results; SDK error names stay inside this folder.

export interface DynamoStoreOptions {
  /** A configured DocumentClient (see createDocumentClient); shared by every adapter of a process. */
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

const FALLBACK_KINDS = new Set(['collector', 'serviceClerk']);

/** The item of a staff record, with every index it appears in. */
export function staffItem(staff: Staff): Record<string, unknown> {
  return {
    ...keys.staff(staff.id),
    entity: ENTITY.staff,
    ...staff,
    ...(staff.supervisorId ? indexKeys.staffByTeam(staff.supervisorId, staff.id) : {}),
    ...indexKeys.staffByDept(staff.deptId, staff.id),
    ...indexKeys.staffByDistrict(staff.districtId, staff.id),
    ...(staff.status === 'active' && FALLBACK_KINDS.has(staff.kind) ? indexKeys.fallbackByRegion(staff.region, staff.kind, staff.id) : {}),
  };
}

export function customerItem(profile: CustomerProfile): Record<string, unknown> {
  return {
    ...keys.customer(profile.id),
    entity: ENTITY.customer,
    ...profile,
    ...indexKeys.customersByAgent(profile.agentId, profile.id),
    ...indexKeys.customerByPhone(profile.phone, profile.id),
  };
}

/** Builds the Store on a DynamoDB table laid out as model.ts describes. */
export function createDynamoStore({ client, tableName }: DynamoStoreOptions): Store {
  return {
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
      const record: Partial<CustomerRecord> & { assignments: Assignment[]; visits: Visit[] } = { assignments: [], visits: [] };
      for (const item of items) {
        switch (item.entity) {
          case ENTITY.customer:
            record.profile = strip<CustomerProfile>(item);
            break;
          case ENTITY.customerFile:
            record.file = strip<CustomerFile>(item);
            break;
          case ENTITY.assignment:
            record.assignments.push(strip<Assignment>(item));
            break;
          case ENTITY.visit:
            record.visits.push(strip<Visit>(item));
            break;
        }
      }
      return record.profile ? (record as CustomerRecord) : undefined;
    },
  };
}

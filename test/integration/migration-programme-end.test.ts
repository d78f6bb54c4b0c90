import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { assignmentItem, customerFileUpdate, customerItem, visitItem } from '../../lib/adapters/dynamodb/items.js';
import { keys } from '../../lib/adapters/dynamodb/model.js';
import { createLogger } from '../../lib/adapters/logger.js';
import type { Assignment } from '../../lib/domain/assignment.js';
import { CustomerInput } from '../../lib/domain/customer.js';
import type { Visit } from '../../lib/domain/visit.js';
import { migrate, readSchemaVersion } from '../../lib/migrations/runner.js';
import { v2ProgrammeEnd } from '../../lib/migrations/v2-programme-end.js';
import { createTestTable } from '../support/dynamo.js';
import { customers } from '../support/fixtures.js';

// v2 on data written the way foster wrote it before issue 10: visit 3 opened after a sale at
// visit 2, customer files without the agent they were approved to, visits 1 without an invitation window.

const logger = createLogger({ serviceName: 'test', logLevel: 'ERROR' });
const now = new Date('2027-02-01T02:00:00Z');
const approvedAt = '2026-11-23T03:00:00.000Z';

function assignment(customerId: string): Assignment {
  return {
    id: `${customerId}~A0`,
    customerId,
    customerName: '客户',
    departedAgentId: 'A0',
    state: 'approved',
    ownerId: 'SUP1',
    deptId: 'DEP1',
    districtId: 'D1',
    region: '福田区',
    agentId: 'A1',
    capMonth: '2026-11',
    deadline: '2026-11-28T15:59:59.999Z',
    createdAt: '2026-11-23T02:00:00.000Z',
    approvedAt,
    approvedBy: 'DM1',
    version: 4,
  };
}

function visit(customerId: string, number: 1 | 2 | 3, fields: Partial<Visit>): Visit {
  return {
    id: `${customerId}~A0~${number}`,
    customerId,
    assignmentId: `${customerId}~A0`,
    agentId: 'A1',
    number,
    dueOn: ['2026-12-08', '2027-01-08', '2027-02-08'][number - 1]!,
    state: 'waiting',
    attempts: [],
    version: 1,
    ...fields,
  };
}

const done = (at: string, sold: Visit['sold']): Partial<Visit> => ({
  state: 'done',
  sold,
  services: ['policyService'],
  completedAt: at,
  attempts: [{ at, outcome: 'accepted' }],
  version: 3,
});

describe('migration v2 (programme end, approvals on the file, first-invitation windows)', () => {
  it('cancels visit 3 opened after a sale at visit 2, records each programme end and approval once, and changes nothing on a rerun', async () => {
    const { client, tableName, store } = await createTestTable();
    const put = (Item: Record<string, unknown>) => client.send(new PutCommand({ TableName: tableName, Item }));
    const [sold, untried, ended, soldThenDone] = customers('A1', 4, 'M-');
    for (const c of [sold!, untried!, ended!, soldThenDone!]) {
      await put(customerItem(CustomerInput.parse({ ...c, agentId: 'A1' })));
      await put(assignmentItem(assignment(c.id)));
    }
    // Visit 2 sold a card; visit 3 was opened anyway (the old way).
    await put(visitItem(visit(sold!.id, 1, done('2026-12-08T03:00:00.000Z', 'none'))));
    await put(visitItem(visit(sold!.id, 2, done('2027-01-08T03:00:00.000Z', 'card'))));
    await put(visitItem(visit(sold!.id, 3, { state: 'open', version: 2 })));
    // Visit 1 never tried, approved before windows existed.
    await put(visitItem(visit(untried!.id, 1, { state: 'open' })));
    // Visit 3 ended without a sale: the old file says maintenance, no programme end.
    await put(visitItem(visit(ended!.id, 3, done('2027-01-20T03:00:00.000Z', 'none'))));
    await client.send(
      new UpdateCommand(customerFileUpdate(tableName, { customerId: ended!.id, at: '2027-01-20T03:00:00.000Z', status: 'maintenance' }).Update),
    );
    // Visit 2 sold life and visit 3 was done as well: history stays as it is.
    await put(visitItem(visit(soldThenDone!.id, 2, done('2027-01-08T03:00:00.000Z', 'life'))));
    await put(visitItem(visit(soldThenDone!.id, 3, done('2027-01-25T03:00:00.000Z', 'none'))));

    const result = await migrate({ client, tableName, logger, now, migrations: [v2ProgrammeEnd] });
    const snapshot = async () => Promise.all([sold, untried, ended, soldThenDone].map((c) => store.getCustomerRecord(c!.id)));
    const after = await snapshot();

    expect(result).toMatchObject({ from: 1, to: 2, ran: ['programme-end'] });
    expect(await readSchemaVersion(client, tableName)).toBe(2);
    const [soldRecord, untriedRecord, endedRecord, soldThenDoneRecord] = after;
    expect(soldRecord!.visits.find((v) => v.number === 3)).toMatchObject({ state: 'cancelled', cancelReason: 'soldAtVisit2', version: 3 });
    expect(soldRecord!.file).toMatchObject({
      status: 'maintenance',
      programmeEndReason: 'soldAtVisit2',
      programmeEndedAt: '2027-01-08T03:00:00.000Z',
      agentId: 'A1',
      agentSince: approvedAt,
    });
    expect(await store.visitsOfAgent('A1')).not.toContainEqual(expect.objectContaining({ id: `${sold!.id}~A0~3` }));
    expect(untriedRecord!.visits[0]).toMatchObject({ invitationDueBy: '2026-11-28', version: 2 });
    expect((await store.visitsAwaitingFirstInvitation('2026-11-28')).map((v) => v.id)).toEqual([`${untried!.id}~A0~1`]);
    expect(endedRecord!.file).toMatchObject({ status: 'maintenance', programmeEndReason: 'visit3Ended', programmeEndedAt: '2027-01-20T03:00:00.000Z' });
    expect(soldThenDoneRecord!.visits.find((v) => v.number === 3)).toMatchObject({ state: 'done', version: 3 });
    expect(soldThenDoneRecord!.file).toMatchObject({ programmeEndReason: 'visit3Ended' });

    // A rerun (a crash before the version was recorded) finds everything done.
    await client.send(new DeleteCommand({ TableName: tableName, Key: keys.schema() }));
    await migrate({ client, tableName, logger, now: new Date('2027-02-02T02:00:00Z'), migrations: [v2ProgrammeEnd] });
    expect(await snapshot()).toEqual(after);
    const file = await client.send(new GetCommand({ TableName: tableName, Key: keys.customerFile(sold!.id) }));
    expect(file.Item?.updatedAt).toBe('2027-01-08T03:00:00.000Z');
  });
});

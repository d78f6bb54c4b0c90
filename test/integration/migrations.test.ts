import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { indexKeys, keys } from '../../lib/adapters/dynamodb/model.js';
import { createLogger } from '../../lib/adapters/logger.js';
import { migrate, readSchemaVersion, SCHEMA_VERSION, SchemaTooNewError, stampNewTable, type Migration } from '../../lib/migrations/runner.js';
import { createTestTable } from '../support/dynamo.js';
import { agentStateShard, assignmentItem, staffItem, visitItem } from '../../lib/adapters/dynamodb/items.js';
import { createLocalScheduler } from '../../lib/adapters/local/scheduler.js';
import { reshard } from '../../lib/migrations/v5-shard-index-keys.js';
import type { Assignment } from '../../lib/domain/assignment.js';
import { customerItem } from '../../lib/adapters/dynamodb/store.js';
import { fileItem, fileShard } from '../../lib/adapters/dynamodb/file-store.js';
import { batchPut } from '../../lib/adapters/dynamodb/operations.js';
import type { CustomerFile, CustomerProfile } from '../../lib/domain/customer.js';
import type { Quadrant } from '../../lib/domain/quadrant.js';
import type { Staff } from '../../lib/domain/staff.js';
import type { Visit } from '../../lib/domain/visit.js';
import type { ScheduleCleanup } from '../../lib/ports/scheduler.js';
import { v3TeamState } from '../../lib/migrations/v3-team-state.js';
import { v7CustomerFiles } from '../../lib/migrations/v7-customer-files.js';
import { v8QuadrantCounters } from '../../lib/migrations/v8-quadrant-counters.js';
import { v9FileAgents } from '../../lib/migrations/v9-file-agents.js';
import { noQuadrants } from '../../lib/domain/team.js';
import { quadrantDrift } from '../support/quadrant-drift.js';

const logger = createLogger({ serviceName: 'test', logLevel: 'ERROR' });
const now = new Date('2026-11-26T02:00:00Z');

/** A customer file item as v7 and v8 wrote it. */
const file = (customerId: string, fields: Partial<CustomerFile>) =>
  fileItem({ customerId, status: 'active', ratings: 0, ratingSum: 0, updatedAt: '2026-11-01T00:00:00.000Z', version: 1, ...fields });
const segment = (quadrant: Quadrant) => ({
  quadrant,
  ability: 'low' as const,
  willingness: 'low' as const,
  abilityBasis: 'premium' as const,
  willingnessBasis: 'signals' as const,
  reason: 'test',
  since: '2026-11-01T00:00:00.000Z',
});
const person = (id: string, status: Staff['status']): Staff => ({
  id,
  name: id,
  phone: '+8613700000001',
  role: 'agent',
  kind: 'formal',
  supervisorId: 'SUP1',
  deptId: 'DEP1',
  districtId: 'D1',
  region: '福田区',
  joinedOn: '2026-01-01',
  status,
  ...(status === 'departed' ? { departedAt: '2026-10-01T00:00:00.000Z' } : {}),
});

describe('migrate', () => {
  it('reads a table without a schema record as version 1 and a new table as the current version', async () => {
    const { client, tableName } = await createTestTable();
    const { client: c2, tableName: t2 } = await createTestTable();

    await stampNewTable(c2, t2, now);

    expect(await readSchemaVersion(client, tableName)).toBe(1);
    expect(await readSchemaVersion(c2, t2)).toBe(SCHEMA_VERSION);
  });

  it('runs each pending migration once, in order, and records each step', async () => {
    const { client, tableName } = await createTestTable();
    const calls: number[] = [];
    const migrations: Migration[] = [2, 3].map((version) => ({
      version,
      name: `v${version}`,
      run: async (ctx) => {
        calls.push(version);
        await ctx.scan({}, async () => undefined);
      },
    }));

    const first = await migrate({ client, tableName, logger, now, migrations });
    const second = await migrate({ client, tableName, logger, now, migrations });

    expect(first).toEqual({ from: 1, to: 3, ran: ['v2', 'v3'] });
    expect(second).toEqual({ from: 3, to: 3, ran: [] });
    expect(calls).toEqual([2, 3]);
  });

  it('moves the recorded version across a gap in the numbers (a number left to a branch merged later)', async () => {
    const { client, tableName } = await createTestTable();
    const migrations: Migration[] = [2, 7].map((version) => ({ version, name: `v${version}`, run: async () => undefined }));

    const first = await migrate({ client, tableName, logger, now, migrations });
    const second = await migrate({ client, tableName, logger, now, migrations });

    expect(first).toEqual({ from: 1, to: 7, ran: ['v2', 'v7'] });
    expect(await readSchemaVersion(client, tableName)).toBe(7);
    expect(second.ran).toEqual([]);
  });

  it('refuses a table written by a newer foster, naming both versions, and changes nothing', async () => {
    const { client, tableName } = await createTestTable();
    await client.send(new PutCommand({ TableName: tableName, Item: { ...keys.schema(), entity: 'schema', version: SCHEMA_VERSION + 1 } }));

    const run = migrate({ client, tableName, logger, now });

    await expect(run).rejects.toBeInstanceOf(SchemaTooNewError);
    await expect(run).rejects.toThrow(`schema version ${SCHEMA_VERSION + 1}`);
    const stored = await client.send(new GetCommand({ TableName: tableName, Key: keys.schema() }));
    expect(stored.Item?.version).toBe(SCHEMA_VERSION + 1);
  });

  it('leaves the version where the failed migration started, so a rerun retries it', async () => {
    const { client, tableName } = await createTestTable();
    let fail = true;
    const migrations: Migration[] = [
      { version: 2, name: 'ok', run: async () => undefined },
      {
        version: 3,
        name: 'flaky',
        run: async () => {
          if (fail) throw new Error('boom');
        },
      },
    ];

    await expect(migrate({ client, tableName, logger, now, migrations })).rejects.toThrow('boom');
    const midway = await readSchemaVersion(client, tableName);
    fail = false;
    const rerun = await migrate({ client, tableName, logger, now, migrations });

    expect(midway).toBe(2);
    expect(rerun.ran).toEqual(['flaky']);
  });
});

describe('migration v5: sharded index keys', () => {
  const assignment = (n: number): Assignment => ({
    id: `M-${n}~A0`,
    customerId: `M-${n}`,
    customerName: `客户${n}`,
    departedAgentId: 'A0',
    state: 'preAssigned',
    ownerId: 'SUP1',
    deptId: 'DEP1',
    districtId: 'D1',
    region: '福田区',
    deadline: '2026-11-28T15:59:59.999Z',
    createdAt: '2026-11-23T02:00:00.000Z',
    version: 1,
  });
  const visit = (n: number): Visit => ({
    id: `M-${n}~A0~1`,
    customerId: `M-${n}`,
    assignmentId: `M-${n}~A0`,
    agentId: 'A1',
    number: 1,
    dueOn: '2026-12-08',
    state: 'open',
    attempts: [],
    // As v2 (programme end) and v3 (team state) leave an open visit 1, so neither rewrites it.
    supervisorId: 'SUP1',
    deptId: 'DEP1',
    districtId: 'D1',
    invitationDueBy: '2026-11-28',
    version: 1,
  });
  /** The items as the versions before sharding wrote them: one partition per owner, department, district and day. */
  const oldAssignment = (a: Assignment) => ({
    ...assignmentItem(a),
    gsi1pk: `OWNER#${a.ownerId}`,
    gsi2pk: `DEPT#${a.deptId}`,
    gsi3pk: `DISTRICT#${a.districtId}`,
    gsi4pk: 'DEADLINE#2026-11-28',
  });
  const oldVisit = (v: Visit) => ({ ...visitItem(v), gsi4pk: `DUE#${v.dueOn}`, gsi2pk: `UNTRIED1#${v.districtId}` });

  it('moves assignments and visits written before sharding to the sharded keys the readers query, once', async () => {
    const { client, tableName, store } = await createTestTable();
    const ids = Array.from({ length: 20 }, (_, i) => i + 1);
    for (const n of ids) {
      await client.send(new PutCommand({ TableName: tableName, Item: oldAssignment(assignment(n)) }));
      await client.send(new PutCommand({ TableName: tableName, Item: oldVisit(visit(n)) }));
    }
    const unseen = await store.listAssignments({ ownerId: 'SUP1' }, { limit: 50 });
    const untriedBefore = await store.untriedVisits({ districtId: 'D1', first: true, dueBefore: '2027-01-01', filter: {}, limit: 50 });

    const first = await migrate({ client, tableName, logger, now });
    const owner = await store.listAssignments({ ownerId: 'SUP1' }, { state: 'preAssigned', limit: 50 });
    const dept = await store.listAssignments({ deptId: 'DEP1' }, { limit: 50 });
    const due = await store.openVisitsDueOn('2026-12-08');
    const deadline = await store.assignmentsByDeadline('2026-11-28', '2026-11-29T00:00:00.000Z');
    const untried = await store.untriedVisits({ districtId: 'D1', first: true, dueBefore: '2027-01-01', filter: { supervisorId: 'SUP1' }, limit: 50 });
    const invite = await store.visitsAwaitingFirstInvitation('2026-11-28');
    const scan = await client.send(
      new ScanCommand({ TableName: tableName, FilterExpression: 'entity IN (:a, :v)', ExpressionAttributeValues: { ':a': 'assignment', ':v': 'visit' } }),
    );

    expect(unseen.items).toEqual([]);
    expect(untriedBefore.items).toEqual([]);
    expect(first.ran).toContain('shard-index-keys');
    expect(owner.items).toHaveLength(20);
    expect(dept.items).toHaveLength(20);
    expect(due).toHaveLength(20);
    expect(deadline).toHaveLength(20);
    expect(untried.items).toHaveLength(20);
    expect(invite).toHaveLength(20);
    expect(new Set(scan.Items!.map((i) => i.gsi1pk.replace(/#\d+$/, '')))).toEqual(new Set(['OWNER#SUP1', 'ORPHANS#A1']));
    expect(scan.Items!.every((i) => reshard(i) === undefined)).toBe(true);
  });
});

describe('migration v6: no per-visit schedules', () => {
  it('deletes the visit reminder schedules the previous version made and keeps the deadline and retry ones', async () => {
    const { client, tableName } = await createTestTable();
    const scheduler = createLocalScheduler({ client, tableName, clock: { now: () => now } });
    const at = new Date('2026-12-08T01:00:00Z');
    for (const name of ['due.A1.C1.A0.1', 'late.A1.C1.A0.1', 'due.A2.C2.A0.2', 'deadline.2026-11-28', 'retry.C1.A0.1.20261209']) {
      await scheduler.scheduleOnce({ name, at, event: { type: 'sweep' } });
    }

    await migrate({ client, tableName, logger, now });
    await migrate({ client, tableName, logger, now });

    expect((await scheduler.pending()).map((p) => p.name).sort()).toEqual(['deadline.2026-11-28', 'retry.C1.A0.1.20261209']);
  });

  it("works through the deployment's Scheduler port when one is given (EventBridge Scheduler in the cloud)", async () => {
    const { client, tableName } = await createTestTable();
    const names = new Set(['due.A1.C1.A0.1', 'late.A1.C1.A0.1', 'deadline.2026-11-28', 'daily-reminders']);
    const cloud: ScheduleCleanup = {
      cancel: async (name) => void names.delete(name),
      list: async (prefix) => [...names].filter((n) => n.startsWith(prefix)),
    };

    await migrate({ client, tableName, logger, now, scheduler: cloud });

    expect([...names].sort()).toEqual(['daily-reminders', 'deadline.2026-11-28']);
  });
});

describe('v7: customer files', () => {
  it('gives customers written the old way their file: signals from their visits, opt-out, farm and history; a rerun changes nothing', async () => {
    // Arrange: data as the versions before 7 wrote it: profiles (one with an uploaded willingness),
    // visits, an opt-out, files with a rating only, and files v2 (programme end) wrote: the agent and
    // since when, the end of the programme after a sale at visit 2 with visit 3 cancelled.
    const { client, tableName, store } = await createTestTable();
    const profile = (id: string, phone: string, extra: Partial<CustomerProfile> = {}): CustomerProfile => ({
      id,
      name: `客户${id}`,
      phone,
      region: '福田区',
      agentId: 'A1',
      policies: [{ id: `P${id}`, product: '平安福', kind: 'life', annualPremium: 3000, issuedOn: '2025-01-01' }],
      ...extra,
    });
    const visit = (customerId: string, n: 1 | 2 | 3, state: Visit['state'], extra: Partial<Visit> = {}): Visit => ({
      id: `${customerId}~OLD~${n}`,
      customerId,
      assignmentId: `${customerId}~OLD`,
      agentId: 'A1',
      number: n,
      dueOn: '2026-10-01',
      state,
      attempts: [{ at: '2026-11-01T02:00:00.000Z', outcome: 'accepted' }],
      version: 2,
      ...extra,
    });
    const done = { completedAt: '2026-11-10T02:00:00.000Z', sold: 'none' as const };
    const oldFile = (customerId: string, fields: Record<string, unknown>) => ({
      ...keys.customerFile(customerId),
      entity: 'customerFile',
      customerId,
      ratings: 0,
      ratingSum: 0,
      updatedAt: '2026-11-10T05:00:00.000Z',
      ...fields,
    });
    const wrong = { attempts: [1, 2, 3].map((d) => ({ at: `2026-11-1${d}T02:00:00.000Z`, outcome: 'wrongNumber' as const })) };
    await batchPut(client, tableName, [
      customerItem(profile('ENDED', '+8613900000101')),
      customerItem(profile('RUNNING', '+8613900000102')),
      customerItem(profile('OPTED', '+8613900000103')),
      customerItem(profile('SOLD2', '+8613900000104', { willingness: 'high' })),
      customerItem(profile('WRONG', '+8613900000105')),
      visitItem(visit('ENDED', 1, 'done', { ...done, rating: 5, ratedAt: '2026-11-10T05:00:00.000Z' })),
      visitItem(visit('ENDED', 2, 'done', done)),
      visitItem(visit('ENDED', 3, 'done', done)),
      visitItem(visit('RUNNING', 1, 'done', done)),
      visitItem(visit('RUNNING', 2, 'open')),
      visitItem(visit('OPTED', 1, 'done', done)),
      visitItem(visit('SOLD2', 1, 'done', done)),
      visitItem(visit('SOLD2', 2, 'done', { ...done, sold: 'life' })),
      visitItem(visit('SOLD2', 3, 'cancelled', { cancelReason: 'soldAtVisit2', cancelledAt: '2026-11-10T02:00:00.000Z' })),
      visitItem(visit('WRONG', 1, 'done', done)),
      visitItem(visit('WRONG', 2, 'done', done)),
      visitItem(visit('WRONG', 3, 'unreachable', { ...wrong, completedAt: '2026-11-14T02:00:00.000Z' })),
      { ...keys.optOut('+8613900000103'), entity: 'optOut', phone: '+8613900000103', optedOutAt: '2026-11-11T00:00:00.000Z' },
      oldFile('ENDED', { status: 'maintenance', ratings: 1, ratingSum: 5 }),
      oldFile('SOLD2', {
        status: 'maintenance',
        agentId: 'A1',
        agentSince: '2026-10-01T02:00:00.000Z',
        programmeEndedAt: '2026-11-10T02:00:00.000Z',
        programmeEndReason: 'soldAtVisit2',
      }),
      oldFile('WRONG', { status: 'maintenance', programmeEndedAt: '2026-11-14T02:00:00.000Z', programmeEndReason: 'visit3Ended' }),
    ]);

    // Act
    const first = await migrate({ client, tableName, logger, now, migrations: [v7CustomerFiles] });
    const files = await store.getCustomerFiles(['ENDED', 'RUNNING', 'OPTED', 'SOLD2', 'WRONG']);
    const second = await migrate({ client, tableName, logger, now, migrations: [v7CustomerFiles] });
    // A crash before the version was recorded: the whole migration runs again.
    await client.send(new PutCommand({ TableName: tableName, Item: { ...keys.schema(), entity: 'schema', version: 1 } }));
    const rerun = await migrate({ client, tableName, logger, now: new Date(now.getTime() + 60_000), migrations: [v7CustomerFiles] });
    const history = await store.historyPage('ENDED', { limit: 10 });
    const sold2History = await store.historyPage('SOLD2', { limit: 10 });

    // Assert
    expect(first.ran).toEqual(['customer-files']);
    expect(second.ran).toEqual([]);
    expect(rerun.ran).toEqual(['customer-files']);
    expect(await readSchemaVersion(client, tableName)).toBe(7);
    expect((await store.getCustomerFiles(['ENDED'])).get('ENDED')!.file!.version).toBe(1);
    const ended = files.get('ENDED')!.file!;
    expect(ended).toMatchObject({ version: 1, status: 'maintenance', ratings: 1, programme: 'ended', source: 'orphan', care: { active: true } });
    expect(ended.segment).toMatchObject({ quadrant: 'maintain' });
    expect(ended.segment!.reason).toContain('3 visits done, rating 5 and 3 invitations accepted');
    expect(files.get('RUNNING')!.file).toMatchObject({ programme: 'running', care: { active: false } });
    expect(files.get('OPTED')!.file).toMatchObject({ optedOutAt: now.toISOString(), segment: { willingness: 'low' }, care: { active: false } });
    // What v2 recorded stays; the sale counts for the segment, the uploaded willingness is the data's assessment.
    const sold2 = files.get('SOLD2')!.file!;
    expect(sold2).toMatchObject({
      version: 1,
      agentId: 'A1',
      agentSince: '2026-10-01T02:00:00.000Z',
      programmeEndedAt: '2026-11-10T02:00:00.000Z',
      programmeEndReason: 'soldAtVisit2',
      programme: 'ended',
      care: { active: true },
      assessments: { willingness: { level: 'high', by: 'upload:orphan' } },
      segment: { willingness: 'high', willingnessBasis: 'assessment' },
    });
    expect(sold2.signals!.map((x) => x.kind)).toContain('sale');
    expect(sold2History.items.map((e) => e.kind).sort()).toEqual(['assessment', 'fileOpened', 'quadrant']);
    // The last visit ended on a wrong number: not farmed.
    expect(files.get('WRONG')!.file).toMatchObject({ programme: 'ended', care: { active: false, blocked: 'wrongNumber' } });
    expect(history.items.map((e) => e.kind)).toEqual(['quadrant', 'fileOpened']);
    expect(await store.careDue(fileShard('ENDED'), '2027-12-31', 10)).toEqual([expect.objectContaining({ customerId: 'ENDED' })]);
    expect(await store.careDue(fileShard('SOLD2'), '2027-12-31', 10)).toEqual(expect.arrayContaining([expect.objectContaining({ customerId: 'SOLD2' })]));
    for (const id of ['RUNNING', 'OPTED', 'WRONG']) expect((await store.careDue(fileShard(id), '2027-12-31', 100)).map((f) => f.customerId)).not.toContain(id);
  });
});

describe('v2 team-state', () => {
  it('rebuilds agent state, month counters by visit number and the untried-visit index from data written before it', async () => {
    // Arrange: what v1 code left: visits without their agent's team, no state item, no counters by number.
    const { client, tableName, store } = await createTestTable();
    const agent = { ...person('A1', 'active'), name: '甲', phone: '+8613800000001' };
    const visit = (customerId: string, n: 1 | 2 | 3, fields: Partial<Visit>): Visit => ({
      id: `${customerId}~A0~${n}`,
      customerId,
      assignmentId: `${customerId}~A0`,
      agentId: 'A1',
      number: n,
      dueOn: ['2026-11-16', '2026-12-16', '2027-01-16'][n - 1]!,
      state: 'waiting',
      attempts: [],
      version: 1,
      ...fields,
    });
    const done = (at: string) => ({ state: 'done' as const, completedAt: at, ratingRequestId: 'r', attempts: [{ at, outcome: 'accepted' as const }] });
    const items = [
      staffItem(agent),
      { ...keys.customer('K1'), entity: 'customer', id: 'K1', agentId: 'A1' },
      { ...keys.customerFile('K3'), entity: 'customerFile', customerId: 'K3', status: 'maintenance' },
      { ...keys.customer('K3'), entity: 'customer', id: 'K3', agentId: 'A1' },
      visitItem(visit('K1', 1, { state: 'open' })), // awaiting a first contact since 2026-11-01
      visitItem(visit('K2', 1, { state: 'unreachable', attempts: [] })), // closed unreachable; visit 2 open, tried
      visitItem(visit('K2', 2, { state: 'open', attempts: [{ at: '2026-11-20T02:00:00Z', outcome: 'noAnswer' }] })),
      visitItem(visit('K3', 1, done('2026-11-05T02:00:00Z'))),
      visitItem(visit('K3', 2, done('2026-11-20T02:00:00Z'))),
      visitItem(visit('K3', 3, { ...done('2026-12-02T02:00:00Z'), services: ['healthTest'] })),
    ];
    for (const Item of items) await client.send(new PutCommand({ TableName: tableName, Item }));

    // Act
    await migrate({ client, tableName, logger, now, migrations: [v3TeamState] });
    await migrate({ client, tableName, logger, now, migrations: [v3TeamState] });
    const { months, states } = await store.teamCounters(['A1'], '2026-11');
    const december = (await store.teamCounters(['A1'], '2026-12')).months.get('A1')!;
    const untried = await store.untriedVisits({ districtId: 'D1', first: true, dueBefore: '2027-01-01', filter: { supervisorId: 'SUP1' }, limit: 10 });

    // Assert
    expect(states.get('A1')).toEqual({ agentId: 'A1', unreachable: 1, maintenance: 1, awaiting: { '2026-11-01': 1 }, quadrants: noQuadrants() });
    expect(months.get('A1')).toMatchObject({ visitsDone1: 1, visitsDone2: 1, visitsDone3: 0, ratingRequests: 2, healthTests: 0 });
    expect(december).toMatchObject({ visitsDone3: 1, ratingRequests: 1, healthTests: 1 });
    expect(untried.items.map((i) => i.value.id)).toEqual(['K1~A0~1']);
  });
});

describe('v8: quadrant counters', () => {
  it("counts v7's files by agent and quadrant into each agent's state item, keeps the other counters, and a rerun writes the same", async () => {
    // Arrange: files as v7 left them: with agent and segment (counted), without an agent (never
    // approved) or without a segment (counted nowhere); staff with A0 departed; A1 with a state item.
    const { client, tableName, store } = await createTestTable();
    await batchPut(client, tableName, [
      staffItem(person('A0', 'departed')),
      staffItem(person('A1', 'active')),
      staffItem(person('A2', 'active')),
      file('F1', { agentId: 'A1', segment: segment('develop') }),
      file('F2', { agentId: 'A1', segment: segment('develop') }),
      file('F3', { agentId: 'A1', segment: segment('pamper') }),
      file('F4', { agentId: 'A2', segment: segment('cultivate') }),
      file('F5', { agentId: 'A0', segment: segment('maintain') }),
      file('F6', { segment: segment('pamper') }),
      file('F7', { agentId: 'A2' }),
      {
        ...keys.agentState('A1'),
        ...indexKeys.agentStates(agentStateShard('A1'), 'A1'),
        entity: 'agentState',
        agentId: 'A1',
        unreachable: 1,
        maintenance: 2,
        'awaiting#2026-11-20': 3,
      },
    ]);

    // Act
    const first = await migrate({ client, tableName, logger, now, migrations: [v8QuadrantCounters] });
    const counted = await store.teamCounters(['A0', 'A1', 'A2'], '2026-11');
    await client.send(new PutCommand({ TableName: tableName, Item: { ...keys.schema(), entity: 'schema', version: 1 } }));
    const rerun = await migrate({ client, tableName, logger, now, migrations: [v8QuadrantCounters] });
    const recounted = await store.teamCounters(['A0', 'A1', 'A2'], '2026-11');
    const indexed = (await store.allAgentStates()).map((s) => s.agentId).sort();

    // Assert
    expect([first.ran, rerun.ran]).toEqual([['quadrant-counters'], ['quadrant-counters']]);
    expect(await readSchemaVersion(client, tableName)).toBe(8);
    const states = counted.states;
    expect(states.get('A1')).toEqual({
      agentId: 'A1',
      unreachable: 1,
      maintenance: 2,
      awaiting: { '2026-11-20': 3 },
      quadrants: { develop: 2, maintain: 0, cultivate: 0, pamper: 1 },
    });
    expect(states.get('A2')!.quadrants).toEqual({ develop: 0, maintain: 0, cultivate: 1, pamper: 0 });
    expect(states.get('A0')!.quadrants).toEqual({ develop: 0, maintain: 1, cultivate: 0, pamper: 0 });
    expect(recounted.states).toEqual(counted.states);
    // The departed agent's count is kept for the file still naming them, out of the month-end run.
    expect(indexed).toEqual(['A1', 'A2']);
    expect(await quadrantDrift(client, tableName)).toEqual([]);
  });
});

describe('v9: file agents', () => {
  it("puts each profile's agent on its file, drops the approval day of a file that changes agent, counts again, and a rerun writes the same", async () => {
    // Arrange: as v8 left them. C1 uploaded under A1 (file without agent); C2 approved to A2 but the
    // core system now names A1; C3 approved to A2 and still A2's; A3 had counters and has no file now.
    const { client, tableName, store } = await createTestTable();
    const profile = (id: string, agentId: string): CustomerProfile => ({ id, name: id, phone: '+8613900000001', region: '福田区', agentId, policies: [] });
    await batchPut(client, tableName, [
      staffItem(person('A1', 'active')),
      staffItem(person('A2', 'active')),
      staffItem(person('A3', 'active')),
      customerItem(profile('C1', 'A1')),
      customerItem(profile('C2', 'A1')),
      customerItem(profile('C3', 'A2')),
      file('C1', { segment: segment('pamper') }),
      file('C2', { agentId: 'A2', agentSince: '2026-10-01T00:00:00.000Z', version: 4, segment: segment('develop') }),
      file('C3', { agentId: 'A2', agentSince: '2026-10-01T00:00:00.000Z', segment: segment('maintain') }),
      { ...keys.agentState('A2'), entity: 'agentState', agentId: 'A2', 'quadrant#develop': 1, 'quadrant#maintain': 1 },
      { ...keys.agentState('A3'), entity: 'agentState', agentId: 'A3', 'quadrant#cultivate': 2 },
    ]);

    // Act
    const first = await migrate({ client, tableName, logger, now, migrations: [v9FileAgents] });
    const counted = await store.teamCounters(['A1', 'A2', 'A3'], '2026-11');
    const files = await store.getCustomerFiles(['C1', 'C2', 'C3']);
    await client.send(new PutCommand({ TableName: tableName, Item: { ...keys.schema(), entity: 'schema', version: 1 } }));
    const rerun = await migrate({ client, tableName, logger, now, migrations: [v9FileAgents] });
    const recounted = await store.teamCounters(['A1', 'A2', 'A3'], '2026-11');

    // Assert
    expect([first.ran, rerun.ran]).toEqual([['file-agents'], ['file-agents']]);
    expect(files.get('C1')!.file).toMatchObject({ agentId: 'A1', version: 2 });
    expect(files.get('C2')!.file).toMatchObject({ agentId: 'A1', version: 5 });
    expect(files.get('C2')!.file!.agentSince).toBeUndefined();
    expect(files.get('C3')!.file).toMatchObject({ agentId: 'A2', agentSince: '2026-10-01T00:00:00.000Z', version: 1 });
    expect(counted.states.get('A1')!.quadrants).toEqual({ ...noQuadrants(), pamper: 1, develop: 1 });
    expect(counted.states.get('A2')!.quadrants).toEqual({ ...noQuadrants(), maintain: 1 });
    expect(counted.states.get('A3')!.quadrants).toEqual(noQuadrants());
    expect(recounted.states).toEqual(counted.states);
    expect(await quadrantDrift(client, tableName)).toEqual([]);
  });
});

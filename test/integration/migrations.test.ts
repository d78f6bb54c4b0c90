import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../lib/adapters/dynamodb/model.js';
import { createLogger } from '../../lib/adapters/logger.js';
import { migrate, readSchemaVersion, SCHEMA_VERSION, SchemaTooNewError, stampNewTable, type Migration } from '../../lib/migrations/runner.js';
import { createTestTable } from '../support/dynamo.js';
import { staffItem, visitItem } from '../../lib/adapters/dynamodb/items.js';
import type { Visit } from '../../lib/domain/visit.js';
import { v3TeamState } from '../../lib/migrations/v3-team-state.js';

const logger = createLogger({ serviceName: 'test', logLevel: 'ERROR' });
const now = new Date('2026-11-26T02:00:00Z');

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

describe('v2 team-state', () => {
  it('rebuilds agent state, month counters by visit number and the untried-visit index from data written before it', async () => {
    // Arrange: what v1 code left: visits without their agent's team, no state item, no counters by number.
    const { client, tableName, store } = await createTestTable();
    const agent = {
      id: 'A1',
      name: '甲',
      phone: '+8613800000001',
      role: 'agent',
      kind: 'formal',
      supervisorId: 'SUP1',
      deptId: 'DEP1',
      districtId: 'D1',
      region: '福田区',
      joinedOn: '2026-01-01',
      status: 'active',
    } as const;
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
    expect(states.get('A1')).toEqual({ agentId: 'A1', unreachable: 1, maintenance: 1, awaiting: { '2026-11-01': 1 } });
    expect(months.get('A1')).toMatchObject({ visitsDone1: 1, visitsDone2: 1, visitsDone3: 0, ratingRequests: 2, healthTests: 0 });
    expect(december).toMatchObject({ visitsDone3: 1, ratingRequests: 1, healthTests: 1 });
    expect(untried.items.map((i) => i.value.id)).toEqual(['K1~A0~1']);
  });
});

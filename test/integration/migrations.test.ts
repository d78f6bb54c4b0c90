import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../lib/adapters/dynamodb/model.js';
import { createLogger } from '../../lib/adapters/logger.js';
import { migrate, readSchemaVersion, SCHEMA_VERSION, SchemaTooNewError, stampNewTable, type Migration } from '../../lib/migrations/runner.js';
import { createTestTable } from '../support/dynamo.js';
import { customerItem } from '../../lib/adapters/dynamodb/store.js';
import { visitItem } from '../../lib/adapters/dynamodb/items.js';
import { fileShard } from '../../lib/adapters/dynamodb/file-store.js';
import { batchPut } from '../../lib/adapters/dynamodb/operations.js';
import type { CustomerProfile } from '../../lib/domain/customer.js';
import type { Visit } from '../../lib/domain/visit.js';

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

describe('v2: customer files', () => {
  it('gives customers written the old way their file: signals from their visits, opt-out, farm and history; a rerun changes nothing', async () => {
    // Arrange: data as schema version 1 wrote it (profiles, visits, an opt-out, a file with a rating only).
    const { client, tableName, store } = await createTestTable();
    const profile = (id: string, phone: string): CustomerProfile => ({
      id,
      name: `客户${id}`,
      phone,
      region: '福田区',
      agentId: 'A1',
      policies: [{ id: `P${id}`, product: '平安福', kind: 'life', annualPremium: 3000, issuedOn: '2025-01-01' }],
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
    await batchPut(client, tableName, [
      customerItem(profile('ENDED', '+8613900000101')),
      customerItem(profile('RUNNING', '+8613900000102')),
      customerItem(profile('OPTED', '+8613900000103')),
      visitItem(visit('ENDED', 1, 'done', { ...done, rating: 5, ratedAt: '2026-11-10T05:00:00.000Z' })),
      visitItem(visit('ENDED', 2, 'done', done)),
      visitItem(visit('ENDED', 3, 'done', done)),
      visitItem(visit('RUNNING', 1, 'done', done)),
      visitItem(visit('RUNNING', 2, 'open')),
      visitItem(visit('OPTED', 1, 'done', done)),
      { ...keys.optOut('+8613900000103'), entity: 'optOut', phone: '+8613900000103', optedOutAt: '2026-11-11T00:00:00.000Z' },
      {
        ...keys.customerFile('ENDED'),
        entity: 'customerFile',
        customerId: 'ENDED',
        status: 'maintenance',
        ratings: 1,
        ratingSum: 5,
        updatedAt: '2026-11-10T05:00:00.000Z',
      },
    ]);

    // Act
    const first = await migrate({ client, tableName, logger, now });
    const files = await store.getCustomerFiles(['ENDED', 'RUNNING', 'OPTED']);
    const second = await migrate({ client, tableName, logger, now });
    // A crash before the version was recorded: the whole migration runs again.
    await client.send(new PutCommand({ TableName: tableName, Item: { ...keys.schema(), entity: 'schema', version: 1 } }));
    const rerun = await migrate({ client, tableName, logger, now: new Date(now.getTime() + 60_000) });
    const history = await store.historyPage('ENDED', { limit: 10 });

    // Assert
    expect(first.ran).toContain('customer-files');
    expect(second.ran).toEqual([]);
    expect(rerun.ran).toEqual(['customer-files']);
    expect((await store.getCustomerFiles(['ENDED'])).get('ENDED')!.file!.version).toBe(1);
    const ended = files.get('ENDED')!.file!;
    expect(ended).toMatchObject({ version: 1, status: 'maintenance', ratings: 1, programme: 'ended', source: 'orphan', care: { active: true } });
    expect(ended.segment).toMatchObject({ quadrant: 'maintain' });
    expect(ended.segment!.reason).toContain('3 visits done, rating 5 and 3 invitations accepted');
    expect(files.get('RUNNING')!.file).toMatchObject({ programme: 'running', care: { active: false } });
    expect(files.get('OPTED')!.file).toMatchObject({ optedOutAt: now.toISOString(), segment: { willingness: 'low' }, care: { active: false } });
    expect(history.items.map((e) => e.kind)).toEqual(['quadrant', 'fileOpened']);
    expect(await store.careDue(fileShard('ENDED'), '2027-12-31', 10)).toEqual([expect.objectContaining({ customerId: 'ENDED' })]);
  });
});

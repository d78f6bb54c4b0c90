import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../lib/adapters/dynamodb/model.js';
import { createLogger } from '../../lib/adapters/logger.js';
import { migrate, readSchemaVersion, SCHEMA_VERSION, SchemaTooNewError, stampNewTable, type Migration } from '../../lib/migrations/runner.js';
import { createTestTable } from '../support/dynamo.js';

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

import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createMigrateHandler, type MigrateProperties } from '../../functions/migrate.js';
import { keys } from '../../lib/adapters/dynamodb/model.js';
import { asReadOnly, guardReadOnly } from '../../lib/adapters/dynamodb/read-only.js';
import { createLogger } from '../../lib/adapters/logger.js';
import type { StaffSignInChange } from '../../lib/domain/sign-in.js';
import { readSchemaVersion, SCHEMA_VERSION } from '../../lib/migrations/runner.js';
import type { StaffDirectory } from '../../lib/ports/staff-directory.js';
import { departAgent } from '../../lib/use-cases/assignment/depart-agent.js';
import { upsertStaff } from '../../lib/use-cases/team/upsert-staff.js';
import { createTestTable } from '../support/dynamo.js';
import { createTestDeps } from '../support/deps.js';
import { signInMember } from '../support/fixtures.js';

const ADMIN = { sub: 'ADMIN01', role: 'admin' } as const;
const logger = createLogger({ serviceName: 'test', logLevel: 'SILENT' });

const member = signInMember;

/** A directory that records what it was asked and fails the members named in `failing` once. */
function recordingDirectory(failing: Set<string> = new Set()) {
  const applied: StaffSignInChange[][] = [];
  const disabled: string[] = [];
  const directory: StaffDirectory = {
    async apply(changes) {
      applied.push([...changes]);
      const failed = changes.filter((c) => failing.delete(c.next.staffId)).map((c) => ({ staffId: c.next.staffId, reason: 'TooManyRequestsException' }));
      return { failed };
    },
    async disable(staffId) {
      disabled.push(staffId);
    },
  };
  return { directory, applied, disabled };
}

describe('upsertStaff and sign-in', () => {
  it('asks the directory only about new and changed members, with what it held before', async () => {
    // Arrange
    const { deps } = await createTestDeps();
    const { directory, applied } = recordingDirectory();
    await upsertStaff({ ...deps, directory }, ADMIN, [member('SUP1', { role: 'supervisor', kind: 'manager', supervisorId: null }), member('A1'), member('A2')]);

    // Act
    const out = await upsertStaff({ ...deps, directory }, ADMIN, [
      member('A1', { phone: '+8613900139000' }),
      member('A2', { role: 'supervisor' }),
      member('A3'),
    ]);

    // Assert
    expect(out).toEqual({ upserted: 3 });
    expect(applied[0]).toHaveLength(3);
    expect(applied[1]?.map((c) => [c.next.staffId, c.previous?.role, c.next.role])).toEqual([
      ['A2', 'agent', 'supervisor'],
      ['A3', undefined, 'agent'],
    ]);
  });

  it('stores a member whose sign-in failed as pending, warns, and retries them with the next upload', async () => {
    // Arrange
    const { deps, store } = await createTestDeps();
    const { directory, applied } = recordingDirectory(new Set(['A1']));

    // Act
    const first = await upsertStaff({ ...deps, directory }, ADMIN, [member('A1', { supervisorId: null }), member('A2', { supervisorId: null })]);
    const pending = (await store.getStaff(['A1'])).get('A1');
    const second = await upsertStaff({ ...deps, directory }, ADMIN, [member('A1', { supervisorId: null }), member('A2', { supervisorId: null })]);

    // Assert
    expect(first.upserted).toBe(2);
    expect(first.warnings).toEqual([{ path: '[0].id', message: expect.stringContaining('sign-in of A1 not updated (TooManyRequestsException)') }]);
    expect(pending?.signInPending).toBe(true);
    expect(applied[1]?.map((c) => c.next.staffId)).toEqual(['A1']);
    expect(second).toEqual({ upserted: 2 });
    expect((await store.getStaff(['A1'])).get('A1')?.signInPending).toBeUndefined();
  });

  it('refuses an e-mail that is not one (400 naming the field) and writes nothing', async () => {
    const { deps, store } = await createTestDeps();
    const { directory, applied } = recordingDirectory();

    await expect(upsertStaff({ ...deps, directory }, ADMIN, [member('A1', { email: 'not-an-address' })])).rejects.toThrow(/\[0\]\.email/);
    expect(applied).toEqual([]);
    expect((await store.getStaff(['A1'])).size).toBe(0);
  });

  it('disables the departing agent before the departure changes anything', async () => {
    // Arrange
    const { deps } = await createTestDeps();
    const { directory, disabled } = recordingDirectory();
    await upsertStaff({ ...deps, directory }, ADMIN, [member('SUP1', { role: 'supervisor', kind: 'manager', supervisorId: null }), member('A1')]);

    // Act
    await departAgent({ ...deps, directory }, ADMIN, 'A1');

    // Assert
    expect(disabled).toEqual(['A1']);
  });
});

describe('guardReadOnly', () => {
  it('refuses writes inside asReadOnly and lets reads through, and writes outside it', async () => {
    // Arrange
    const { client, tableName } = await createTestTable();
    guardReadOnly(client);
    const put = () => client.send(new PutCommand({ TableName: tableName, Item: { pk: 'x', sk: 'x' } }));

    // Act
    const refused = asReadOnly('foster-customers', put);
    const read = asReadOnly('foster-customers', () => client.send(new GetCommand({ TableName: tableName, Key: { pk: 'x', sk: 'x' } })));

    // Assert
    await expect(refused).rejects.toThrow('foster-customers is read-only');
    await expect(read).resolves.toMatchObject({ $metadata: expect.anything() });
    await expect(put()).resolves.toBeDefined();
  });
});

describe('the migrate function (CloudFormation custom resource)', () => {
  const event = (type: 'Create' | 'Update' | 'Delete', version: number, old?: number): CloudFormationCustomResourceEvent<MigrateProperties> =>
    ({
      RequestType: type,
      ServiceToken: 'arn:aws:lambda:ap-east-1:000000000000:function:migrate',
      ResponseURL: 'https://cloudformation-custom-resource-response.example/put',
      StackId: 'arn:aws:cloudformation:ap-east-1:000000000000:stack/FosterStateless/1',
      RequestId: 'r-1',
      LogicalResourceId: 'Migration',
      ResourceType: 'Custom::FosterMigration',
      ResourceProperties: { ServiceToken: 'x', SchemaVersion: String(version) },
      ...(type === 'Create' ? {} : { PhysicalResourceId: 'p-1' }),
      ...(old !== undefined ? { OldResourceProperties: { ServiceToken: 'x', SchemaVersion: String(old) } } : {}),
    }) as CloudFormationCustomResourceEvent<MigrateProperties>;

  const handlerOn = async (version?: number) => {
    const { client, tableName } = await createTestTable();
    if (version !== undefined) await client.send(new PutCommand({ TableName: tableName, Item: { ...keys.schema(), entity: 'schema', version } }));
    const answers: CloudFormationCustomResourceResponse[] = [];
    const handler = createMigrateHandler({ client, tableName, logger, respond: async (_url, response) => void answers.push(response) });
    return { client, tableName, answers, handler };
  };

  it('brings a table of data from before migrations to the current version and answers SUCCESS', async () => {
    // Arrange
    const { client, tableName, answers, handler } = await handlerOn();

    // Act
    await handler(event('Create', SCHEMA_VERSION));

    // Assert
    expect(answers).toEqual([
      expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: `${tableName}-schema`, RequestId: 'r-1', LogicalResourceId: 'Migration' }),
    ]);
    expect(await readSchemaVersion(client, tableName)).toBe(SCHEMA_VERSION);
  });

  it('answers FAILED with the reason when the table holds a newer schema, so the deployment stops', async () => {
    const { answers, handler } = await handlerOn(SCHEMA_VERSION + 1);

    await handler(event('Update', SCHEMA_VERSION, SCHEMA_VERSION - 1));

    expect(answers).toEqual([
      expect.objectContaining({ Status: 'FAILED', PhysicalResourceId: 'p-1', Reason: expect.stringContaining(`schema version ${SCHEMA_VERSION + 1}`) }),
    ]);
  });

  it('changes nothing on a rollback to an older version or on delete, and answers SUCCESS', async () => {
    const { client, tableName, answers, handler } = await handlerOn(SCHEMA_VERSION + 1);

    await handler(event('Update', SCHEMA_VERSION, SCHEMA_VERSION + 1));
    await handler(event('Delete', SCHEMA_VERSION));

    expect(answers.map((a) => a.Status)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(await readSchemaVersion(client, tableName)).toBe(SCHEMA_VERSION + 1);
  });

  it('answers FAILED before the function would time out instead of leaving CloudFormation waiting', async () => {
    // Arrange
    const { answers, client, tableName } = await handlerOn();
    const slow = { ...client, send: () => new Promise(() => undefined) } as unknown as typeof client;
    const handler = createMigrateHandler({ client: slow, tableName, logger, respond: async (_u, r) => void answers.push(r), answerMarginMs: 0 });

    // Act
    await handler(event('Create', SCHEMA_VERSION), { getRemainingTimeInMillis: () => 20 });

    // Assert
    expect(answers).toEqual([expect.objectContaining({ Status: 'FAILED', Reason: expect.stringContaining('redeploy to resume') })]);
  });
});

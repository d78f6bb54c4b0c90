import { GetCommand, PutCommand, ScanCommand, type DynamoDBDocumentClient, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { FosterError } from '../domain/errors.js';
import type { Logger } from '../adapters/logger.js';
import { keys } from '../adapters/dynamodb/model.js';
import { MIGRATIONS } from './index.js';
import type { ScheduleCleanup } from '../ports/scheduler.js';

// The table records the schema version its data is in (one META item). Every change that alters
// stored data ships a migration (lib/migrations/vN-*.ts, listed in index.ts): idempotent, run in
// order by `npm run migrate`, at `npm start` on an older --data directory, and in the cloud by the
// migrate function the deployment invokes once per version. A newer unknown version is refused.

/** What a migration gets: the raw table (migrations see items, not domain objects). */
export interface MigrationContext {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly logger: Logger;
  readonly now: Date;
  /**
   * The deployment's schedules (EventBridge Scheduler in the cloud). Absent, a migration that needs
   * it works on the local scheduler's items in this table (what `npm start` uses).
   */
  readonly scheduler?: ScheduleCleanup;
  /** Every item matching `filter`, page by page (a migration is the one place a Scan is allowed). */
  scan(input: Omit<ScanCommandInput, 'TableName' | 'ExclusiveStartKey'>, onPage: (items: Record<string, unknown>[]) => Promise<void>): Promise<void>;
}

/** One step from `version - 1` to `version`. Must be idempotent: a crash mid-way reruns it whole. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  run(ctx: MigrationContext): Promise<void>;
}

/** The version of a table written by this code. Version 1 is everything before migrations existed. */
export const SCHEMA_VERSION = latestVersion(MIGRATIONS);

/** The version a list of migrations brings a table to (a test may run a later one alone). */
function latestVersion(migrations: readonly Migration[]): number {
  return Math.max(1, ...migrations.map((m) => m.version));
}

/** The table holds data of a schema this code does not know. */
export class SchemaTooNewError extends FosterError {
  readonly code = 'SCHEMA_TOO_NEW';
  readonly status = 500;
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `the table's data is at schema version ${found}, but this foster knows versions up to ${known}: deploy or check out a newer foster instead of running this one on it`,
    );
  }
}

/** Reads the recorded schema version; a table without the record is version 1 (data from before migrations). */
export async function readSchemaVersion(client: DynamoDBDocumentClient, tableName: string): Promise<number> {
  const out = await client.send(new GetCommand({ TableName: tableName, Key: keys.schema(), ConsistentRead: true }));
  return Number(out.Item?.version ?? 1);
}

async function writeVersion(client: DynamoDBDocumentClient, tableName: string, from: number, to: number, at: string): Promise<void> {
  try {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.schema(), entity: 'schema', version: to, migratedAt: at },
        // A second runner racing this one: whoever writes first wins, the other sees the check fail.
        ConditionExpression: 'attribute_not_exists(pk) OR version = :from',
        ExpressionAttributeValues: { ':from': from },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** Marks a table created by this code as current: nothing in it needs migrating. */
export async function stampNewTable(client: DynamoDBDocumentClient, tableName: string, now: Date): Promise<void> {
  await writeVersion(client, tableName, 1, SCHEMA_VERSION, now.toISOString());
}

/**
 * Brings the table to SCHEMA_VERSION, one migration at a time, recording each step.
 *
 * @example
 * const { from, to, ran } = await migrate({ client, tableName, logger, now: new Date() });
 */
export async function migrate(options: {
  client: DynamoDBDocumentClient;
  tableName: string;
  logger: Logger;
  now: Date;
  scheduler?: ScheduleCleanup;
  migrations?: readonly Migration[];
}) {
  const { client, tableName, logger, now, scheduler, migrations = MIGRATIONS } = options;
  const latest = latestVersion(migrations);
  const from = await readSchemaVersion(client, tableName);
  if (from > latest) throw new SchemaTooNewError(from, latest);
  const ctx: MigrationContext = {
    client,
    tableName,
    logger,
    now,
    ...(scheduler ? { scheduler } : {}),
    async scan(input, onPage) {
      let start: Record<string, unknown> | undefined;
      do {
        const out = await client.send(new ScanCommand({ ...input, TableName: tableName, ExclusiveStartKey: start }));
        await onPage((out.Items ?? []) as Record<string, unknown>[]);
        start = out.LastEvaluatedKey;
      } while (start);
    },
  };
  const ran: string[] = [];
  // Versions may leave gaps (numbers taken by branches merged later): each step moves from the one before.
  let current = from;
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= from) continue;
    logger.info('migration started', { version: migration.version, migration: migration.name });
    await migration.run(ctx);
    await writeVersion(client, tableName, current, migration.version, now.toISOString());
    current = migration.version;
    ran.push(migration.name);
    logger.info('migration done', { version: migration.version, migration: migration.name });
  }
  return { from, to: latest, ran };
}

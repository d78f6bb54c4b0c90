import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { Deps } from '../../lib/ports/deps.js';
import { createSettableClock } from '../../lib/adapters/local/clock.js';
import { createLocalScheduler, scheduleRecurring } from '../../lib/adapters/local/scheduler.js';
import { createLocalSmsGateway } from '../../lib/adapters/local/sms-gateway.js';
import { createLocalJobQueue } from '../../lib/adapters/local/job-queue.js';
import { runDepartureJob } from '../../lib/use-cases/assignment/departure-job.js';
import { createLocalStaffDirectory } from '../../lib/adapters/local/staff-directory.js';
import { createLogger } from '../../lib/adapters/logger.js';
import { createConfig, type Config } from '../../lib/config.js';
import { createTestTable } from './dynamo.js';

/** Real adapters on a fresh DynamoDB Local table, a frozen settable clock, the local SMS gateway and scheduler. */
export async function createTestDeps(options: { now?: string; config?: Partial<Config>; clientConfig?: DynamoDBClientConfig } = {}) {
  const table = await createTestTable(options.clientConfig);
  const clock = createSettableClock({ start: new Date(options.now ?? '2026-11-23T02:00:00Z'), frozen: true });
  const sms = createLocalSmsGateway({ clock });
  const scheduler = createLocalScheduler({ client: table.client, tableName: table.tableName, clock });
  const jobs = createLocalJobQueue((job) => runDepartureJob(deps, job.jobId));
  const directory = createLocalStaffDirectory();
  const deps: Deps = {
    store: table.store,
    sms,
    scheduler,
    jobs,
    directory,
    clock,
    config: createConfig(options.config),
    logger: createLogger({ logLevel: 'SILENT' }),
  };
  await scheduleRecurring(scheduler, deps.config);
  return { ...table, deps, clock, sms, scheduler, jobs, directory };
}

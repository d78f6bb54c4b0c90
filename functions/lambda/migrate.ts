import { createDocumentClient } from '../../lib/adapters/dynamodb/client.js';
import { createLogger } from '../../lib/adapters/logger.js';
import { scheduleCleanupFromEnv } from '../adapters/eventbridge-schedule-cleanup.js';
import { baseEnv } from '../env.js';
import { createMigrateHandler } from '../migrate.js';

/** Lambda entry of the migrate function the deployment invokes once per schema version (a custom resource). */
const env = baseEnv().parse(process.env);
export const handler = createMigrateHandler({
  client: createDocumentClient(),
  tableName: env.TABLE_NAME,
  logger: createLogger({ serviceName: 'foster-migrate', logLevel: env.LOG_LEVEL }),
  scheduler: scheduleCleanupFromEnv(process.env),
});

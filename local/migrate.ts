import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { createDocumentClient } from '../lib/adapters/dynamodb/client.js';
import { createLogger } from '../lib/adapters/logger.js';
import { migrate } from '../lib/migrations/runner.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.js';

// `npm run migrate -- --data DIR` migrates a local data directory (npm start does this too);
// `npm run migrate -- --table NAME` migrates a table in the AWS account of the current credentials
// (the deployment's migrate function does this by itself; this is for an operator's hands).

const USAGE = `usage: npm run migrate -- (--data DIR | --table NAME [--region R] | --endpoint URL --table NAME)
  --data DIR      the --data directory of npm start
  --table NAME    a DynamoDB table in AWS (credentials and region from the environment)
  --endpoint URL  a DynamoDB Local already running`;

async function main() {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      table: { type: 'string' },
      region: { type: 'string' },
      endpoint: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || (!values.data && !values.table)) return void console.log(USAGE);
  const logger = createLogger({ serviceName: 'foster-migrate' });
  let ddb: DynamoDbLocal | undefined;
  try {
    let client;
    const tableName = values.table ?? 'foster';
    if (values.data) {
      const dir = join(resolve(values.data), 'dynamodb');
      if (!existsSync(dir)) throw new Error(`${values.data} holds no foster data (no dynamodb/ folder)`);
      ddb = await startDynamoDbLocal({ dataDir: dir });
      client = createDocumentClient({ endpoint: ddb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    } else if (values.endpoint) {
      client = createDocumentClient({ endpoint: values.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    } else {
      client = createDocumentClient(values.region ? { region: values.region } : {});
    }
    const { from, to, ran } = await migrate({ client, tableName, logger, now: new Date() });
    console.log(
      ran.length
        ? `foster: migrated ${tableName} from schema version ${from} to ${to}: ${ran.join(', ')}`
        : `foster: ${tableName} is at schema version ${to}; nothing to do`,
    );
  } finally {
    await ddb?.stop();
  }
}

main().catch((error) => {
  console.error(`foster: migration failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});

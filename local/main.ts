import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { createLogger } from '../lib/adapters/logger.js';
import { JavaMissingError, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.js';
import { createLocalRuntime, localClockStart, type LocalRuntime } from './runtime.js';
import { loadDemo } from './demo.js';
import { createConfig } from '../lib/config.js';
import { localDate } from '../lib/domain/time.js';

// `npm start [-- --demo] [--data DIR] [--port N]`: DynamoDB Local, the table, the HTTP API on
// 127.0.0.1, the local scheduler and the SMS simulator, all stopped by Ctrl-C.

const USAGE = `usage: npm start -- [--demo] [--data DIR] [--port N] [--clock ISO]
  --demo       load the demo organisation (about 200 staff) and 5,000 customers
  --data DIR   keep data in DIR across restarts (default: in memory)
  --port N     HTTP port on 127.0.0.1 (default: $PORT or 3000)
  --clock ISO  start the local clock at this instant (default: now, moved to 12:00 Shanghai
               of the same day when now is inside the 21:00-08:00 quiet hours)`;

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, host, () => probe.close(() => done(true)));
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      demo: { type: 'boolean', default: false },
      data: { type: 'string' },
      port: { type: 'string' },
      clock: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  const host = '127.0.0.1';
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${values.port ?? process.env.PORT}`);
  if (!(await portIsFree(port, host))) {
    console.error(`foster: port ${port} on ${host} is busy (another npm start?). Stop it or pick another with PORT=3001 npm start`);
    process.exit(1);
  }

  const dataDir = values.data ? resolve(values.data) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const logger = createLogger({ serviceName: 'foster-local', logLevel: (process.env.LOG_LEVEL as 'INFO') ?? 'INFO' });

  // eslint-disable-next-line prefer-const -- assigned after the signal handlers that read them are installed
  let ddb: DynamoDbLocal | undefined;
  // eslint-disable-next-line prefer-const -- as above
  let runtime: LocalRuntime | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nfoster: stopping');
    await runtime?.close().catch(() => undefined);
    await ddb?.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  console.log(`foster: starting DynamoDB Local (${dataDir ? `data in ${dataDir}` : 'in memory'})`);
  ddb = await startDynamoDbLocal({ dataDir: dataDir ? join(dataDir, 'dynamodb') : undefined });
  const clockStart = values.clock ? new Date(values.clock) : localClockStart(new Date(), createConfig());
  if (Number.isNaN(clockStart.getTime())) throw new Error(`--clock must be an ISO instant such as 2026-11-23T02:00:00Z, got ${values.clock}`);
  runtime = await createLocalRuntime({ endpoint: ddb.endpoint, dataDir, logger, clockStart, callbackToken: process.env.FOSTER_SMS_CALLBACK_TOKEN });
  if (values.demo) {
    const started = Date.now();
    const counts = await loadDemo(runtime.deps, { today: localDate(clockStart) });
    console.log(`foster: demo data loaded: ${counts.staff} staff, ${counts.customers} customers in ${Date.now() - started} ms`);
    console.log(`foster: try an agent with 300 customers: S0045 (team supervisor SUP-T06); admin id ADMIN01`);
  }
  // Listen last: once the port answers, the demo data is there.
  const url = await runtime.listen(port, host);
  console.log(`foster: local clock at ${clockStart.toISOString()} (move it with POST /_local/clock)`);
  console.log(`foster: API on ${url}  (DynamoDB Local on ${ddb.endpoint})`);
  console.log(`foster: get a token:  curl -s -X POST ${url}/_local/token -H 'content-type: application/json' -d '{"sub":"ADMIN01","role":"admin"}'`);
  console.log('foster: Ctrl-C stops everything');
}

main().catch((error) => {
  if (error instanceof JavaMissingError) console.error(`foster: ${error.message}`);
  else console.error('foster: failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});

import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { DynamoDbLocal } from './dynamodb-local.js';
import type { LocalRuntime } from './runtime.js';
import { atLocalTime, localDate } from '../lib/domain/time.js';
import { IsoDate, IsoInstant } from '../lib/domain/ids.js';

// `npm start [-- --demo] [--data DIR] [--port N] [--clock ISO]`: DynamoDB Local, the table, the
// HTTP API on 127.0.0.1, the local scheduler and the SMS simulator. Arguments are checked before
// anything starts; Ctrl-C, SIGTERM (`kill <pid of npm start>`: the npm script execs node, so the
// signal reaches this process, not a shell in between) and SIGHUP stop everything it started,
// DynamoDB Local included, and so does the death of the parent; a DynamoDB Local left behind by
// a run killed with SIGKILL is stopped at the next start on the same --data directory
// (local/dynamodb-local.ts).

const USAGE = `usage: npm start -- [--demo] [--data DIR] [--port N] [--clock ISO]
  --demo       load the demo organisation (about 200 staff) and 5,000 customers
  --data DIR   keep data in DIR across restarts (default: in memory)
  --port N     HTTP port on 127.0.0.1 (default: $PORT or 3000)
  --clock ISO  start the local clock at this instant (2026-11-23T02:00:00Z), or at 12:00 Shanghai
               of this day (2026-11-23); default: now, moved to 12:00 Shanghai of the same day
               when now is inside the 21:00-08:00 quiet hours`;

/** A mistake in the arguments: said in one line, before anything starts. */
class UsageError extends Error {}

export interface StartOptions {
  readonly demo: boolean;
  readonly dataDir?: string;
  readonly port: number;
  readonly clockStart?: Date;
}

/** Checks every argument; throws a UsageError naming the first bad one. */
export function parseStartArgs(args: readonly string[], env: NodeJS.ProcessEnv): StartOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        demo: { type: 'boolean', default: false },
        data: { type: 'string' },
        port: { type: 'string' },
        clock: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  const portText = values.port ?? env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new UsageError(`${values.port === undefined ? 'PORT' : '--port'} must be a port number 0-65535, got ${JSON.stringify(portText)}`);
  }
  let clockStart: Date | undefined;
  if (values.clock !== undefined) {
    if (IsoInstant.safeParse(values.clock).success) clockStart = new Date(values.clock);
    else if (IsoDate.safeParse(values.clock).success) clockStart = atLocalTime(values.clock, 12);
    else throw new UsageError(`--clock must be an ISO instant such as 2026-11-23T02:00:00Z or a date such as 2026-11-23, got ${JSON.stringify(values.clock)}`);
  }
  if (values.data === '') throw new UsageError('--data must name a directory');
  return { demo: values.demo ?? false, port, ...(values.data ? { dataDir: resolve(values.data) } : {}), ...(clockStart ? { clockStart } : {}) };
}

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, host, () => probe.close(() => done(true)));
  });
}

async function main() {
  const options = parseStartArgs(process.argv.slice(2), process.env);
  if (options === 'help') return void console.log(USAGE);
  const host = '127.0.0.1';
  if (!(await portIsFree(options.port, host))) {
    throw new Error(`port ${options.port} on ${host} is busy (another npm start?). Stop it or pick another with PORT=3001 npm start`);
  }

  // The application (the AWS SDK, every use case) is loaded only now: a mistake in the arguments or a
  // busy port is said in a fraction of the second that loading takes.
  const [{ createLogger }, { startDynamoDbLocal }, { createLocalRuntime, localClockStart }, { castLines, loadDemo }, { createConfig }] = await Promise.all([
    import('../lib/adapters/logger.js'),
    import('./dynamodb-local.js'),
    import('./runtime.js'),
    import('./demo.js'),
    import('../lib/config.js'),
  ]);
  const { dataDir } = options;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const logger = createLogger({ serviceName: 'foster-local', logLevel: (process.env.LOG_LEVEL as 'INFO') ?? 'INFO' });

  // What is running, stopped in reverse order by a signal or a failure.
  const starting = new AbortController();
  let ddb: DynamoDbLocal | undefined;
  let runtime: LocalRuntime | undefined;
  let stopping: Promise<never> | undefined;
  const stop = (code: number, message?: string): Promise<never> =>
    (stopping ??= (async () => {
      if (message) console.error(message);
      else console.log('\nfoster: stopping');
      starting.abort();
      await runtime?.close().catch(() => undefined);
      await ddb?.stop().catch(() => undefined);
      process.exit(code);
    })());
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));
  // Whoever started us (npm, a shell) gone without a word, say killed with SIGKILL: stop too, rather
  // than serve on as an orphan nobody can Ctrl-C.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void stop(0), 1000).unref();

  try {
    console.log(`foster: starting DynamoDB Local (${dataDir ? `data in ${dataDir}` : 'in memory'})`);
    ddb = await startDynamoDbLocal({ dataDir: dataDir ? join(dataDir, 'dynamodb') : undefined, signal: starting.signal });
    if (ddb.stoppedLeftover) console.log(`foster: stopped DynamoDB Local (pid ${ddb.stoppedLeftover}) that a killed run left on ${dataDir}`);
    const clockStart = options.clockStart ?? localClockStart(new Date(), createConfig());
    runtime = await createLocalRuntime({ endpoint: ddb.endpoint, dataDir, logger, clockStart, callbackToken: process.env.FOSTER_SMS_CALLBACK_TOKEN });
    const { from, to, ran } = runtime.migration;
    if (ran.length) console.log(`foster: migrated the data in ${dataDir} from schema version ${from} to ${to}: ${ran.join(', ')}`);
    if (options.demo) {
      const started = Date.now();
      const counts = await loadDemo(runtime.deps, { today: localDate(clockStart) });
      console.log(`foster: demo data loaded: ${counts.staff} staff, ${counts.customers} customers in ${Date.now() - started} ms`);
      console.log('foster: one id per role, for POST /_local/token {"sub": id, "role": role}:');
      for (const line of castLines(counts.cast)) console.log(`  ${line}`);
    }
    // Listen last: once the port answers, the demo data is there.
    const url = await runtime.listen(options.port, host);
    console.log(`foster: local clock at ${clockStart.toISOString()} (move it with POST /_local/clock)`);
    console.log(`foster: API on ${url}  (DynamoDB Local on ${ddb.endpoint}); its description: ${url}/openapi.json`);
    console.log(`foster: get a token:  curl -s -X POST ${url}/_local/token -H 'content-type: application/json' -d '{"sub":"ADMIN01","role":"admin"}'`);
    console.log(`foster: Ctrl-C (or kill ${process.pid}) stops everything`);
  } catch (error) {
    if (stopping) return;
    await stop(1, `foster: ${failure(error)}`);
  }
}

/** The one line a user reads when the start fails. */
function failure(error: unknown): string {
  // By name and code, not class: the modules that define them are loaded after the arguments are checked.
  if (error instanceof UsageError || (error instanceof Error && error.name === 'JavaMissingError')) return error.message;
  if (error instanceof Error && (error as { code?: string }).code === 'SCHEMA_TOO_NEW') return `cannot start on this --data directory: ${error.message}`;
  return `failed to start: ${error instanceof Error ? error.message : String(error)}`;
}

main().catch((error: unknown) => {
  console.error(`foster: ${failure(error)}${error instanceof UsageError ? ' (npm start -- --help)' : ''}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});

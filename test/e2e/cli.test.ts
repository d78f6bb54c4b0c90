import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDocumentClient } from '../../lib/adapters/dynamodb/client.js';
import { keys } from '../../lib/adapters/dynamodb/model.js';
import { createLogger } from '../../lib/adapters/logger.js';
import { readSchemaVersion, SCHEMA_VERSION, type Migration } from '../../lib/migrations/runner.js';
import { freePort, isDynamoDbLocalOn, LOCAL_CREDENTIALS, LOCAL_REGION, PID_FILE, startDynamoDbLocal } from '../../local/dynamodb-local.js';
import { createLocalRuntime } from '../../local/runtime.js';

// `npm start` as a new user meets it: one clear line when Java is missing, the port is taken or an
// argument is wrong (before anything starts); SIGTERM stops it all; a DynamoDB Local a SIGKILLed
// run left behind is stopped at the next start; an older --data directory is migrated, a newer one
// refused in one line before anything listens.

const root = join(dirname(new URL(import.meta.url).pathname), '../..');

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const running: ChildProcess[] = [];

/** `node --import tsx local/main.ts ...` (what the npm script execs), or `npm start -- ...` itself. */
function launch(args: string[], { env = process.env, viaNpm = false } = {}): Run {
  const child = viaNpm
    ? spawn('npm', ['start', '--', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, ['--import', 'tsx', 'local/main.ts', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function start(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const run = launch(args, { env });
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 60_000);
  const code = await run.exited;
  clearTimeout(timer);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** Resolves once the server says it listens; rejects if the process ends first. */
async function ready(run: Run, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  let ended = false;
  void run.exited.then(() => (ended = true));
  while (!run.stdout().includes('foster: API on')) {
    if (ended) throw new Error(`npm start ended early: ${run.stderr()}`);
    if (Date.now() > deadline) throw new Error(`npm start did not get ready: ${run.stdout()} ${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
const javaPid = (dataDir: string) => Number(readFileSync(join(dataDir, 'dynamodb', PID_FILE), 'utf8').trim());
const tempDir = () => mkdtempSync(join(tmpdir(), 'foster-cli-'));

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm start', () => {
  let busy: Server;
  let port = 0;

  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => busy.close(() => r())));

  it('says which package to install, in one line, when there is no Java', async () => {
    const res = await start(['--port', '0'], { ...process.env, PATH: '/nonexistent' });

    expect(res.code).toBe(1);
    expect(res.stderr.trim().split('\n')).toEqual([expect.stringContaining('install the Debian package openjdk-17-jre-headless')]);
  });

  it('says the port is busy instead of failing later', async () => {
    const res = await start(['--port', String(port)], process.env);

    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`port ${port} on 127.0.0.1 is busy`);
  });

  it.each([
    [['--clock', '2026-13-01'], '--clock must be an ISO instant'],
    [['--clock', 'tomorrow'], '--clock must be an ISO instant'],
    [['--port', '70000'], '--port must be a port number 0-65535, got "70000"'],
    [['--port', 'abc'], '--port must be a port number 0-65535, got "abc"'],
    [['--colck', '2026-11-23'], "Unknown option '--colck'"],
  ])('refuses %j in one line before anything starts', async (args, message) => {
    const dataDir = join(tempDir(), 'data');

    // No Java on the PATH: an argument error must be found before DynamoDB Local is even tried.
    const res = await start([...args, '--data', dataDir], { ...process.env, PATH: '/nonexistent' });

    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toEqual([expect.stringContaining(message)]);
    expect(res.stdout).toBe('');
    expect(existsSync(dataDir)).toBe(false);
  });
});

// Each test starts DynamoDB Local (Java) once or twice: slow on a loaded machine.
describe('stopping npm start', { timeout: 300_000 }, () => {
  it('stops the server and DynamoDB Local (started without telemetry) when the npm start process gets SIGTERM', async () => {
    const dataDir = tempDir();
    const httpPort = await freePort();
    const { DDB_LOCAL_TELEMETRY: _, ...env } = process.env; // as on a machine where nobody set it
    const run = launch(['--port', String(httpPort), '--data', dataDir], { env, viaNpm: true });
    await ready(run);
    const java = javaPid(dataDir);
    const server = Number(/kill (\d+)\)/.exec(run.stdout())?.[1]);
    expect(alive(java) && alive(server) && (await listening(httpPort))).toBe(true);
    // Started with DynamoDB Local's telemetry off: no call to AWS from a developer's machine, and a faster start.
    expect(readFileSync(`/proc/${java}/environ`, 'utf8').split('\0')).toContain('DDB_LOCAL_TELEMETRY=0');

    run.child.kill('SIGTERM'); // the npm process, as `kill <pid of npm start>` does

    expect(await run.exited).toBe(0);
    await expect.poll(() => alive(server), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => alive(java), { timeout: 10_000 }).toBe(false);
    expect(await listening(httpPort)).toBe(false);
    expect(existsSync(join(dataDir, 'dynamodb', PID_FILE))).toBe(false);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops, at the next start on the same --data directory, the DynamoDB Local a SIGKILLed run left behind', async () => {
    const dataDir = tempDir();
    const first = launch(['--port', String(await freePort()), '--data', dataDir]);
    await ready(first);
    const leftover = javaPid(dataDir);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(isDynamoDbLocalOn(leftover, join(dataDir, 'dynamodb'))).toBe(true); // Java outlives a SIGKILL

    const second = launch(['--port', String(await freePort()), '--data', dataDir]);
    try {
      await ready(second);

      expect(second.stdout()).toContain(`stopped DynamoDB Local (pid ${leftover}) that a killed run left on ${dataDir}`);
      expect(alive(leftover)).toBe(false);
      const fresh = javaPid(dataDir);
      expect(fresh).not.toBe(leftover);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      await expect.poll(() => alive(fresh), { timeout: 10_000 }).toBe(false);
    } finally {
      if (alive(leftover)) process.kill(leftover, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

// Each test starts DynamoDB Local (Java) once or twice: slow on a loaded machine.
describe('npm start on a --data directory of another schema version', { timeout: 300_000 }, () => {
  /** A --data directory whose table holds a staff record and this schema record ('none': from before versions were recorded). */
  async function dataDirAt(version: number | 'none'): Promise<string> {
    const dataDir = tempDir();
    const ddb = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
    const client = createDocumentClient({ endpoint: ddb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    try {
      const runtime = await createLocalRuntime({ endpoint: ddb.endpoint, dataDir, tickMs: 0, logger: createLogger({ logLevel: 'SILENT' }) });
      await runtime.close();
      await client.send(new PutCommand({ TableName: 'foster', Item: { ...keys.staff('OLD1'), entity: 'staff', id: 'OLD1', name: '老员工', role: 'admin' } }));
      if (version === 'none') await client.send(new DeleteCommand({ TableName: 'foster', Key: keys.schema() }));
      else
        await client.send(
          new PutCommand({ TableName: 'foster', Item: { ...keys.schema(), entity: 'schema', version, migratedAt: '2026-01-01T00:00:00.000Z' } }),
        );
    } finally {
      client.destroy();
      await ddb.stop();
    }
    return dataDir;
  }

  it('refuses a directory written by a newer foster, in one line, before anything listens', async () => {
    const dataDir = await dataDirAt(SCHEMA_VERSION + 1);
    const httpPort = await freePort();

    const res = await start(['--port', String(httpPort), '--data', dataDir], process.env);

    expect(res.code).toBe(1);
    expect(res.stderr.trim().split('\n')).toEqual([
      `foster: cannot start on this --data directory: the table's data is at schema version ${SCHEMA_VERSION + 1}, but this foster knows versions up to ${SCHEMA_VERSION}: deploy or check out a newer foster instead of running this one on it`,
    ]);
    expect(res.stdout).not.toContain('API on');
    expect(await listening(httpPort)).toBe(false);
    expect(existsSync(join(dataDir, 'dynamodb', PID_FILE))).toBe(false); // its DynamoDB Local stopped too
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates a directory written before schema versions existed and keeps its data', async () => {
    const dataDir = await dataDirAt('none');
    const httpPort = await freePort();

    const run = launch(['--port', String(httpPort), '--data', dataDir]);
    await ready(run);

    // Read through the run's own DynamoDB Local (a third Java start would cost seconds), then stop it.
    const endpoint = /DynamoDB Local on (http:\/\/127\.0\.0\.1:\d+)/.exec(run.stdout())?.[1];
    expect(endpoint).toBeDefined();
    const client = createDocumentClient({ endpoint: endpoint!, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    try {
      expect(await readSchemaVersion(client, 'foster')).toBe(SCHEMA_VERSION);
      expect((await client.send(new GetCommand({ TableName: 'foster', Key: keys.staff('OLD1') }))).Item).toMatchObject({ name: '老员工' });
      if (SCHEMA_VERSION > 1) expect(run.stdout()).toContain(`migrated the data in ${dataDir} from schema version 1 to ${SCHEMA_VERSION}`);
    } finally {
      client.destroy();
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('runs the migrations a table needs when the runtime starts on it, and reports them', async () => {
    // The run's DynamoDB Local and a fresh table: what is tested is the runtime, not the --data directory.
    const endpoint = inject('dynamoEndpoint');
    const tableName = `foster-cli-${randomUUID().slice(0, 8)}`;
    const logger = createLogger({ logLevel: 'SILENT' });
    const client = createDocumentClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const seen: string[] = [];
    const migrations: Migration[] = [
      { version: 2, name: 'v2-test', run: async () => void seen.push('v2') },
      { version: 3, name: 'v3-test', run: async () => void seen.push('v3') },
    ];
    try {
      await (await createLocalRuntime({ endpoint, tableName, tickMs: 0, logger })).close();
      await client.send(new DeleteCommand({ TableName: tableName, Key: keys.schema() })); // as written before versions existed

      const runtime = await createLocalRuntime({ endpoint, tableName, tickMs: 0, logger, migrations });
      await runtime.close();

      expect(seen).toEqual(['v2', 'v3']);
      expect(runtime.migration).toEqual({ from: 1, to: 3, ran: ['v2-test', 'v3-test'] });
      expect(await readSchemaVersion(client, tableName)).toBe(3);
    } finally {
      client.destroy();
    }
  });
});

import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import type { Context, SNSEvent } from 'aws-lambda';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import * as z from '../lib/domain/zod.js';
import { createAdminHandler } from '../functions/http/admin.js';
import { createAssignmentsHandler } from '../functions/http/assignments.js';
import { createCustomersHandler } from '../functions/http/customers.js';
import { createVisitsHandler } from '../functions/http/visits.js';
import { createPublicHandler } from '../functions/http/public.js';
import { createFileHandler } from '../functions/http/file.js';
import { createCallbacksHandler } from '../functions/http/callbacks.js';
import { createTeamHandler } from '../functions/http/team.js';
import { buildDashboardAssets } from '../functions/dashboard/build.js';
import { snapshotMonthEnd } from '../lib/use-cases/team/month-end.js';
import type { HandlerGroup } from '../functions/http/routes.js';
import { isReadOnlyGroup } from '../functions/http/access.js';
import { runScheduledEvent } from '../functions/scheduled.js';
import { createInboundSmsHandler } from '../functions/inbound-sms.js';
import { drainOutbox } from '../lib/use-cases/outbox/drain-outbox.js';
import { fileDailyDue, runFileDaily } from '../lib/use-cases/care/file-daily.js';
import type { Deps } from '../lib/ports/deps.js';
import { countRequests, createDocumentClient } from '../lib/adapters/dynamodb/client.js';
import { createDynamoStore } from '../lib/adapters/dynamodb/store.js';
import { ALL_STORE_PARTS } from '../lib/adapters/dynamodb/store-parts.js';
import { asReadOnly, guardReadOnly } from '../lib/adapters/dynamodb/read-only.js';
import { createTableInput } from '../lib/adapters/dynamodb/table.js';
import { createSettableClock, type SettableClock } from '../lib/adapters/local/clock.js';
import { createLocalScheduler, scheduleRecurring, type LocalScheduler } from '../lib/adapters/local/scheduler.js';
import { createLocalSmsGateway, type LocalSmsGateway } from '../lib/adapters/local/sms-gateway.js';
import { createLocalJobQueue, type LocalJobQueue } from '../lib/adapters/local/job-queue.js';
import { runDepartureJob } from '../lib/use-cases/assignment/departure-job.js';
import { createLocalStaffDirectory, type LocalStaffDirectory } from '../lib/adapters/local/staff-directory.js';
import { createLogger, type Logger } from '../lib/adapters/logger.js';
import { type Config as ConfigSchema, createConfig, type Config } from '../lib/config.js';
import { IsoInstant } from '../lib/domain/ids.js';
import { atLocalTime, inQuietHours, localDate, localMonth } from '../lib/domain/time.js';
import { buildApiEvent, matchRoute } from './api-event.js';
import { createLocalAuth, TokenRequest } from './auth.js';
import { createSignInCheck } from './sign-in-check.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './dynamodb-local.js';
import { migrate, SCHEMA_VERSION, stampNewTable, type Migration as MigrationStep } from '../lib/migrations/runner.js';

// The local runtime: the same handlers the cloud runs, behind a plain Node HTTP server that plays
// API Gateway (route match, JWT check, v2 events), plus the /_local/* routes: tokens, the SMS
// simulator, the clock. A tick (every second, and after each clock move) fires due schedules.

export interface LocalRuntimeOptions {
  /** DynamoDB Local endpoint. */
  readonly endpoint: string;
  /** @default 'foster' */
  readonly tableName?: string;
  /** Where to keep the SMS log across restarts. @default memory only */
  readonly dataDir?: string;
  /** Start the clock here instead of real now. */
  readonly clockStart?: Date;
  /** Freeze the clock (tests). @default false */
  readonly frozenClock?: boolean;
  readonly config?: Partial<z.input<typeof ConfigSchema>>;
  /** HS256 key of local tokens. @default a fixed development key */
  readonly tokenSecret?: string;
  readonly logger?: Logger;
  /** Background tick period; 0 disables it. @default 1000 ms */
  readonly tickMs?: number;
  /** The migrations an existing table is brought through. @default MIGRATIONS (lib/migrations) */
  readonly migrations?: readonly MigrationStep[];
  /** The `?token=` the SMS provider callback routes expect (`FOSTER_SMS_CALLBACK_TOKEN`). @default LOCAL_CALLBACK_TOKEN */
  readonly callbackToken?: string;
}

/** The provider callback token of `npm start` unless FOSTER_SMS_CALLBACK_TOKEN says otherwise (README). */
export const LOCAL_CALLBACK_TOKEN = 'local-callback-token';

export interface LocalRuntime {
  readonly server: Server;
  readonly deps: Deps;
  readonly clock: SettableClock;
  readonly sms: LocalSmsGateway;
  readonly scheduler: LocalScheduler;
  readonly jobs: LocalJobQueue;
  /** Staff sign-in as the staff uploads and departures left it. */
  readonly directory: LocalStaffDirectory;
  readonly requests: ReturnType<typeof countRequests>;
  /** What starting on this table migrated (a --data directory written by an older foster). */
  readonly migration: Migration;
  /** Fires what is due now. */
  tick(): Promise<void>;
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

const DEV_SECRET = 'foster-local-development-key-not-for-production';

const ClockRequest = z.object({ now: IsoInstant });
// `id` lets a caller replay the same inbound message (a duplicate delivery); new messages omit it.
const InboundRequest = z.object({
  from: z.string().check(z.minLength(1)),
  body: z.string(),
  inReplyTo: z.optional(z.string()),
  id: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});
const LOCAL_ORIGINATION_NUMBER = '+12065550100';

/** An SNS notification wrapping one End User Messaging two-way SMS, as AWS delivers it. */
export function snsEvent(message: Record<string, unknown>, now: Date): SNSEvent {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:local:000000000000:foster-inbound-sms:local',
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: 'arn:aws:sns:local:000000000000:foster-inbound-sms',
          Subject: '',
          Message: JSON.stringify(message),
          Timestamp: now.toISOString(),
          SignatureVersion: '1',
          Signature: 'local',
          SigningCertUrl: 'https://sns.local/cert.pem',
          UnsubscribeUrl: 'https://sns.local/unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}

/** Where the local clock starts: real now, unless that is in quiet hours, where nothing would be texted. */
export function localClockStart(now: Date, config: { smsFromHour: number; smsUntilHour: number }): Date {
  const quiet = inQuietHours(now, { startHour: config.smsFromHour, endHour: config.smsUntilHour });
  return quiet ? atLocalTime(localDate(now), 12) : now;
}

/** What bringing the table to this code's schema did: nothing for a new table (`ran` empty). */
export type Migration = Awaited<ReturnType<typeof migrate>>;

/** Makes the table unless it exists (a --data restart keeps it, and migrates its data to this code's schema). */
export async function ensureTable(
  client: ReturnType<typeof createDocumentClient>,
  tableName: string,
  logger: Logger,
  now = new Date(),
  migrations?: readonly MigrationStep[],
): Promise<Migration> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    await stampNewTable(client, tableName, now);
    return { from: SCHEMA_VERSION, to: SCHEMA_VERSION, ran: [] };
  }
  return migrate({ client, tableName, logger, now, ...(migrations ? { migrations } : {}) });
}

export async function createLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const tableName = options.tableName ?? 'foster';
  const logger = options.logger ?? createLogger({ serviceName: 'foster-local' });
  const client = createDocumentClient({ endpoint: options.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const requests = countRequests(client);
  const migration = await ensureTable(client, tableName, logger, new Date(), options.migrations);

  const clock = createSettableClock({ start: options.clockStart, frozen: options.frozenClock });
  const scheduler = createLocalScheduler({ client, tableName, clock });
  const config: Config = createConfig(options.config);
  const sms = createLocalSmsGateway({ clock, file: options.dataDir ? join(options.dataDir, 'sms.jsonl') : undefined, texts: config });
  const directory = createLocalStaffDirectory();
  // Large departures run in this process, in the background, as the departure-job Lambda would.
  const jobs = createLocalJobQueue((job) => runDepartureJob(deps, job.jobId));
  const deps: Deps = { store: createDynamoStore({ client, tableName, parts: ALL_STORE_PARTS }), sms, scheduler, directory, jobs, clock, config, logger };
  // The cloud's daily reminder schedule (a cron at the reminder hour, Asia/Shanghai).
  await scheduleRecurring(scheduler, config);
  const auth = createLocalAuth(options.tokenSecret ?? DEV_SECRET);
  // Read at request time on a client of its own, so the request counters count only the handlers' work.
  const authClient = createDocumentClient({ endpoint: options.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const signIn = createSignInCheck({ getStaff: (ids) => createDynamoStore({ client: authClient, tableName }).getStaff(ids), directory });
  // A group serving only GET routes has read-only IAM in the cloud; here its writes are refused too.
  guardReadOnly(client);

  const inbound = createInboundSmsHandler(deps);
  const handlers: Record<HandlerGroup, (event: never, context: Context) => Promise<unknown>> = {
    admin: createAdminHandler(deps) as never,
    assignments: createAssignmentsHandler(deps) as never,
    customers: createCustomersHandler(deps) as never,
    visits: createVisitsHandler(deps) as never,
    public: createPublicHandler(deps) as never,
    // The dashboard's assets are built in process (esbuild), once, at the first page request.
    team: createTeamHandler(deps, { assets: buildDashboardAssets, signIn: { mode: 'local' } }) as never,
    file: createFileHandler(deps) as never,
    callbacks: createCallbacksHandler(deps, { callbackToken: async () => options.callbackToken || LOCAL_CALLBACK_TOKEN }) as never,
  };

  // Ticks run one after another: a tick asked for after a clock move must see the new time,
  // so it queues behind a running one instead of joining it.
  let ticking: Promise<void> = Promise.resolve();
  // The cloud's hourly sweep takes the month-end snapshot and runs the customer file's daily work;
  // locally the first tick of a month takes the snapshot, and the first tick of each Shanghai day in
  // the window from the care hour runs the file's daily work.
  let monthChecked: string | undefined;
  let fileDay = '';
  const tick = () => {
    const run = ticking.then(async () => {
      await scheduler.runDue((event) => runScheduledEvent(deps, event).then(() => undefined));
      if (monthChecked !== localMonth(clock.now())) {
        await snapshotMonthEnd(deps);
        monthChecked = localMonth(clock.now());
      }
      const now = clock.now();
      if (fileDay !== localDate(now) && fileDailyDue(now, config)) {
        fileDay = localDate(now);
        await runFileDaily(deps);
      }
      await drainOutbox(deps);
    });
    ticking = run.catch(() => undefined);
    return run;
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(text);
  };
  const fail = (res: ServerResponse, status: number, code: string, message: string) => send(res, status, { error: { code, message } });

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > 10 * 1024 * 1024) reject(new Error('body too large'));
        else chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const parseJson = (text: string): { ok: true; value: unknown } | { ok: false } => {
    try {
      return { ok: true, value: JSON.parse(text || '{}') };
    } catch {
      return { ok: false };
    }
  };

  // The /_local routes: each a method, a path, an optional body schema, and what it does.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each action's body was parsed by its own schema just before
  type LocalAction = (body: any) => Promise<[number, unknown]>;
  const localRoutes: Record<string, { schema?: z.ZodMiniType; act: LocalAction }> = {
    'POST /_local/token': { schema: TokenRequest, act: async (b) => [200, { token: await auth.issue(b) }] },
    'GET /_local/sms': { act: async () => [200, sms.sent()] },
    'GET /_local/clock': { act: async () => [200, { now: clock.now().toISOString() }] },
    'POST /_local/clock': {
      schema: ClockRequest,
      act: async (b) => {
        // Backwards is allowed for a scenario that starts on a fixed date; what already fired stays fired.
        if (new Date(b.now) < clock.now()) logger.warn('local clock moved backwards', { from: clock.now().toISOString(), to: b.now });
        clock.set(new Date(b.now), { allowBackwards: true });
        await tick();
        return [200, { now: clock.now().toISOString() }];
      },
    },
    'POST /_local/sms/inbound': {
      schema: InboundRequest,
      act: async (b) => {
        const inboundMessageId = b.id ?? randomUUID();
        const message = {
          originationNumber: b.from,
          destinationNumber: LOCAL_ORIGINATION_NUMBER,
          messageKeyword: 'KEYWORD_LOCAL',
          messageBody: b.body,
          inboundMessageId,
          previousPublishedMessageId: b.inReplyTo ?? null,
        };
        const out = await inbound(snsEvent(message, clock.now()));
        await tick();
        return [200, { inboundMessageId, ...out.results[0] }];
      },
    },
  };

  const local = async (method: string, path: string, text: string, res: ServerResponse): Promise<boolean> => {
    const route = localRoutes[`${method} ${path}`];
    if (!route) return false;
    let body: unknown;
    if (route.schema) {
      const json = parseJson(text);
      if (!json.ok) return (fail(res, 400, 'VALIDATION_FAILED', 'body: must be valid JSON'), true);
      const parsed = route.schema.safeParse(json.value);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        return (fail(res, 400, 'VALIDATION_FAILED', `${first?.path.join('.') || 'body'}: ${first?.message ?? 'invalid'}`), true);
      }
      body = parsed.data;
    }
    const [status, payload] = await route.act(body);
    send(res, status, payload);
    return true;
  };

  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the handler catches its own errors and always answers
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    try {
      const text = await readBody(req);
      if (url.pathname.startsWith('/_local/')) {
        if (!(await local(method, url.pathname, text, res))) fail(res, 404, 'NOT_FOUND', `no local route ${method} ${url.pathname}`);
        return;
      }
      const match = matchRoute(method, url.pathname);
      if (!match.route) {
        return match.pathExists
          ? fail(res, 405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${url.pathname}`)
          : fail(res, 404, 'NOT_FOUND', `no route ${method} ${url.pathname}`);
      }
      // Like API Gateway: only `jwt` routes go through the authorizer; public ones and provider
      // callbacks carry no claims (the callbacks' handler checks the callback token).
      const claims = match.route.guard === 'jwt' ? await auth.verify(req.headers.authorization) : {};
      if (!claims) return fail(res, 401, 'UNAUTHORIZED', 'missing or invalid bearer token');
      const refusal = await signIn.refusal(claims);
      if (refusal) return fail(res, 401, 'UNAUTHORIZED', refusal);
      const event = buildApiEvent({
        routeKey: match.route.key,
        method,
        path: url.pathname,
        rawQueryString: url.search.slice(1),
        headers: req.headers,
        params: match.params ?? {},
        claims,
        body: text || undefined,
        now: clock.now(),
      });
      const context = { awsRequestId: randomUUID(), functionName: `foster-${match.route.group}`, getRemainingTimeInMillis: () => 29_000 } as Context;
      const group = match.route.group;
      const call = () => handlers[group](event as never, context);
      const result = (await (isReadOnlyGroup(group) ? asReadOnly(`foster-${group}`, call) : call())) as {
        statusCode: number;
        headers?: Record<string, string>;
        body?: string;
        isBase64Encoded?: boolean;
      };
      res.writeHead(result.statusCode, result.headers ?? {});
      res.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
      // Whatever the request queued goes out now, not at the next tick.
      void tick().catch((error) => logger.error('tick failed', { error }));
    } catch (error) {
      logger.error('local runtime error', { error });
      if (!res.headersSent) fail(res, 500, 'INTERNAL', 'internal error');
    }
  });

  let background = false; // the timer never queues a tick behind its own previous one
  const timer =
    options.tickMs === 0
      ? undefined
      : setInterval(() => {
          if (background) return;
          background = true;
          tick()
            .catch((error) => logger.error('tick failed', { error }))
            .finally(() => (background = false));
        }, options.tickMs ?? 1000);
  timer?.unref();

  return {
    server,
    deps,
    clock,
    sms,
    scheduler,
    jobs,
    directory,
    requests,
    migration,
    tick,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(`http://${host}:${typeof address === 'object' && address ? address.port : port}`);
        });
      }),
    close: async () => {
      if (timer) clearInterval(timer);
      await jobs.idle();
      await ticking;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      client.destroy();
      authClient.destroy();
    },
  };
}

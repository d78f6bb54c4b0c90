import * as z from '../lib/domain/zod.js';
import { createDocumentClient } from '../lib/adapters/dynamodb/client.js';
import { createDynamoStore, type StoreParts } from '../lib/adapters/dynamodb/store.js';
import { createLogger } from '../lib/adapters/logger.js';
import { Config } from '../lib/config.js';
import { systemClock } from '../lib/ports/clock.js';
import type { Deps } from '../lib/ports/deps.js';
import type { JobQueue } from '../lib/ports/job-queue.js';
import type { Scheduler } from '../lib/ports/scheduler.js';
import type { SmsGateway } from '../lib/ports/sms-gateway.js';
import type { StaffDirectory } from '../lib/ports/staff-directory.js';
import type { SignIn } from './dashboard/page.js';

// The one place a Lambda reads its environment: names of the table, schedule group and target,
// the user pool, and the business settings. Every Lambda's composition root (functions/lambda/*)
// calls `depsFromEnv` once at cold start, naming the adapters it needs beyond the table (SMS,
// scheduler, staff directory, each built in functions/adapters/ from the settings parsed here): a
// root that names none imports none of their SDK clients, so its bundle holds none and its Lambda
// gets no permission for them (infra/permissions.ts derives IAM from the bundle's SDK imports).

// The variables each adapter reads, as schemas built on demand: a schema made at module scope, or
// an object holding them all, would land in every bundle, and the infra tests check that CDK sets
// every variable a bundle reads (test/infra).
export const baseEnv = () =>
  z.object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']), 'INFO'),
  });
export const smsEnv = () =>
  z.object({
    /** `sms.provider` of the deployment; only the outbox function sends. */
    SMS_PROVIDER: z._default(z.enum(['sns', 'tencent']), 'sns'),
    SMS_SENDER_ID: z.optional(z.string()),
    SMS_ORIGINATION_NUMBER: z.optional(z.string()),
  });
// Optional here because the outbox of an SNS deployment never reads them; tencentSmsFromEnv says which are missing.
export const tencentSmsEnv = () =>
  z.object({
    TENCENT_SMS_APP_ID: z.optional(z.string()),
    TENCENT_SMS_SIGN_NAME: z.optional(z.string()),
    /** JSON: foster template key -> Tencent template id. */
    TENCENT_SMS_TEMPLATES: z.optional(z.string()),
    TENCENT_SMS_REGION: z.optional(z.string()),
    /** Secrets Manager secret (name or ARN) holding {"secretId", "secretKey"}. */
    TENCENT_CREDENTIALS_SECRET: z.optional(z.string()),
  });
/** Secrets Manager secret (name or ARN) holding the provider callback token (the callbacks function). */
export const callbackTokenEnv = () => z.object({ CALLBACK_TOKEN_SECRET: z.string().check(z.minLength(1)) });
export const schedulerEnv = () =>
  z.object({
    SCHEDULE_GROUP: z.string().check(z.minLength(1)),
    SCHEDULED_TARGET_ARN: z.string().check(z.minLength(1)),
    SCHEDULER_ROLE_ARN: z.string().check(z.minLength(1)),
    SCHEDULER_DLQ_ARN: z.string().check(z.minLength(1)),
  });
export const directoryEnv = () => z.object({ USER_POOL_ID: z.string().check(z.minLength(1)) });
/** The departure-job function the admin function starts large departures on. */
export const jobsEnv = () => z.object({ DEPARTURE_JOB_FUNCTION: z.string().check(z.minLength(1)) });

/** Every adapter's variables (for the infra tests; no Lambda imports this). */
export const ENV_SCHEMAS = {
  base: baseEnv,
  sms: smsEnv,
  tencentSms: tencentSmsEnv,
  callbackToken: callbackTokenEnv,
  scheduler: schedulerEnv,
  directory: directoryEnv,
  jobs: jobsEnv,
};

/** Business settings (lib/config.ts) by the variable that carries each; CDK sets every one (infra/). */
export const CONFIG_ENV: Record<string, keyof Config> = {
  MONTHLY_CAP: 'monthlyCap',
  DEADLINE_DAYS: 'deadlineDays',
  SMS_FROM_HOUR: 'smsFromHour',
  SMS_UNTIL_HOUR: 'smsUntilHour',
  REMINDER_HOUR: 'reminderHour',
  LATE_REMINDER_DAYS: 'lateReminderDays',
  RETRY_DAYS: 'retryDays',
  FIRST_INVITATION_DAYS: 'firstInvitationDays',
  LIFE_POLICY_KINDS: 'lifePolicyKinds',
  CARD_POLICY_KINDS: 'cardPolicyKinds',
  REPLY_WINDOW_DAYS: 'replyWindowDays',
  SMS_MAX_ATTEMPTS: 'smsMaxAttempts',
  SMS_RETRY_BASE_SECONDS: 'smsRetryBaseSeconds',
  NEVER_CONTACTED_DAYS: 'neverContactedDays',
  ASYNC_DEPARTURE_THRESHOLD: 'asyncDepartureThreshold',
  COMPANY_NAME: 'companyName',
  AGENT_APP: 'agentApp',
  SERVICE_LINE: 'serviceLine',
  ABILITY_PREMIUM_THRESHOLD: 'abilityPremiumThreshold',
  WILLINGNESS_WINDOW_DAYS: 'willingnessWindowDays',
  WILLINGNESS_HIGH_SCORE: 'willingnessHighScore',
  WILLINGNESS_WEIGHTS: 'willingnessWeights',
  CARE_CADENCE: 'careCadence',
  CARE_WEEKLY_CAP: 'careWeeklyCap',
  CARE_MONTHLY_FLOOR: 'careMonthlyFloor',
  CARE_HOUR: 'careHour',
};

/** How the dashboard page signs in: Cognito's hosted sign-in when its domain and app client are set, else the local form. */
export function dashboardSignInFromEnv(env: NodeJS.ProcessEnv = process.env): SignIn {
  const domain = env.DASHBOARD_SIGN_IN_DOMAIN;
  const clientId = env.DASHBOARD_CLIENT_ID;
  return domain && clientId ? { mode: 'cognito', domain, clientId } : { mode: 'local' };
}

/** The business settings a deployment set, with the defaults of lib/config.ts for the rest. */
export function configFromEnv(env: NodeJS.ProcessEnv): Config {
  const settings = Object.fromEntries(Object.entries(CONFIG_ENV).flatMap(([name, key]) => (env[name] !== undefined ? [[key, env[name]]] : [])));
  return Config.parse(settings);
}

/** The adapters a composition root builds beyond the table, clock, settings and logger. */
export interface AdapterFactories {
  readonly sms?: (env: NodeJS.ProcessEnv, config: Config) => SmsGateway;
  readonly scheduler?: (env: NodeJS.ProcessEnv) => Scheduler;
  readonly directory?: (env: NodeJS.ProcessEnv) => StaffDirectory;
  readonly jobs?: (env: NodeJS.ProcessEnv) => JobQueue;
  /** The Store parts beyond the core its use cases call (lib/adapters/dynamodb/store.ts StoreParts). */
  readonly storeParts?: StoreParts;
}

/** An adapter this Lambda was built without: calling it is a bug in the composition root, said plainly. */
function missing(serviceName: string, port: string): never {
  throw new Error(`${serviceName} was built without a ${port} (functions/lambda/*: pass it to depsFromEnv, and infra/ grants what its bundle calls)`);
}

/**
 * Builds the dependencies of a deployed Lambda from its environment.
 *
 * @example
 * export const handler = createOutboxHandler(depsFromEnv(process.env, 'foster-outbox', { sms: smsFromEnv }));
 */
export function depsFromEnv(env: NodeJS.ProcessEnv = process.env, serviceName = 'foster', adapters: AdapterFactories = {}): Deps {
  const e = baseEnv().parse(env);
  const config = configFromEnv(env);
  return {
    store: createDynamoStore({ client: createDocumentClient(), tableName: e.TABLE_NAME, ...(adapters.storeParts ? { parts: adapters.storeParts } : {}) }),
    sms: adapters.sms ? adapters.sms(env, config) : { send: async () => missing(serviceName, 'SMS gateway') },
    scheduler: adapters.scheduler ? adapters.scheduler(env) : { scheduleOnce: async () => missing(serviceName, 'scheduler') },
    directory: adapters.directory
      ? adapters.directory(env)
      : { apply: async () => missing(serviceName, 'staff directory'), disable: async () => missing(serviceName, 'staff directory') },
    jobs: adapters.jobs ? adapters.jobs(env) : { enqueue: async () => missing(serviceName, 'job queue') },
    clock: systemClock,
    config,
    logger: createLogger({ serviceName, logLevel: e.LOG_LEVEL }),
  };
}

/** The logger alone, for a Lambda that needs nothing else (the public routes): in ./log-env.ts, so that Lambda bundles no table client. */
export { loggerFromEnv } from './log-env.js';

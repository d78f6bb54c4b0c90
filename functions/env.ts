import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { z } from 'zod';
import { createDocumentClient } from '../lib/adapters/dynamodb/client.js';
import { createDynamoStore } from '../lib/adapters/dynamodb/store.js';
import { createLogger } from '../lib/adapters/logger.js';
import { createEventBridgeScheduler } from '../lib/adapters/scheduler/eventbridge-scheduler.js';
import { createSecretReader, type SecretReader } from '../lib/adapters/secrets.js';
import { createSnsClient } from '../lib/adapters/sns/client.js';
import { createSnsSmsGateway } from '../lib/adapters/sns/sms-gateway.js';
import { createTencentSmsGateway, type TencentCredentials } from '../lib/adapters/tencent/sms-gateway.js';
import { SmsTemplate } from '../lib/domain/sms.js';
import type { SmsGateway } from '../lib/ports/sms-gateway.js';
import { Config } from '../lib/config.js';
import { systemClock } from '../lib/ports/clock.js';
import type { Deps } from '../lib/ports/deps.js';

// The one place a Lambda reads its environment: names of the table, schedule group and target,
// and the business settings. Every Lambda's composition root (functions/lambda/*) calls this once
// at cold start, so the SDK clients are made once per container and reused.

const Env = z.object({
  TABLE_NAME: z.string().min(1),
  SCHEDULE_GROUP: z.string().min(1),
  SCHEDULED_TARGET_ARN: z.string().min(1),
  SCHEDULER_ROLE_ARN: z.string().min(1),
  SCHEDULER_DLQ_ARN: z.string().min(1),
  SMS_SENDER_ID: z.string().optional(),
  SMS_ORIGINATION_NUMBER: z.string().optional(),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  /** `sms.provider` of the deployment; only the outbox function sends. */
  SMS_PROVIDER: z.enum(['sns', 'tencent']).default('sns'),
  TENCENT_SMS_APP_ID: z.string().optional(),
  TENCENT_SMS_SIGN_NAME: z.string().optional(),
  /** JSON: foster template key -> Tencent template id. */
  TENCENT_SMS_TEMPLATES: z.string().optional(),
  TENCENT_SMS_REGION: z.string().optional(),
  /** Secrets Manager secret (name or ARN) holding {"secretId", "secretKey"}. */
  TENCENT_CREDENTIALS_SECRET: z.string().optional(),
  /** Secrets Manager secret (name or ARN) holding the provider callback token. */
  CALLBACK_TOKEN_SECRET: z.string().optional(),
});
type Env = z.infer<typeof Env>;

const TencentTemplates = z.record(SmsTemplate, z.string().min(1));

/** The SMS gateway of the deployment's provider; Tencent credentials come from Secrets Manager (cached), never from the environment. */
function smsGatewayFromEnv(e: Env, config: Config, secrets: () => SecretReader): SmsGateway {
  if (e.SMS_PROVIDER === 'sns') {
    return createSnsSmsGateway({ client: createSnsClient(), senderId: e.SMS_SENDER_ID, originationNumber: e.SMS_ORIGINATION_NUMBER, texts: config });
  }
  const missing = (['TENCENT_SMS_APP_ID', 'TENCENT_SMS_SIGN_NAME', 'TENCENT_SMS_TEMPLATES', 'TENCENT_CREDENTIALS_SECRET'] as const).filter((k) => !e[k]);
  if (missing.length) throw new Error(`SMS_PROVIDER=tencent needs ${missing.join(', ')}`);
  const secretName = e.TENCENT_CREDENTIALS_SECRET!;
  return createTencentSmsGateway({
    sdkAppId: e.TENCENT_SMS_APP_ID!,
    signName: e.TENCENT_SMS_SIGN_NAME!,
    templates: TencentTemplates.parse(JSON.parse(e.TENCENT_SMS_TEMPLATES!)),
    ...(e.TENCENT_SMS_REGION ? { region: e.TENCENT_SMS_REGION } : {}),
    credentials: () => secrets().json<TencentCredentials>(secretName),
  });
}

/** Where the callbacks function reads the provider callback token: Secrets Manager, cached. */
export function callbackTokenFromEnv(env: NodeJS.ProcessEnv = process.env): () => Promise<string | undefined> {
  const name = Env.parse(env).CALLBACK_TOKEN_SECRET;
  let secrets: SecretReader | undefined;
  return async () => (name ? (secrets ??= createSecretReader()).text(name) : undefined);
}

const CONFIG_ENV: Record<string, keyof Config> = {
  MONTHLY_CAP: 'monthlyCap',
  DEADLINE_DAYS: 'deadlineDays',
  SMS_FROM_HOUR: 'smsFromHour',
  SMS_UNTIL_HOUR: 'smsUntilHour',
  REMINDER_HOUR: 'reminderHour',
  LATE_REMINDER_DAYS: 'lateReminderDays',
  RETRY_DAYS: 'retryDays',
  REPLY_WINDOW_DAYS: 'replyWindowDays',
  SMS_MAX_ATTEMPTS: 'smsMaxAttempts',
  SMS_RETRY_BASE_SECONDS: 'smsRetryBaseSeconds',
  COMPANY_NAME: 'companyName',
  AGENT_APP: 'agentApp',
  SERVICE_LINE: 'serviceLine',
};

/** Builds the dependencies of a deployed Lambda from its environment. */
export function depsFromEnv(env: NodeJS.ProcessEnv = process.env, serviceName = 'foster'): Deps {
  const e = Env.parse(env);
  const settings = Object.fromEntries(Object.entries(CONFIG_ENV).flatMap(([name, key]) => (env[name] !== undefined ? [[key, env[name]]] : [])));
  const config = Config.parse(settings);
  let secrets: SecretReader | undefined;
  return {
    store: createDynamoStore({ client: createDocumentClient(), tableName: e.TABLE_NAME }),
    sms: smsGatewayFromEnv(e, config, () => (secrets ??= createSecretReader())),
    scheduler: createEventBridgeScheduler({
      client: new SchedulerClient({}),
      groupName: e.SCHEDULE_GROUP,
      targetArn: e.SCHEDULED_TARGET_ARN,
      roleArn: e.SCHEDULER_ROLE_ARN,
      deadLetterArn: e.SCHEDULER_DLQ_ARN,
    }),
    clock: systemClock,
    config,
    logger: createLogger({ serviceName, logLevel: e.LOG_LEVEL }),
  };
}

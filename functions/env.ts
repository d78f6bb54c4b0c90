import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SNSClient } from '@aws-sdk/client-sns';
import { z } from 'zod';
import { createDocumentClient } from '../lib/adapters/dynamodb/client.js';
import { createDynamoStore } from '../lib/adapters/dynamodb/store.js';
import { createLogger } from '../lib/adapters/logger.js';
import { createEventBridgeScheduler } from '../lib/adapters/scheduler/eventbridge-scheduler.js';
import { createSnsSmsGateway } from '../lib/adapters/sns/sms-gateway.js';
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
});

const CONFIG_ENV: Record<string, keyof Config> = {
  MONTHLY_CAP: 'monthlyCap',
  DEADLINE_DAYS: 'deadlineDays',
  SMS_FROM_HOUR: 'smsFromHour',
  SMS_UNTIL_HOUR: 'smsUntilHour',
  REMINDER_HOUR: 'reminderHour',
  LATE_REMINDER_DAYS: 'lateReminderDays',
  RETRY_DAYS: 'retryDays',
  REPLY_WINDOW_DAYS: 'replyWindowDays',
  COMPANY_NAME: 'companyName',
  AGENT_APP: 'agentApp',
  SERVICE_LINE: 'serviceLine',
};

/** Builds the dependencies of a deployed Lambda from its environment. */
export function depsFromEnv(env: NodeJS.ProcessEnv = process.env, serviceName = 'foster'): Deps {
  const e = Env.parse(env);
  const settings = Object.fromEntries(Object.entries(CONFIG_ENV).flatMap(([name, key]) => (env[name] !== undefined ? [[key, env[name]]] : [])));
  const config = Config.parse(settings);
  return {
    store: createDynamoStore({ client: createDocumentClient(), tableName: e.TABLE_NAME }),
    sms: createSnsSmsGateway({ client: new SNSClient({}), senderId: e.SMS_SENDER_ID, originationNumber: e.SMS_ORIGINATION_NUMBER, texts: config }),
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

/** The logger alone, for a Lambda that needs nothing else (the public routes). */
export function loggerFromEnv(env: NodeJS.ProcessEnv = process.env, serviceName = 'foster') {
  const { LOG_LEVEL } = Env.pick({ LOG_LEVEL: true }).parse(env);
  return createLogger({ serviceName, logLevel: LOG_LEVEL });
}

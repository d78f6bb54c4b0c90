import { Annotations, ArnFormat, CfnOutput, CustomResource, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, Policy, PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { BundlingOptions, NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import * as z from '../lib/domain/zod.js';
import { isReadOnlyGroup } from '../functions/http/access.js';
import { CONFIG_ENV } from '../functions/env.js';
import { ROUTES, type HandlerGroup } from '../functions/http/routes.js';
import { ENTITY } from '../lib/adapters/dynamodb/model.js';
import { DYNAMODB_READ_OPERATIONS } from '../lib/adapters/dynamodb/read-only.js';
import { Config } from '../lib/config.js';
import { METRICS_NAMESPACE } from '../lib/domain/metrics.js';
import { CLAIM_STALE_SECONDS } from '../lib/domain/outbox.js';
import { SmsTemplate } from '../lib/domain/sms.js';
import { SCHEMA_VERSION } from '../lib/migrations/runner.js';
import type { ScheduledEvent } from '../lib/ports/scheduler.js';
import { functionSettings, outboxBundling, type LogLevel, type SharedFunctionSettings } from './function-settings.js';
import { addFosterFunction } from './lambda.js';
import { DashboardSignIn, dashboardBundling } from './dashboard-sign-in.js';
import { allowWildcard } from './nag.js';
import { Operations, type OnCall } from './operations.js';
import { bundleOf, iamActionsOf, sdkImportsOf } from './permissions.js';
import { createDeadLetterQueue, QueueDestination, QueueDlq } from './queues.js';

// Everything that can be replaced without losing data: the Lambdas, the HTTP API, the recurring
// schedules, the dead-letter queues, the alarms and the dashboard. Each function may call exactly
// the AWS operations its bundle contains (infra/permissions.ts) on foster's own resources, and
// every function gets every setting it reads from one place (`config`).

export interface ApiThrottle {
  /** Steady-state requests per second. */
  readonly rateLimit: number;
  /** Burst capacity. */
  readonly burstLimit: number;
}

/** EventBridge Scheduler's group, role and dead-letter queue (they live in the stateful stack). */
export interface SchedulingResources {
  readonly groupName: string;
  readonly role: IRole;
  readonly deadLetterQueue: IQueue;
}

export interface StatelessStackProps extends StackProps {
  /** The single table, with a stream (NEW_IMAGE) and its encryption key. */
  readonly table: ITable;
  /** The stateful stack's key: the dead-letter queues (phone numbers, message bodies) are encrypted with it. */
  readonly dataKey: IKey;
  /** The topic End User Messaging two-way SMS publishes inbound messages to. */
  readonly inboundSmsTopic: ITopic;
  /** Where alarms notify operators. */
  readonly alarmTopic: ITopic;
  /** The staff user pool whose tokens the HTTP API accepts (and the admin function keeps in line with staff uploads). */
  readonly userPool: IUserPool;
  /** The app client the tokens are issued to (the JWT audience). */
  readonly userPoolClient: IUserPoolClient;
  readonly scheduling: SchedulingResources;
  /**
   * Name of the scheduled-events function. Fixed so its ARN (SCHEDULED_TARGET_ARN) can be built
   * without referring to the function itself, which would be a circular dependency.
   *
   * @default `${stackName}-scheduled`
   */
  readonly scheduledFunctionName?: string;
  /** @default 'INFO' */
  readonly logLevel?: LogLevel;
  /** Retention of every function's and the API's log group. @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** Alphanumeric SMS sender id (1-11 characters, at least one letter) where supported. @default none */
  readonly smsSenderId?: string;
  /** Origination number (E.164) texts go out from; foster.ts passes the stateful stack's number. @default none */
  readonly smsOriginationNumber?: string;
  /**
   * Business settings (lib/config.ts): the one place a deployment sets them. Every function gets
   * every one (functions/env.ts CONFIG_ENV), checked by the schema the functions parse them with.
   *
   * @default the defaults of lib/config.ts
   */
  readonly config?: Partial<z.input<typeof Config>>;
  /** Default throttling of every route. @default { rateLimit: 50, burstLimit: 100 } */
  readonly apiThrottle?: ApiThrottle;
  /** Retries of a failed outbox stream batch before its metadata goes to the DLQ. @default 2 */
  readonly streamRetryAttempts?: number;
  /** Prefix of the Cognito hosted sign-in domain the dashboard uses. @default `<stack name>-<account id>` in lower case */
  readonly dashboardDomainPrefix?: string;
  /** The API's custom domain name, if it has one: the dashboard's callback URL uses it. @default the execute-api URL */
  readonly apiDomainName?: string;
  /** Who the alarms reach. @default nobody (synth warns) */
  readonly onCall?: OnCall;
  /**
   * The account's monthly SNS SMS spend limit in USD, set at deploy time (a deploy fails if it is
   * above the account's quota: ask AWS Support to raise that first) and alarmed on at 80%.
   *
   * @default 1 (what a new account allows)
   */
  readonly smsSpendLimitUsd?: number;
  /**
   * Set the account's SNS SMS settings foster relies on (transactional texts, the spend limit) at
   * deploy time. Off for a deployment that texts through Tencent Cloud.
   *
   * @default true when `sms.provider` is 'sns'
   */
  readonly snsSmsSettings?: boolean;
  /** Which provider sends the texts (`sms` in the deployment settings, one per deployment) and its settings. @default { provider: 'sns' } */
  readonly sms?: SmsProviderSettings;
  /** The secret holding the `?token=` of the SMS provider callback routes (the stateful stack's). */
  readonly callbackTokenSecret: ISecret;
}

/** Tencent Cloud SMS: the application, the approved signature and the approved template of each foster template. */
export interface TencentSmsSettings {
  /** SmsSdkAppId, e.g. '1400006666'. */
  readonly sdkAppId: string;
  /** The approved signature's text (SignName). */
  readonly signName: string;
  /** Tencent template id of every foster template key (lib/domain/sms.ts SMS_TEMPLATES). */
  readonly templates: Readonly<Record<SmsTemplate, string>>;
  /** Secrets Manager secret (name, AWS managed key) holding {"secretId","secretKey"} of a CAM key allowed sms:SendSms. */
  readonly credentialsSecretName: string;
  /** @default 'ap-guangzhou' */
  readonly region?: string;
}

/** `sms` in the deployment settings: `{ "provider": "sns" }` or `{ "provider": "tencent", "tencent": {...} }`. */
export interface SmsProviderSettings {
  readonly provider: 'sns' | 'tencent';
  /** Required when `provider` is 'tencent'. */
  readonly tencent?: TencentSmsSettings;
}

/** Props with every default applied and every combination checked. */
interface ResolvedStatelessProps {
  readonly scheduledFunctionName: string;
  readonly logLevel: LogLevel;
  readonly logRetention: RetentionDays | undefined;
  readonly smsSenderId: string | undefined;
  readonly smsOriginationNumber: string | undefined;
  readonly config: Config;
  readonly apiThrottle: ApiThrottle;
  readonly streamRetryAttempts: number;
  readonly onCall: OnCall;
  readonly smsSpendLimitUsd: number;
  readonly snsSmsSettings: boolean;
  readonly sms: SmsProviderSettings;
}

const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Timeouts, each covering its function's worst case. API Gateway waits at most 29 s for an
 * integration (`apiIntegration`), so the API functions get 28 s and answer before it gives up (a
 * 10,000-orphan departure takes about 8 s on the 2-core development machine against DynamoDB
 * Local); the outbox stays well below the claim staleness of the drain (CLAIM_STALE_SECONDS, checked
 * at synth), so a send still running is never taken over and sent twice.
 */
export const TIMEOUTS = {
  apiIntegration: Duration.seconds(29),
  api: Duration.seconds(28),
  inboundSms: Duration.seconds(30),
  scheduled: Duration.minutes(5),
  outbox: Duration.minutes(2),
  migrate: Duration.minutes(15),
  /** A background departure: 100,000 orphans at the ~1,300/s measured locally, with room. */
  departureJob: Duration.minutes(15),
} as const;

function resolveProps(stackName: string, props: StatelessStackProps): ResolvedStatelessProps {
  const fail = (message: string): never => {
    throw new Error(`StatelessStack: ${message}`);
  };
  const scheduledFunctionName = props.scheduledFunctionName ?? `${stackName}-scheduled`;
  if (!FUNCTION_NAME.test(scheduledFunctionName)) {
    fail(`scheduledFunctionName must match ${FUNCTION_NAME} (got "${scheduledFunctionName}"); pass a shorter one when the stack name is long`);
  }
  if (props.smsSenderId !== undefined && !SENDER_ID.test(props.smsSenderId)) {
    fail(`smsSenderId must be 1-11 letters or digits with at least one letter (got "${props.smsSenderId}")`);
  }
  if (props.smsOriginationNumber !== undefined && props.smsOriginationNumber.trim() === '') fail('smsOriginationNumber must not be empty');
  // The business settings are checked by the same schema the functions parse them with (lib/config.ts).
  // Strict: a misspelt setting is an error, not a default silently kept.
  const parsed = z.strictObject(Config.shape).safeParse(props.config ?? {});
  if (!parsed.success) {
    fail(`invalid business settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const config = parsed.data as Config;
  if (config.smsFromHour >= config.smsUntilHour) {
    fail(`smsFromHour (${config.smsFromHour}) must be before smsUntilHour (${config.smsUntilHour}), or no SMS could ever be sent`);
  }
  const apiThrottle = props.apiThrottle ?? { rateLimit: 50, burstLimit: 100 };
  if (!(apiThrottle.rateLimit > 0 && apiThrottle.burstLimit > 0)) fail('apiThrottle limits must be positive');
  const streamRetryAttempts = props.streamRetryAttempts ?? 2;
  if (!Number.isInteger(streamRetryAttempts) || streamRetryAttempts < 0 || streamRetryAttempts > 10_000) {
    fail(`streamRetryAttempts must be an integer from 0 to 10000 (got ${streamRetryAttempts})`);
  }
  if (!props.table.tableStreamArn) fail('the table needs a stream (NEW_IMAGE): the outbox function is triggered by it');
  const onCall = props.onCall ?? {};
  for (const email of onCall.emails ?? []) if (!EMAIL.test(email)) fail(`onCall.emails: "${email}" is not an e-mail address`);
  if (onCall.httpsEndpoint !== undefined && !/^https:\/\/\S+$/.test(onCall.httpsEndpoint)) fail('onCall.httpsEndpoint must be an https:// URL');
  if (TIMEOUTS.outbox.toSeconds() >= CLAIM_STALE_SECONDS) fail(`the outbox timeout must stay below the claim staleness (${CLAIM_STALE_SECONDS} s)`);
  const sms = props.sms ?? { provider: 'sns' };
  if (sms.provider !== 'sns' && sms.provider !== 'tencent') fail(`sms.provider must be sns or tencent (got "${String(sms.provider)}")`);
  if (sms.provider === 'tencent') {
    const t = sms.tencent;
    if (!t?.sdkAppId || !t.signName || !t.credentialsSecretName) fail('sms.provider tencent needs sms.tencent.sdkAppId, signName and credentialsSecretName');
    const unmapped = SmsTemplate.options.filter((key) => !t?.templates?.[key]);
    if (unmapped.length) fail(`sms.tencent.templates has no Tencent template id for ${unmapped.join(', ')}`);
  }
  const smsSpendLimitUsd = props.smsSpendLimitUsd ?? 1;
  if (!Number.isInteger(smsSpendLimitUsd) || smsSpendLimitUsd < 1) fail(`smsSpendLimitUsd must be a whole number of USD, 1 or more (got ${smsSpendLimitUsd})`);
  return {
    scheduledFunctionName,
    logLevel: props.logLevel ?? 'INFO',
    logRetention: props.logRetention,
    smsSenderId: props.smsSenderId,
    smsOriginationNumber: props.smsOriginationNumber,
    config,
    apiThrottle,
    streamRetryAttempts,
    onCall,
    smsSpendLimitUsd,
    snsSmsSettings: props.snsSmsSettings ?? sms.provider === 'sns',
    sms,
  };
}

/** Every business setting as the variable functions/env.ts reads it: lists comma-separated, objects (weights, cadences) as JSON. */
export function configEnvironment(config: Config): Record<string, string> {
  const text = (value: Config[keyof Config]) => (Array.isArray(value) ? value.join(',') : typeof value === 'object' ? JSON.stringify(value) : String(value));
  return Object.fromEntries(Object.entries(CONFIG_ENV).map(([name, key]) => [name, text(config[key])]));
}

/** The recurring schedules' payloads, typed against what the handlers accept. */
const SWEEP_EVENT: ScheduledEvent = { type: 'sweep' };
const DRAIN_OUTBOX_EVENT: ScheduledEvent = { type: 'drainOutbox' };
/** EventBridge Scheduler puts the run's scheduled time (ISO, UTC) in place of the context attribute. */
const DAILY_REMINDERS_EVENT: ScheduledEvent = { type: 'dailyReminders', scheduledTime: '<aws.scheduler.scheduled-time>' };

/** What a function is, beyond what its bundle calls. */
interface FunctionSpec {
  /** File name under functions/lambda, without extension. */
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  /** Table access limited to reads, whatever the bundle holds (a group serving only GET routes). @default false */
  readonly readOnly?: boolean;
  /** May Scan the table (the migrate function only: no Scan on a request path). @default false */
  readonly scan?: boolean;
  readonly functionName?: string;
  readonly environment?: Readonly<Record<string, string>>;
  /** Bundling beyond the shared settings (e.g. files copied into the bundle). */
  readonly bundling?: Partial<BundlingOptions>;
  /** The functions it may invoke, if its bundle invokes any (the admin function starts departure jobs). */
  readonly invokes?: readonly NodejsFunction[];
  /** Secrets Manager secrets (ARNs) the function reads: its GetSecretValue calls are granted on these only. @default none */
  readonly secrets?: readonly string[];
}

export type FunctionName = HandlerGroup | 'inboundSms' | 'scheduled' | 'outbox' | 'migrate' | 'departureJob';

/** The functions, API, schedules, queues and alarms of foster. */
export class StatelessStack extends Stack {
  public readonly api: HttpApi;
  public readonly apiStage: HttpStage;
  /** The Lambdas by name: the HTTP groups, inbound SMS, scheduled events, the outbox, the migrate function and background departures. */
  public readonly functions: Readonly<Record<FunctionName, NodejsFunction>>;
  /** The AWS actions each function's bundle calls, as granted (empty when this synth skipped bundling). */
  public readonly calls: Partial<Record<FunctionName, readonly string[]>> = {};
  /** Dead-letter queues by purpose; each has an alarm. */
  public readonly deadLetterQueues: Readonly<
    Record<'inboundSmsDelivery' | 'inboundSmsFailures' | 'scheduledFailures' | 'outboxFailures' | 'outboxStream' | 'departureJobFailures', Queue>
  >;
  /** The migration run once per schema version. */
  public readonly migration: CustomResource;
  public readonly operations: Operations;

  private readonly shared: SharedFunctionSettings;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const settings = resolveProps(this.stackName, props);
    const { scheduling } = props;

    // --- Functions -----------------------------------------------------------------------------
    const scheduledTargetArn = this.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: settings.scheduledFunctionName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.shared = functionSettings({
      logLevel: settings.logLevel,
      ...(settings.logRetention === undefined ? {} : { logRetention: settings.logRetention }),
      environment: {
        TABLE_NAME: props.table.tableName,
        SCHEDULE_GROUP: scheduling.groupName,
        SCHEDULED_TARGET_ARN: scheduledTargetArn,
        SCHEDULER_ROLE_ARN: scheduling.role.roleArn,
        SCHEDULER_DLQ_ARN: scheduling.deadLetterQueue.queueArn,
        USER_POOL_ID: props.userPool.userPoolId,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        ...configEnvironment(settings.config),
      },
    });

    const make = (name: FunctionName, id: string, spec: FunctionSpec): NodejsFunction => {
      const fn = addFosterFunction(this, id, this.shared, spec);
      this.calls[name] = this.grantCalls(fn, name, spec, props);
      return fn;
    };
    const api = (group: HandlerGroup, id: string, description: string, extra: Partial<FunctionSpec> = {}) =>
      make(group, id, { entry: `api-${group}`, description, timeout: TIMEOUTS.api, readOnly: isReadOnlyGroup(group), ...extra });

    // Departures of asyncDepartureThreshold orphans or more: the admin function invokes this one
    // asynchronously (InvocationType Event) and answers 202; Lambda retries, then parks the event.
    const departureJob = make('departureJob', 'DepartureJobFunction', {
      entry: 'departure-job',
      description: 'foster: background departures (invoked asynchronously by the admin function)',
      timeout: TIMEOUTS.departureJob,
    });
    const admin = api('admin', 'AdminFunction', 'foster HTTP API: admin routes', {
      environment: { DEPARTURE_JOB_FUNCTION: departureJob.functionName },
      invokes: [departureJob],
    });
    const assignments = api('assignments', 'AssignmentsFunction', 'foster HTTP API: assignment routes');
    const customers = api('customers', 'CustomersFunction', 'foster HTTP API: customer reads');
    const visits = api('visits', 'VisitsFunction', 'foster HTTP API: visit routes');
    const team = api('team', 'TeamFunction', 'foster HTTP API: team metrics, alerts, dashboard page, assignment export', { bundling: dashboardBundling() });
    const callbacks = api(
      'callbacks',
      'CallbacksFunction',
      'foster HTTP API: SMS provider callbacks (replies, delivery receipts), guarded by the callback token',
      {
        environment: { CALLBACK_TOKEN_SECRET: props.callbackTokenSecret.secretArn },
        secrets: [props.callbackTokenSecret.secretArn],
      },
    );
    const file = api('file', 'FileFunction', 'foster HTTP API: customer-file writes (assessments, experiences, referrals)');
    // The public routes (the OpenAPI document) read nothing: their bundle calls no AWS API, so the function gets no grant.
    const publicRoutes = api('public', 'PublicFunction', 'foster HTTP API: public routes (the OpenAPI document)');
    const inboundSms = make('inboundSms', 'InboundSmsFunction', {
      entry: 'inbound-sms',
      description: 'foster: customer SMS replies from End User Messaging (via SNS)',
      timeout: TIMEOUTS.inboundSms,
    });
    const scheduled = make('scheduled', 'ScheduledFunction', {
      entry: 'scheduled',
      description: 'foster: EventBridge Scheduler events (deadlines, daily reminders, sweep)',
      functionName: settings.scheduledFunctionName,
      timeout: TIMEOUTS.scheduled,
    });
    const tencent = settings.sms.provider === 'tencent' ? settings.sms.tencent! : undefined;
    const outbox = make('outbox', 'OutboxFunction', {
      entry: 'outbox',
      description: 'foster: sends queued SMS (table stream and the recurring drain)',
      // Below the claim's staleness: a claim only goes stale once the drain holding it is gone.
      timeout: TIMEOUTS.outbox,
      environment: {
        SMS_PROVIDER: settings.sms.provider,
        ...(settings.smsSenderId ? { SMS_SENDER_ID: settings.smsSenderId } : {}),
        ...(settings.smsOriginationNumber ? { SMS_ORIGINATION_NUMBER: settings.smsOriginationNumber } : {}),
        ...(tencent
          ? {
              TENCENT_SMS_APP_ID: tencent.sdkAppId,
              TENCENT_SMS_SIGN_NAME: tencent.signName,
              TENCENT_SMS_TEMPLATES: JSON.stringify(tencent.templates),
              TENCENT_SMS_REGION: tencent.region ?? 'ap-guangzhou',
              TENCENT_CREDENTIALS_SECRET: tencent.credentialsSecretName,
            }
          : {}),
      },
      // The provider is fixed at build time (functions/lambda/outbox.ts), so the bundle holds one
      // provider's code and the function is granted only what that provider calls.
      bundling: outboxBundling(settings.sms.provider),
      // A secret named (not ARN-referenced) in the settings: its ARN ends in six random characters.
      secrets: tencent
        ? [
            this.formatArn({
              service: 'secretsmanager',
              resource: 'secret',
              resourceName: `${tencent.credentialsSecretName}-??????`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ]
        : [],
    });
    const migrate = make('migrate', 'MigrateFunction', {
      entry: 'migrate',
      description: 'foster: brings the table to the schema version of this code (a custom resource, once per version)',
      timeout: TIMEOUTS.migrate,
      scan: true,
    });
    this.functions = {
      admin,
      assignments,
      customers,
      visits,
      team,
      callbacks,
      file,
      public: publicRoutes,
      inboundSms,
      scheduled,
      outbox,
      migrate,
      departureJob,
    };

    // --- Migration: once per schema version, before the functions that need the new shape -------
    this.migration = new CustomResource(this, 'Migration', {
      serviceToken: migrate.functionArn,
      resourceType: 'Custom::FosterMigration',
      properties: { SchemaVersion: String(SCHEMA_VERSION) },
      serviceTimeout: TIMEOUTS.migrate.plus(Duration.minutes(1)),
    });
    for (const fn of Object.values(this.functions)) if (fn !== migrate) fn.node.addDependency(this.migration);

    // --- EventBridge Scheduler: what its role may invoke, and the recurring schedules ----------
    new Policy(this, 'SchedulerInvokePolicy', {
      roles: [scheduling.role],
      statements: [
        new PolicyStatement({ sid: 'InvokeScheduledTargets', actions: ['lambda:InvokeFunction'], resources: [scheduled.functionArn, outbox.functionArn] }),
      ],
    });
    const recurring = (
      id: string,
      description: string,
      every: string,
      target: NodejsFunction,
      event: ScheduledEvent,
      retry: { attempts: number; maxAgeSeconds: number },
    ) =>
      // No name: CloudFormation generates one, so a redeployed stack never meets "already exists".
      new CfnSchedule(this, id, {
        groupName: scheduling.groupName,
        description,
        scheduleExpression: `rate(${every})`,
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: target.functionArn,
          roleArn: scheduling.role.roleArn,
          input: JSON.stringify(event),
          retryPolicy: { maximumRetryAttempts: retry.attempts, maximumEventAgeInSeconds: retry.maxAgeSeconds },
          deadLetterConfig: { arn: scheduling.deadLetterQueue.queueArn },
        },
      });
    const sweep = recurring('SweepSchedule', 'Safety net: every hour, redo whatever a one-time schedule missed', '1 hour', scheduled, SWEEP_EVENT, {
      attempts: 3,
      maxAgeSeconds: 3_600,
    });
    const drain = recurring(
      'DrainOutboxSchedule',
      'Every 5 minutes, send queued SMS that are due (deferred by quiet hours or missed by the stream)',
      '5 minutes',
      outbox,
      DRAIN_OUTBOX_EVENT,
      { attempts: 2, maxAgeSeconds: 300 },
    );
    // Every visit reminder of the day (due, late, retry) and yesterday's closed first-invitation
    // windows in one run at the reminder hour, Shanghai time; the payload carries the scheduled time
    // so a retried delivery still works on that day. No schedule per visit.
    const dailyReminders = new CfnSchedule(this, 'DailyRemindersSchedule', {
      groupName: scheduling.groupName,
      description: "Every day at the reminder hour (Asia/Shanghai): text agents about the day's due, late and retry visits",
      scheduleExpression: `cron(0 ${settings.config.reminderHour} * * ? *)`,
      scheduleExpressionTimezone: 'Asia/Shanghai',
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: scheduled.functionArn,
        roleArn: scheduling.role.roleArn,
        input: JSON.stringify(DAILY_REMINDERS_EVENT),
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3_600 },
        deadLetterConfig: { arn: scheduling.deadLetterQueue.queueArn },
      },
    });
    for (const schedule of [sweep, drain, dailyReminders]) schedule.node.addDependency(this.node.findChild('SchedulerInvokePolicy'));

    // --- Async invocations: retries, then an on-failure queue ------------------------------------
    const dlq = (id: string, purpose: string) => ({ queue: createDeadLetterQueue(this, id, { key: props.dataKey, purpose }), purpose });
    const inboundSmsFailures = dlq(
      'InboundSmsFailureDlq',
      'inbound SMS notifications the inbound-sms function failed on after its retries (async on-failure destination)',
    );
    const scheduledFailures = dlq('ScheduledFailureDlq', 'scheduled events the scheduled function failed on after its retries (async on-failure destination)');
    const outboxFailures = dlq('OutboxFailureDlq', 'outbox drains the outbox function failed on after its retries (async on-failure destination)');
    inboundSms.configureAsyncInvoke({ retryAttempts: 2, onFailure: new QueueDestination(inboundSmsFailures.queue, props.dataKey) });
    scheduled.configureAsyncInvoke({ retryAttempts: 2, onFailure: new QueueDestination(scheduledFailures.queue, props.dataKey) });
    outbox.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(5), onFailure: new QueueDestination(outboxFailures.queue, props.dataKey) });
    const departureJobFailures = dlq(
      'DepartureJobFailureDlq',
      'departure jobs the departure-job function failed on after its retries (async on-failure destination); repeat the departure to resume',
    );
    departureJob.configureAsyncInvoke({ retryAttempts: 2, onFailure: new QueueDestination(departureJobFailures.queue, props.dataKey) });

    // --- Inbound SMS: SNS -> Lambda, with a DLQ on the subscription -------------------------------
    const inboundSmsDelivery = dlq(
      'InboundSmsDeliveryDlq',
      'inbound SMS notifications SNS could not deliver to the inbound-sms function (subscription redrive policy)',
    );
    props.inboundSmsTopic.addSubscription(new LambdaSubscription(inboundSms, { deadLetterQueue: inboundSmsDelivery.queue }));

    // --- Outbox: new SMS items on the table stream -----------------------------------------------
    const outboxStream = dlq('OutboxStreamDlq', 'outbox stream batches that still failed after bisecting and retrying (event source on-failure destination)');
    outbox.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 10,
        bisectBatchOnError: true,
        retryAttempts: settings.streamRetryAttempts,
        // A record that keeps failing is still queued in the outbox index; the drain picks it up.
        maxRecordAge: Duration.hours(1),
        // The handler sends the batch as a whole (functions/outbox.ts); a failure retries it, bisected.
        reportBatchItemFailures: false,
        onFailure: new QueueDlq(outboxStream.queue, props.dataKey),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: FilterRule.isEqual(ENTITY.sms) } } },
          }),
        ],
      }),
    );
    allowWildcard(outbox.role!, 'Resource::*', 'dynamodb:ListStreams, which the table-stream event source needs, has no resource-level permissions');
    this.deadLetterQueues = {
      inboundSmsDelivery: inboundSmsDelivery.queue,
      inboundSmsFailures: inboundSmsFailures.queue,
      scheduledFailures: scheduledFailures.queue,
      outboxFailures: outboxFailures.queue,
      outboxStream: outboxStream.queue,
      departureJobFailures: departureJobFailures.queue,
    };

    // --- HTTP API: JWT (Cognito) on every route, access logs, throttling --------------------------
    const issuer = `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`;
    // ID and access tokens both carry custom:staffId and custom:role (the pool's token trigger);
    // the authorizer checks `aud` of an ID token and `client_id` of an access token against this.
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `${this.stackName}-api`,
      description: 'foster HTTP API v1',
      createDefaultStage: false,
    });
    // The dashboard page's app client calls back to this API, so it is made here, after the API.
    const dashboardSignIn = new DashboardSignIn(this, 'DashboardSignIn', {
      userPool: props.userPool,
      api: this.api,
      ...(props.apiDomainName ? { apiDomainName: props.apiDomainName } : {}),
      ...(props.dashboardDomainPrefix ? { domainPrefix: props.dashboardDomainPrefix } : {}),
    });
    team.addEnvironment('DASHBOARD_CLIENT_ID', dashboardSignIn.client.userPoolClientId);
    team.addEnvironment('DASHBOARD_SIGN_IN_DOMAIN', dashboardSignIn.signInUrl);
    const authorizer = new HttpJwtAuthorizer('StaffJwt', issuer, {
      authorizerName: 'staff-jwt',
      jwtAudience: [props.userPoolClient.userPoolClientId, dashboardSignIn.client.userPoolClientId],
    });
    // Routes whose guard is not `jwt` (public pages, provider callbacks) pass without the authorizer.
    const noAuthorizer = new HttpNoneAuthorizer();
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: this.shared.logRetention });
    this.apiStage = new HttpStage(this, 'ApiStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: settings.apiThrottle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
            sourceIp: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
          }),
        ),
      },
    });
    const groupFunctions: Record<HandlerGroup, NodejsFunction> = { admin, assignments, customers, visits, team, callbacks, file, public: publicRoutes };
    const integrations = new Map<HandlerGroup, HttpLambdaIntegration>();
    for (const route of ROUTES) {
      const [method, path] = parseRouteKey(route.key);
      let integration = integrations.get(route.group);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.group}Integration`, groupFunctions[route.group], { timeout: TIMEOUTS.apiIntegration });
        integrations.set(route.group, integration);
      }
      const added = this.api.addRoutes({ path, methods: [method], integration, authorizer: route.guard === 'jwt' ? authorizer : noAuthorizer });
      if (route.guard === 'public') {
        for (const r of added) {
          Validations.of(r).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: `foster: ${route.key} is public by design (route table guard 'public'): it serves pages, scripts or documents that hold no data; the page signs in and calls the JWT routes`,
          });
        }
      }
      if (route.guard === 'callbackToken') {
        for (const r of added) {
          Validations.of(r).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: `foster: ${route.key} is called by the SMS provider, which holds no staff token; it is guarded by the secret callback token in the query string (route table guard 'callbackToken'), compared in constant time by the handler (functions/http/http.ts), and answers 401 writing nothing without it`,
          });
        }
      }
    }

    // --- The account's SNS SMS settings foster relies on, set (and so checked) at deploy time -----
    if (settings.snsSmsSettings) this.setSnsSmsSettings(settings.smsSpendLimitUsd);

    // --- Alarms, on-call, dashboard ----------------------------------------------------------------
    if (!settings.onCall.emails?.length && !settings.onCall.httpsEndpoint) {
      Annotations.of(this).addWarningV2(
        'foster:no-on-call',
        'no on-call subscription: alarms go to the alarm topic and reach nobody (StatelessStackProps.onCall, README "Deploying")',
      );
    }
    this.operations = new Operations(this, 'Operations', {
      alarmTopic: props.alarmTopic,
      onCall: settings.onCall,
      functions: this.functions,
      outbox,
      inboundSms,
      api: this.api,
      table: props.table,
      inboundSmsTopic: props.inboundSmsTopic,
      scheduleGroupName: scheduling.groupName,
      deadLetterQueues: {
        scheduler: { queue: scheduling.deadLetterQueue, purpose: 'EventBridge Scheduler could not invoke a target after its retries' },
        inboundSmsDelivery,
        inboundSmsFailures,
        scheduledFailures,
        outboxFailures,
        outboxStream,
        departureJobFailures,
      },
      smsSpendLimitUsd: settings.smsSpendLimitUsd,
      chainLogGroups: [admin, assignments, scheduled].map((fn) => fn.logGroup.logGroupName),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.apiStage.url });
    new CfnOutput(this, 'DashboardUrl', { value: dashboardSignIn.callbackUrl });
    new CfnOutput(this, 'DashboardName', { value: this.operations.dashboard.dashboardName });
    new CfnOutput(this, 'InboundSmsLogGroup', { value: inboundSms.logGroup.logGroupName });
    new CfnOutput(this, 'OutboxLogGroup', { value: outbox.logGroup.logGroupName });
  }

  /**
   * Grants `fn` exactly the AWS actions its bundle calls, each on foster's own resources: the
   * table (reads only for a read-only function), SMS publishing, the schedule group, the user pool,
   * the secrets the function names.
   * An action on any other service fails synth until someone says here what it may act on.
   */
  private grantCalls(fn: NodejsFunction, name: FunctionName, spec: FunctionSpec, props: StatelessStackProps): readonly string[] {
    const bundle = bundleOf(fn);
    if (bundle === undefined) return [];
    const reads = new Set<string>(DYNAMODB_READ_OPERATIONS.map((o) => `dynamodb:${o}`));
    const calls = iamActionsOf(sdkImportsOf(bundle)).filter((a) => !spec.readOnly || !a.startsWith('dynamodb:') || reads.has(a));
    if (calls.includes('dynamodb:Scan') && !spec.scan) {
      throw new Error(`StatelessStack: ${name}'s bundle calls Scan; no Scan on a request path (only the migrate function scans)`);
    }
    const byService = new Map<string, string[]>();
    for (const action of calls) {
      const service = action.split(':')[0]!;
      byService.set(service, [...(byService.get(service) ?? []), action]);
    }
    for (const [service, actions] of byService) {
      switch (service) {
        case 'dynamodb': {
          props.table.grant(fn, ...actions);
          const writes = actions.some((a) => !reads.has(a) && a !== 'dynamodb:Scan');
          // DynamoDB uses the table's customer-managed key on the caller's behalf.
          props.table.encryptionKey?.grant(fn, 'kms:Decrypt', 'kms:DescribeKey', ...(writes ? ['kms:Encrypt', 'kms:GenerateDataKey'] : []));
          allowWildcard(
            fn.role!,
            /^Resource::.*\/index\/\*$/,
            'the table grant covers the GSIs of the single-table design (lib/adapters/dynamodb/table.ts), every one a query path',
          );
          break;
        }
        case 'sns': {
          const other = actions.filter((a) => a !== 'sns:Publish');
          if (other.length) throw new Error(`StatelessStack: ${name} calls ${other.join(', ')}: only sns:Publish (SMS) is provided for`);
          // Publishing an SMS to a phone number has no resource ARN: the allow must be '*'. The deny
          // keeps that '*' from reaching any topic, so the function can text people and nothing else.
          fn.addToRolePolicy(new PolicyStatement({ sid: 'SendSms', actions: ['sns:Publish'], resources: ['*'] }));
          fn.addToRolePolicy(
            new PolicyStatement({ sid: 'NoTopicPublish', effect: Effect.DENY, actions: ['sns:Publish'], resources: [`arn:${this.partition}:sns:*:*:*`] }),
          );
          allowWildcard(
            fn.role!,
            'Resource::*',
            'SNS Publish to a phone number (SMS) has no resource ARN, so it needs "*"; an explicit deny on every topic ARN keeps it to SMS',
          );
          break;
        }
        case 'scheduler': {
          const schedules = this.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${props.scheduling.groupName}/*` });
          const onSchedules = actions.filter((a) => a !== 'scheduler:ListSchedules');
          if (onSchedules.length) fn.addToRolePolicy(new PolicyStatement({ sid: 'ManageOneTimeSchedules', actions: onSchedules, resources: [schedules] }));
          if (actions.includes('scheduler:ListSchedules')) {
            // The migration that removes the old per-visit schedules lists them by name prefix first.
            fn.addToRolePolicy(new PolicyStatement({ sid: 'ListSchedules', actions: ['scheduler:ListSchedules'], resources: ['*'] }));
            allowWildcard(
              fn.role!,
              'Resource::*',
              'scheduler:ListSchedules has no resource-level permissions; only the migrate function lists (to delete old schedules)',
            );
          }
          if (actions.some((a) => a === 'scheduler:CreateSchedule' || a === 'scheduler:UpdateSchedule')) {
            fn.addToRolePolicy(
              new PolicyStatement({
                sid: 'PassSchedulerRole',
                actions: ['iam:PassRole'],
                resources: [props.scheduling.role.roleArn],
                conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
              }),
            );
          }
          allowWildcard(
            fn.role!,
            /^Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule\/.*\/\*$/,
            "one-time schedules are named at run time (lib/domain/schedule-names.ts), so the schedule actions cover every schedule of foster's group and no other group",
          );
          break;
        }
        case 'lambda': {
          const other = actions.filter((a) => a !== 'lambda:InvokeFunction');
          if (other.length || !spec.invokes?.length) {
            throw new Error(
              `StatelessStack: ${name} calls ${actions.join(', ')}: only lambda:InvokeFunction of the functions in its spec's \`invokes\` is provided for`,
            );
          }
          fn.addToRolePolicy(new PolicyStatement({ sid: 'StartJobs', actions: ['lambda:InvokeFunction'], resources: spec.invokes.map((f) => f.functionArn) }));
          break;
        }
        case 'cognito-idp':
          fn.addToRolePolicy(new PolicyStatement({ sid: 'StaffSignIn', actions, resources: [props.userPool.userPoolArn] }));
          break;
        case 'secretsmanager': {
          const other = actions.filter((a) => a !== 'secretsmanager:GetSecretValue');
          if (other.length)
            throw new Error(`StatelessStack: ${name} calls ${other.join(', ')}: only secretsmanager:GetSecretValue (reading a secret) is provided for`);
          if (!spec.secrets?.length) throw new Error(`StatelessStack: ${name}'s bundle reads secrets; name them in its FunctionSpec.secrets`);
          fn.addToRolePolicy(new PolicyStatement({ sid: 'ReadSecrets', actions, resources: [...spec.secrets] }));
          if (spec.secrets.some((arn) => arn.endsWith('-??????'))) {
            allowWildcard(
              fn.role!,
              /^Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:.+-\?\?\?\?\?\?$/,
              'a secret named (not ARN-referenced) in the deployment settings is matched with the six random characters Secrets Manager appends to its ARN',
            );
          }
          break;
        }
        default:
          throw new Error(`StatelessStack: ${name} calls ${actions.join(', ')}; say in grantCalls (infra/stateless-stack.ts) which resources it may act on`);
      }
    }
    return calls;
  }

  /** Transactional texts and the monthly spend limit, set on the account's SNS SMS settings at every deploy. */
  private setSnsSmsSettings(spendLimitUsd: number): void {
    const call = {
      service: 'SNS',
      action: 'setSMSAttributes',
      parameters: { attributes: { DefaultSMSType: 'Transactional', MonthlySpendLimit: String(spendLimitUsd) } },
      physicalResourceId: PhysicalResourceId.of(`${this.stackName}-sns-sms-settings`),
    };
    const settings = new AwsCustomResource(this, 'SnsSmsSettings', {
      onCreate: call,
      onUpdate: call,
      policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
      logGroup: new LogGroup(this, 'SnsSmsSettingsLogs', { retention: this.shared.logRetention }),
    });
    Validations.of(settings).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'foster: sns:SetSMSAttributes is an account setting with no resource-level permissions, so the deploy-time call needs "*"',
    });
    const provider = this.node.findChild(`AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
    Validations.of(provider).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: "foster: aws-cdk-lib's AwsCustomResource provider writes its own logs with AWSLambdaBasicExecutionRole; it runs only during deployments",
    });
    Validations.of(provider).acknowledge({
      id: 'AwsSolutions-L1',
      reason: "foster: the AwsCustomResource provider's runtime is chosen by aws-cdk-lib; it runs only during deployments",
    });
  }
}

/** 'GET /assignments/{id}' -> [HttpMethod.GET, '/assignments/{id}'], refusing local-only routes. */
export function parseRouteKey(key: string): [HttpMethod, string] {
  const match = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\/\S*)$/.exec(key);
  if (!match?.[1] || !match[2]) throw new Error(`StatelessStack: route key "${key}" is not "METHOD /path"`);
  const path = match[2];
  if (path === '/_local' || path.startsWith('/_local/')) {
    throw new Error(`StatelessStack: route "${key}" is local only (/_local/*) and must never be deployed`);
  }
  return [HttpMethod[match[1] as keyof typeof HttpMethod], path];
}

import { join } from 'node:path';
import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnSchedule, ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ROUTES, type HandlerGroup } from '../functions/http/routes.js';
import { ENTITY } from '../lib/adapters/dynamodb/model.js';
import { Config } from '../lib/config.js';
import type { ScheduledEvent } from '../lib/ports/scheduler.js';
import { ENTRY_DIR, functionSettings, type LogLevel, type SharedFunctionSettings } from './function-settings.js';
import { allowIamWildcards, type WildcardAllowance } from './nag.js';

// Everything that can be replaced without losing data: the seven Lambdas, the HTTP API, the
// EventBridge Scheduler group, role, DLQ and recurring schedules, the other DLQs and the alarms.

export interface ApiThrottle {
  /** Steady-state requests per second. */
  readonly rateLimit: number;
  /** Burst capacity. */
  readonly burstLimit: number;
}

export interface StatelessStackProps extends StackProps {
  /** The single table, with a stream (NEW_IMAGE) and its encryption key. */
  readonly table: ITable;
  /** The topic End User Messaging two-way SMS publishes inbound messages to. */
  readonly inboundSmsTopic: ITopic;
  /** Where alarms notify operators. */
  readonly alarmTopic: ITopic;
  /** The staff user pool whose tokens the HTTP API accepts. */
  readonly userPool: IUserPool;
  /** The app client the tokens are issued to (the JWT audience). */
  readonly userPoolClient: IUserPoolClient;
  /**
   * Name of the scheduled-events function. Fixed so its ARN (SCHEDULED_TARGET_ARN) can be built
   * without referring to the function itself, which would be a circular dependency.
   *
   * @default `${stackName}-scheduled`
   */
  readonly scheduledFunctionName?: string;
  /**
   * Name of the EventBridge Scheduler group holding the recurring and the one-time schedules.
   *
   * @default the stack name
   */
  readonly scheduleGroupName?: string;
  /** @default 'INFO' */
  readonly logLevel?: LogLevel;
  /** Retention of every function's and the API's log group. @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** Alphanumeric SMS sender id (1-11 characters, at least one letter) where supported. @default none */
  readonly smsSenderId?: string;
  /** Origination identity (phone number, its ID or ARN) for two-way SMS. @default none */
  readonly smsOriginationNumber?: string;
  /** Orphans one agent may receive per calendar month. @default 6 */
  readonly monthlyCap?: number;
  /** Days a supervisor has to propose before an assignment is overdue. @default 5 */
  readonly deadlineDays?: number;
  /** First hour (Asia/Shanghai) SMS may go out. @default 8 */
  readonly smsFromHour?: number;
  /** Hour (Asia/Shanghai) from which SMS wait for the next morning. @default 21 */
  readonly smsUntilHour?: number;
  /** Default throttling of every route. @default { rateLimit: 50, burstLimit: 100 } */
  readonly apiThrottle?: ApiThrottle;
  /** Retries of a failed outbox stream batch before its metadata goes to the DLQ. @default 2 */
  readonly streamRetryAttempts?: number;
}

/** Props with every default applied and every combination checked. */
interface ResolvedStatelessProps {
  readonly scheduledFunctionName: string;
  readonly scheduleGroupName: string;
  readonly logLevel: LogLevel;
  readonly logRetention: RetentionDays | undefined;
  readonly smsSenderId: string | undefined;
  readonly smsOriginationNumber: string | undefined;
  readonly business: Pick<Config, 'monthlyCap' | 'deadlineDays' | 'smsFromHour' | 'smsUntilHour'>;
  readonly apiThrottle: ApiThrottle;
  readonly streamRetryAttempts: number;
}

const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const SCHEDULE_GROUP_NAME = /^[0-9a-zA-Z_.-]{1,64}$/;
const SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/;

function resolveProps(stackName: string, props: StatelessStackProps): ResolvedStatelessProps {
  const fail = (message: string): never => {
    throw new Error(`StatelessStack: ${message}`);
  };
  const scheduledFunctionName = props.scheduledFunctionName ?? `${stackName}-scheduled`;
  if (!FUNCTION_NAME.test(scheduledFunctionName)) {
    fail(`scheduledFunctionName must match ${FUNCTION_NAME} (got "${scheduledFunctionName}"); pass a shorter one when the stack name is long`);
  }
  const scheduleGroupName = props.scheduleGroupName ?? stackName;
  if (!SCHEDULE_GROUP_NAME.test(scheduleGroupName)) fail(`scheduleGroupName must match ${SCHEDULE_GROUP_NAME} (got "${scheduleGroupName}")`);
  if (props.smsSenderId !== undefined && !SENDER_ID.test(props.smsSenderId)) {
    fail(`smsSenderId must be 1-11 letters or digits with at least one letter (got "${props.smsSenderId}")`);
  }
  if (props.smsOriginationNumber !== undefined && props.smsOriginationNumber.trim() === '') fail('smsOriginationNumber must not be empty');
  // The business settings are checked by the same schema the functions parse them with (lib/config.ts).
  const parsed = Config.safeParse({
    monthlyCap: props.monthlyCap,
    deadlineDays: props.deadlineDays,
    smsFromHour: props.smsFromHour,
    smsUntilHour: props.smsUntilHour,
  });
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
  return {
    scheduledFunctionName,
    scheduleGroupName,
    logLevel: props.logLevel ?? 'INFO',
    logRetention: props.logRetention,
    smsSenderId: props.smsSenderId,
    smsOriginationNumber: props.smsOriginationNumber,
    business: {
      monthlyCap: config.monthlyCap,
      deadlineDays: config.deadlineDays,
      smsFromHour: config.smsFromHour,
      smsUntilHour: config.smsUntilHour,
    },
    apiThrottle,
    streamRetryAttempts,
  };
}

/** The recurring schedules' payloads, typed against what the handlers accept. */
const SWEEP_EVENT: ScheduledEvent = { type: 'sweep' };
const DRAIN_OUTBOX_EVENT: ScheduledEvent = { type: 'drainOutbox' };

/** What a function may do beyond writing its own logs and traces. */
interface FunctionSpec {
  /** File name under functions/lambda, without extension. */
  readonly entry: string;
  readonly description: string;
  /** Table access; 'none' for a function that never reads it (the public routes). */
  readonly table: 'read' | 'readWrite' | 'none';
  /** Creates and deletes one-time schedules (and passes the scheduler role). */
  readonly schedules: boolean;
  readonly functionName?: string;
  readonly timeout?: Duration;
  readonly environment?: Readonly<Record<string, string>>;
}

/** The functions, API, schedules, queues and alarms of foster. */
export class StatelessStack extends Stack {
  public readonly api: HttpApi;
  public readonly apiStage: HttpStage;
  /** The Lambdas by name: the four HTTP groups, inbound SMS, scheduled events and the outbox. */
  public readonly functions: Readonly<Record<HandlerGroup | 'inboundSms' | 'scheduled' | 'outbox', NodejsFunction>>;
  public readonly scheduleGroup: ScheduleGroup;
  /** The role EventBridge Scheduler assumes to invoke the targets. */
  public readonly schedulerRole: Role;
  /** Dead-letter queues by purpose; each has an alarm. */
  public readonly deadLetterQueues: Readonly<
    Record<'scheduler' | 'inboundSmsDelivery' | 'inboundSmsFailures' | 'scheduledFailures' | 'outboxFailures' | 'outboxStream', Queue>
  >;

  private readonly shared: SharedFunctionSettings;
  private readonly alarmAction: SnsAction;
  /** Wildcards each function's role may hold, with why (see infra/nag.ts). */
  private readonly wildcards = new Map<NodejsFunction, WildcardAllowance[]>();

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const settings = resolveProps(this.stackName, props);
    this.alarmAction = new SnsAction(props.alarmTopic);

    // --- EventBridge Scheduler: group, DLQ, the role it assumes ---------------------------------
    const schedulerDlq = this.deadLetterQueue('SchedulerDlq', 'EventBridge Scheduler (recurring and one-time schedules that could not invoke their target)');
    this.scheduleGroup = new ScheduleGroup(this, 'ScheduleGroup', {
      scheduleGroupName: settings.scheduleGroupName,
      // Deleting a group deletes its pending one-time schedules (visit reminders, deadlines).
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      description: 'Assumed by EventBridge Scheduler to invoke foster targets and park failures in the scheduler DLQ',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: { 'aws:SourceArn': this.scheduleGroup.scheduleGroupArn },
        },
      }),
    });
    schedulerDlq.grantSendMessages(this.schedulerRole);

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
        SCHEDULE_GROUP: this.scheduleGroup.scheduleGroupName,
        SCHEDULED_TARGET_ARN: scheduledTargetArn,
        SCHEDULER_ROLE_ARN: this.schedulerRole.roleArn,
        SCHEDULER_DLQ_ARN: schedulerDlq.queueArn,
        MONTHLY_CAP: String(settings.business.monthlyCap),
        DEADLINE_DAYS: String(settings.business.deadlineDays),
        SMS_FROM_HOUR: String(settings.business.smsFromHour),
        SMS_UNTIL_HOUR: String(settings.business.smsUntilHour),
      },
    });
    const scheduleArns = this.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${settings.scheduleGroupName}/*`,
    });

    const make = (id: string, spec: FunctionSpec): NodejsFunction => {
      const fn = this.addFunction(id, spec);
      if (spec.table === 'read') props.table.grantReadData(fn);
      else if (spec.table === 'readWrite') props.table.grantReadWriteData(fn);
      if (spec.schedules) {
        fn.addToRolePolicy(
          new PolicyStatement({
            sid: 'ManageOneTimeSchedules',
            actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
            resources: [scheduleArns],
          }),
        );
        fn.addToRolePolicy(
          new PolicyStatement({
            sid: 'PassSchedulerRole',
            actions: ['iam:PassRole'],
            resources: [this.schedulerRole.roleArn],
            conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
          }),
        );
        this.allowWildcard(
          fn,
          `Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${settings.scheduleGroupName}/*`,
          `one-time schedules are named at run time (lib/domain/schedule-names.ts), so CreateSchedule/DeleteSchedule cover every schedule of the ${settings.scheduleGroupName} group and no other group`,
        );
      }
      return fn;
    };

    const admin = make('AdminFunction', { entry: 'api-admin', description: 'foster HTTP API: admin routes', table: 'readWrite', schedules: true });
    const assignments = make('AssignmentsFunction', {
      entry: 'api-assignments',
      description: 'foster HTTP API: assignment routes',
      table: 'readWrite',
      schedules: true,
    });
    const customers = make('CustomersFunction', {
      entry: 'api-customers',
      description: 'foster HTTP API: customer reads (read-only)',
      table: 'read',
      schedules: false,
    });
    const visits = make('VisitsFunction', { entry: 'api-visits', description: 'foster HTTP API: visit routes', table: 'readWrite', schedules: true });
    const publicRoutes = make('PublicFunction', {
      entry: 'api-public',
      description: 'foster HTTP API: public routes (the OpenAPI document)',
      table: 'none',
      schedules: false,
    });
    const inboundSms = make('InboundSmsFunction', {
      entry: 'inbound-sms',
      description: 'foster: customer SMS replies from End User Messaging (via SNS)',
      table: 'readWrite',
      schedules: true,
      timeout: Duration.seconds(30),
    });
    const scheduled = make('ScheduledFunction', {
      entry: 'scheduled',
      description: 'foster: EventBridge Scheduler events (deadlines, reminders, sweep)',
      table: 'readWrite',
      schedules: true,
      functionName: settings.scheduledFunctionName,
      timeout: Duration.minutes(5),
    });
    const outbox = make('OutboxFunction', {
      entry: 'outbox',
      description: 'foster: sends queued SMS (table stream and the recurring drain)',
      table: 'readWrite',
      schedules: false,
      timeout: Duration.minutes(5),
      environment: {
        ...(settings.smsSenderId ? { SMS_SENDER_ID: settings.smsSenderId } : {}),
        ...(settings.smsOriginationNumber ? { SMS_ORIGINATION_NUMBER: settings.smsOriginationNumber } : {}),
      },
    });
    this.functions = { admin, assignments, customers, visits, public: publicRoutes, inboundSms, scheduled, outbox };

    // Publishing an SMS to a phone number has no resource ARN: the allow must be '*'. The deny
    // keeps that '*' from reaching any topic, so the outbox can text people and nothing else.
    outbox.addToRolePolicy(new PolicyStatement({ sid: 'SendSms', actions: ['sns:Publish'], resources: ['*'] }));
    outbox.addToRolePolicy(
      new PolicyStatement({ sid: 'NoTopicPublish', effect: Effect.DENY, actions: ['sns:Publish'], resources: [`arn:${this.partition}:sns:*:*:*`] }),
    );
    this.allowWildcard(
      outbox,
      'Resource::*',
      'SNS Publish to a phone number (SMS) has no resource ARN, so it needs "*"; an explicit deny on every topic ARN keeps it to SMS',
    );

    // --- EventBridge Scheduler: what the role may do, and the recurring schedules -------------
    this.schedulerRole.addToPolicy(
      new PolicyStatement({
        sid: 'InvokeScheduledTargets',
        actions: ['lambda:InvokeFunction'],
        resources: [scheduled.functionArn, outbox.functionArn],
      }),
    );
    const recurring = (
      id: string,
      name: string,
      description: string,
      every: string,
      target: NodejsFunction,
      event: ScheduledEvent,
      retry: { attempts: number; maxAgeSeconds: number },
    ) =>
      new CfnSchedule(this, id, {
        name,
        groupName: this.scheduleGroup.scheduleGroupName,
        description,
        scheduleExpression: `rate(${every})`,
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: target.functionArn,
          roleArn: this.schedulerRole.roleArn,
          input: JSON.stringify(event),
          retryPolicy: { maximumRetryAttempts: retry.attempts, maximumEventAgeInSeconds: retry.maxAgeSeconds },
          deadLetterConfig: { arn: schedulerDlq.queueArn },
        },
      });
    const sweep = recurring('SweepSchedule', 'sweep', 'Safety net: every hour, redo whatever a one-time schedule missed', '1 hour', scheduled, SWEEP_EVENT, {
      attempts: 3,
      maxAgeSeconds: 3_600,
    });
    const drain = recurring(
      'DrainOutboxSchedule',
      'drain-outbox',
      'Every 5 minutes, send queued SMS that are due (deferred by quiet hours or missed by the stream)',
      '5 minutes',
      outbox,
      DRAIN_OUTBOX_EVENT,
      { attempts: 2, maxAgeSeconds: 300 },
    );
    for (const schedule of [sweep, drain]) schedule.node.addDependency(this.schedulerRole);

    // --- Async invocations: retries, then an on-failure queue ------------------------------------
    const inboundSmsFailures = this.deadLetterQueue(
      'InboundSmsFailureDlq',
      'inbound SMS notifications the inbound-sms function failed on after its retries (async on-failure destination)',
    );
    const scheduledFailures = this.deadLetterQueue(
      'ScheduledFailureDlq',
      'scheduled events the scheduled function failed on after its retries (async on-failure destination)',
    );
    const outboxFailures = this.deadLetterQueue(
      'OutboxFailureDlq',
      'outbox drains the outbox function failed on after its retries (async on-failure destination)',
    );
    inboundSms.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(inboundSmsFailures) });
    scheduled.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(scheduledFailures) });
    outbox.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(5), onFailure: new SqsDestination(outboxFailures) });

    // --- Inbound SMS: SNS -> Lambda, with a DLQ on the subscription -------------------------------
    const inboundSmsDelivery = this.deadLetterQueue(
      'InboundSmsDeliveryDlq',
      'inbound SMS notifications SNS could not deliver to the inbound-sms function (subscription redrive policy)',
    );
    props.inboundSmsTopic.addSubscription(new LambdaSubscription(inboundSms, { deadLetterQueue: inboundSmsDelivery }));

    // --- Outbox: new SMS items on the table stream -----------------------------------------------
    const outboxStream = this.deadLetterQueue(
      'OutboxStreamDlq',
      'outbox stream batches that still failed after bisecting and retrying (event source on-failure destination)',
    );
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
        onFailure: new SqsDlq(outboxStream),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: FilterRule.isEqual(ENTITY.sms) } } },
          }),
        ],
      }),
    );
    this.allowWildcard(outbox, 'Resource::*', 'dynamodb:ListStreams, which the table-stream event source needs, has no resource-level permissions');
    this.deadLetterQueues = {
      scheduler: schedulerDlq,
      inboundSmsDelivery,
      inboundSmsFailures,
      scheduledFailures,
      outboxFailures,
      outboxStream,
    };

    // --- HTTP API: JWT (Cognito) on every route, access logs, throttling --------------------------
    const issuer = `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`;
    const authorizer = new HttpJwtAuthorizer('StaffJwt', issuer, {
      authorizerName: 'staff-jwt',
      jwtAudience: [props.userPoolClient.userPoolClientId],
    });
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `${this.stackName}-api`,
      description: 'foster HTTP API v1',
      defaultAuthorizer: authorizer,
      createDefaultStage: false,
    });
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
    const groupFunctions: Record<HandlerGroup, NodejsFunction> = { admin, assignments, customers, visits, public: publicRoutes };
    const integrations = new Map<HandlerGroup, HttpLambdaIntegration>();
    for (const route of ROUTES) {
      const [method, path] = parseRouteKey(route.key);
      let integration = integrations.get(route.group);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.group}Integration`, groupFunctions[route.group]);
        integrations.set(route.group, integration);
      }
      if (route.guard === 'jwt') {
        this.api.addRoutes({ path, methods: [method], integration });
        continue;
      }
      // Public routes and provider callbacks carry no staff token: no JWT authorizer (a callback
      // checks its secret token itself; a public route serves no personal data).
      for (const added of this.api.addRoutes({ path, methods: [method], integration, authorizer: new HttpNoneAuthorizer() })) {
        Validations.of(added).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `foster: ${route.key} is guarded '${route.guard}' in functions/http/routes.ts: ${
            route.guard === 'public'
              ? 'it serves no personal data (the API description)'
              : "the provider's callback proves itself with a secret token the handler checks"
          }`,
        });
      }
    }

    // --- Alarms -----------------------------------------------------------------------------------
    for (const [name, fn] of Object.entries(this.functions)) {
      this.alarm(`${name}Errors`, fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), `foster ${name} function reported errors`);
    }
    this.alarm('Api5xx', this.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }), 'foster HTTP API returned 5xx responses');

    // --- cdk-nag: wildcards every function holds, then one acknowledgement per finding ------------
    for (const fn of Object.values(this.functions)) {
      this.allowWildcard(fn, 'Resource::*', 'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) have no resource-level permissions');
      this.allowWildcard(
        fn,
        /^Resource::.*\/index\/\*$/,
        'the table grant covers the GSIs gsi1..gsi4 of the single-table design (lib/adapters/dynamodb/table.ts), every one a query path',
      );
      if (fn !== customers) {
        for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
          this.allowWildcard(
            fn,
            `Action::${action}`,
            "the read/write table grant gives encrypt/decrypt on the table's customer-managed key, which DynamoDB uses on the caller's behalf",
          );
        }
      }
    }
    for (const [fn, allowances] of this.wildcards) {
      if (fn.role) allowIamWildcards(fn.role, allowances);
    }
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'foster: nodejs22.x is pinned on purpose (ARCHITECTURE.md: nodejs22.x or newer, bundles target node22); moving to nodejs24.x is a deliberate upgrade in infra/function-settings.ts',
    });

    new CfnOutput(this, 'ApiUrl', { value: this.apiStage.url });
    new CfnOutput(this, 'ScheduleGroupName', { value: this.scheduleGroup.scheduleGroupName });
  }

  /** One function with its own role (logs to its own group only), log group and the shared settings. */
  private addFunction(id: string, spec: FunctionSpec): NodejsFunction {
    const logGroup = new LogGroup(this, `${id}Logs`, { retention: this.shared.logRetention });
    const role = new Role(this, `${id}Role`, {
      description: spec.description,
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    logGroup.grantWrite(role);
    return new NodejsFunction(this, id, {
      ...this.shared.props,
      entry: join(ENTRY_DIR, `${spec.entry}.ts`),
      handler: 'handler',
      description: spec.description,
      role,
      logGroup,
      ...(spec.functionName ? { functionName: spec.functionName } : {}),
      ...(spec.timeout ? { timeout: spec.timeout } : {}),
      environment: { ...this.shared.props.environment, ...spec.environment },
    });
  }

  /** A dead-letter queue: SSE, TLS only, 14 days, alarmed on its first message. */
  private deadLetterQueue(id: string, purpose: string): Queue {
    const queue = new Queue(this, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `foster: this queue is itself a dead-letter queue, for ${purpose}; operators are alarmed on its first message`,
    });
    this.alarm(
      `${id}NotEmpty`,
      queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      `foster dead-letter queue ${id} holds messages: ${purpose}`,
    );
    return queue;
  }

  private alarm(id: string, metric: IMetric, description: string): Alarm {
    const alarm = new Alarm(this, `${id}Alarm`, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(this.alarmAction);
    return alarm;
  }

  /** Records a wildcard a function's role may hold, and why; acknowledged in one go at the end. */
  private allowWildcard(fn: NodejsFunction, finding: string | RegExp, reason: string): void {
    this.wildcards.set(fn, [...(this.wildcards.get(fn) ?? []), { finding, reason }]);
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

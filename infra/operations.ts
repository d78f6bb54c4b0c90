import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  LogQueryWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Subscription, SubscriptionProtocol, type ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, METRIC_DIMENSIONS, METRICS_NAMESPACE } from '../lib/domain/metrics.js';

// What on-call sees: the alarms (each with an OK action, so a recovery is said too), who they
// reach (the on-call setting subscribes e-mail addresses and an HTTPS endpoint to the alarm
// topic), and one dashboard following the chain: texts sent and failed, replies, orphans moving
// through the states. README.md "Alarms" says what each alarm means and what to do.

/** Who the alarms reach. */
export interface OnCall {
  /** Each gets the alarm topic's messages by e-mail (after confirming the subscription). */
  readonly emails?: readonly string[];
  /** An HTTPS endpoint (a paging service's SNS integration URL). */
  readonly httpsEndpoint?: string;
}

export interface OperationsProps {
  readonly alarmTopic: ITopic;
  readonly onCall: OnCall;
  readonly functions: Readonly<Record<string, NodejsFunction>>;
  /** The functions API Gateway calls (duration alarms compare with the integration's limit too). */
  readonly outbox: NodejsFunction;
  readonly inboundSms: NodejsFunction;
  readonly api: HttpApi;
  readonly table: ITable;
  readonly inboundSmsTopic: ITopic;
  readonly scheduleGroupName: string;
  readonly deadLetterQueues: Readonly<Record<string, { queue: IQueue; purpose: string }>>;
  /** The SNS monthly SMS spend limit (USD) the spend alarm compares with. */
  readonly smsSpendLimitUsd: number;
  /** Log groups whose lines tell how orphans move through the states (departures, proposals, approvals, deadlines). */
  readonly chainLogGroups: readonly string[];
}

const FIVE_MINUTES = Duration.minutes(5);
/** The DynamoDB operations foster calls (an alarm takes at most 10 metrics). */
const TABLE_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
  Operation.GET_RECORDS,
];

/** One alarm as on-call reads it. */
interface AlarmSpec {
  readonly metric: IMetric;
  readonly threshold: number;
  readonly description: string;
  /** @default GREATER_THAN_OR_EQUAL_TO_THRESHOLD */
  readonly comparison?: ComparisonOperator;
  /** Periods looked at, and how many must breach. @default 1 of 1 */
  readonly evaluationPeriods?: number;
  readonly datapointsToAlarm?: number;
}

export class Operations extends Construct {
  public readonly alarms: Record<string, Alarm> = {};
  public readonly dashboard: Dashboard;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    this.action = new SnsAction(props.alarmTopic);
    // Made here, not through the topic, so changing who is on call redeploys only this stack.
    (props.onCall.emails ?? []).forEach((endpoint, i) => {
      new Subscription(this, `OnCallEmail${i}`, { topic: props.alarmTopic, protocol: SubscriptionProtocol.EMAIL, endpoint });
    });
    if (props.onCall.httpsEndpoint) {
      new Subscription(this, 'OnCallHttps', { topic: props.alarmTopic, protocol: SubscriptionProtocol.HTTPS, endpoint: props.onCall.httpsEndpoint });
    }

    // --- Functions: errors as a rate (one failed try that its retry fixes does not page), throttles, duration
    for (const [name, fn] of Object.entries(props.functions)) {
      const timeoutMs = fn.timeout?.toMilliseconds() ?? 3_000;
      this.add(`${name}ErrorRate`, {
        metric: new MathExpression({
          expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
          usingMetrics: { errors: fn.metricErrors({ statistic: 'Sum' }), invocations: fn.metricInvocations({ statistic: 'Sum' }) },
          period: FIVE_MINUTES,
          label: `${name} errors (% of invocations)`,
        }),
        threshold: 5,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        description: `foster ${name}: 5% or more of invocations failed in 2 of the last 3 five-minute periods`,
      });
      this.add(`${name}Throttles`, {
        metric: fn.metricThrottles({ statistic: 'Sum', period: FIVE_MINUTES }),
        threshold: 1,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        description: `foster ${name}: invocations throttled (account or reserved concurrency reached) in 2 of the last 3 five-minute periods`,
      });
      this.add(`${name}DurationNearTimeout`, {
        metric: fn.metricDuration({ statistic: 'Maximum', period: FIVE_MINUTES }),
        threshold: Math.round(timeoutMs * 0.8),
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        description: `foster ${name}: an invocation took 80% or more of its ${timeoutMs / 1000} s timeout in 2 of the last 3 five-minute periods`,
      });
    }
    this.add('OutboxIteratorAge', {
      metric: props.outbox.metric('IteratorAge', { statistic: 'Maximum', period: FIVE_MINUTES }),
      threshold: 5 * 60_000,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      description: 'foster outbox: new texts wait more than 5 minutes on the table stream before the outbox function reads them',
    });

    // --- Table, scheduler, API -------------------------------------------------------------------
    this.add('TableThrottles', {
      metric: props.table.metricThrottledRequestsForOperations({ operations: TABLE_OPERATIONS, period: FIVE_MINUTES }),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      description: 'foster table: DynamoDB throttled requests in 2 of the last 3 five-minute periods',
    });
    this.add('TableSystemErrors', {
      metric: props.table.metricSystemErrorsForOperations({ operations: TABLE_OPERATIONS, period: FIVE_MINUTES }),
      threshold: 1,
      description: 'foster table: DynamoDB answered with internal (5xx) errors',
    });
    this.add('SchedulerTargetErrors', {
      metric: new Metric({
        namespace: 'AWS/Scheduler',
        metricName: 'TargetErrorCount',
        dimensionsMap: { ScheduleGroup: props.scheduleGroupName },
        statistic: 'Sum',
        period: FIVE_MINUTES,
      }),
      threshold: 1,
      description: 'foster schedules: EventBridge Scheduler could not invoke a target (deadline, sweep, outbox drain)',
    });
    this.add('Api5xxRate', {
      metric: new MathExpression({
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: {
          errors: props.api.metricServerError({ statistic: 'Sum' }),
          requests: props.api.metricCount({ statistic: 'Sum' }),
        },
        period: FIVE_MINUTES,
        label: 'API 5xx (% of requests)',
      }),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      description: 'foster API: 1% or more of requests answered 5xx in 2 of the last 3 five-minute periods',
    });
    this.add('ApiLatencyP99', {
      metric: props.api.metricLatency({ statistic: 'p99', period: FIVE_MINUTES }),
      threshold: 5_000,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      description: 'foster API: the slowest 1% of requests took 5 s or more in 2 of the last 3 five-minute periods',
    });

    // --- SMS: spend, delivery, failed texts, late texts -------------------------------------------
    this.add('SmsSpend', {
      metric: new Metric({ namespace: 'AWS/SNS', metricName: 'SMSMonthToDateSpentUSD', statistic: 'Maximum', period: FIVE_MINUTES }),
      threshold: Math.round(props.smsSpendLimitUsd * 0.8 * 100) / 100,
      description: `foster SMS: this month's SMS spend reached 80% of the ${props.smsSpendLimitUsd} USD limit; at the limit SNS stops sending`,
    });
    this.add('SmsDeliveryRate', {
      metric: new Metric({ namespace: 'AWS/SNS', metricName: 'SMSSuccessRate', statistic: 'Average', period: Duration.minutes(15) }),
      threshold: 0.9,
      comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      description: 'foster SMS: fewer than 90% of texts reached the phone (carrier delivery receipts) for 30 minutes',
    });
    const fosterMetric = (metricName: string, statistic: string) =>
      new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { ...METRIC_DIMENSIONS }, statistic, period: FIVE_MINUTES });
    this.add('SmsFailed', {
      metric: fosterMetric(METRIC.smsFailed, 'Sum'),
      threshold: 1,
      description: 'foster SMS: a text was marked failed (the provider refused it for good, or it failed every try)',
    });
    this.add('OutboxLate', {
      metric: fosterMetric(METRIC.outboxOldestDueAgeSeconds, 'Maximum'),
      threshold: 15 * 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      description: 'foster SMS: a text due to go out has waited 15 minutes or more (texts held by quiet hours are not late)',
    });

    // --- Dead-letter queues ----------------------------------------------------------------------
    for (const [name, { queue, purpose }] of Object.entries(props.deadLetterQueues)) {
      this.add(`${name}DlqNotEmpty`, {
        metric: queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: FIVE_MINUTES }),
        threshold: 1,
        description: `foster dead-letter queue ${name} holds messages: ${purpose}`,
      });
    }

    // --- The chain, on one page ------------------------------------------------------------------
    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.days(7) });
    const sms = (metricName: string, label: string) => fosterMetric(metricName, 'Sum').with({ period: Duration.hours(1), label });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: '# foster\nTexts out, replies in, orphans through the chain. Alarms and what to do: README.md "Alarms".',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Texts per hour',
        width: 12,
        left: [
          sms(METRIC.smsSent, 'sent'),
          sms(METRIC.smsFailed, 'failed'),
          sms(METRIC.smsRetried, 'retried'),
          sms(METRIC.smsDeferred, 'deferred (quiet hours)'),
          sms(METRIC.smsSuppressed, 'suppressed (opted out)'),
        ],
      }),
      new GraphWidget({
        title: 'Oldest text past its send time (s), delivery rate',
        width: 12,
        left: [fosterMetric(METRIC.outboxOldestDueAgeSeconds, 'Maximum').with({ label: 'oldest due text (s)' })],
        right: [
          new Metric({ namespace: 'AWS/SNS', metricName: 'SMSSuccessRate', statistic: 'Average', period: Duration.hours(1), label: 'delivered (ratio)' }),
        ],
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Replies per hour',
        width: 12,
        left: [
          props.inboundSmsTopic.metricNumberOfMessagesPublished({ period: Duration.hours(1), statistic: 'Sum', label: 'replies received' }),
          props.inboundSms.metricErrors({ period: Duration.hours(1), statistic: 'Sum', label: 'reply handling errors' }),
        ],
      }),
      new LogQueryWidget({
        title: 'Orphans through the chain per day (departed, proposed/reviewed, approved, overdue)',
        width: 12,
        logGroupNames: [...props.chainLogGroups],
        queryLines: [
          'fields @timestamp, message, state, created, approved, overdue',
          "filter message in ['agent departed', 'agent chosen', 'assignments approved', 'deadline passed']",
          'stats sum(created) as departed, count(state) as chosen, sum(approved) as approved, sum(overdue) as overdue by message, state, bin(1d)',
        ],
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'API: requests, 5xx, p99 latency',
        width: 12,
        left: [props.api.metricCount({ statistic: 'Sum', period: FIVE_MINUTES }), props.api.metricServerError({ statistic: 'Sum', period: FIVE_MINUTES })],
        right: [props.api.metricLatency({ statistic: 'p99', period: FIVE_MINUTES })],
      }),
      new GraphWidget({
        title: 'Function errors',
        width: 12,
        left: Object.entries(props.functions).map(([name, fn]) => fn.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES, label: name })),
      }),
    );
  }

  private add(id: string, spec: AlarmSpec): Alarm {
    const alarm = new Alarm(this, id, {
      metric: spec.metric,
      threshold: spec.threshold,
      evaluationPeriods: spec.evaluationPeriods ?? 1,
      datapointsToAlarm: spec.datapointsToAlarm ?? spec.evaluationPeriods ?? 1,
      comparisonOperator: spec.comparison ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: spec.description,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms[id] = alarm;
    return alarm;
  }
}

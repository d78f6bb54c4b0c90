// The CloudWatch metrics foster emits (Powertools Metrics, embedded metric format) and alarms on.
// One list, so the code that emits a metric and the stack that alarms on it cannot disagree on a
// name: the outbox drain imports these when it counts, infra/ when it builds alarms and the
// dashboard.

/** The CloudWatch namespace of every foster metric. */
export const METRICS_NAMESPACE = 'foster';

/** Metric names, each counted by the outbox drain (`Count`) unless said otherwise. */
export const METRIC = {
  /** A text the provider accepted. */
  smsSent: 'SmsSent',
  /** A text marked failed: a permanent provider error, or still failing after the configured tries. */
  smsFailed: 'SmsFailed',
  /** A text held back by quiet hours (not late: it goes out when the window opens). */
  smsDeferred: 'SmsDeferred',
  /** A text not sent because the customer opted out. */
  smsSuppressed: 'SmsSuppressed',
  /** A send that failed with a throttling or transient error and will be tried again. */
  smsRetried: 'SmsRetried',
  /** Seconds since the send-after time of the oldest text still waiting to go out (`Seconds`, a gauge per drain). */
  outboxOldestDueAgeSeconds: 'OutboxOldestDueAgeSeconds',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/**
 * The dimensions every foster metric carries: Powertools Metrics adds `service` (its serviceName),
 * and the outbox function's is `foster-outbox` (functions/lambda/outbox.ts). The alarms and the
 * dashboard read the metrics with exactly these dimensions, so the drain must emit with no other.
 */
export const METRIC_DIMENSIONS = { service: 'foster-outbox' } as const;

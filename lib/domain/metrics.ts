// The CloudWatch metrics foster emits (Powertools Metrics, embedded metric format): one namespace,
// the names the alarms and the dashboard read. Emitted by the outbox function, whose service
// dimension is OUTBOX_METRICS_SERVICE.

export const METRICS_NAMESPACE = 'foster';

/** The `service` dimension of the outbox function's metrics (Powertools adds it to every metric). */
export const OUTBOX_METRICS_SERVICE = 'foster-outbox';

export const METRIC = {
  /** Texts the provider accepted. */
  SmsSent: 'SmsSent',
  /** Texts marked failed: refused for good, blacklisted at the provider, or out of tries. */
  SmsFailed: 'SmsFailed',
  /** Texts held for the sending window (quiet hours). */
  SmsDeferred: 'SmsDeferred',
  /** Texts not sent because the number opted out. */
  SmsSuppressed: 'SmsSuppressed',
  /** Texts put back in the queue after a transient failure, to be tried again later. */
  SmsRetried: 'SmsRetried',
  /** Seconds the oldest due text has waited past its send-after time (0 in quiet hours: held texts are not late). */
  OutboxOldestDueAgeSeconds: 'OutboxOldestDueAgeSeconds',
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];

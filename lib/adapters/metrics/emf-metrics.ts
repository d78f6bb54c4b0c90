import { Metrics as PowertoolsMetrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, type MetricName } from '../../domain/metrics.js';
import type { Metrics } from '../../ports/metrics.js';

// The Metrics port on Powertools Metrics: each flush prints one CloudWatch embedded-metric-format
// document to stdout, which Lambda's log pipeline turns into metrics (no PutMetricData calls).
// Every metric carries the `service` dimension, which the alarms select on.

export interface EmfMetricsOptions {
  /** The `service` dimension. */
  readonly serviceName: string;
  /** @default METRICS_NAMESPACE ('foster') */
  readonly namespace?: string;
  /** A ready Powertools instance (tests); built from the options otherwise. */
  readonly metrics?: PowertoolsMetrics;
}

/**
 * @example
 * const metrics = createEmfMetrics({ serviceName: METRIC_DIMENSIONS.service });
 * metrics.count(METRIC.smsSent, 3);
 * metrics.flush();
 */
export function createEmfMetrics({ serviceName, namespace = METRICS_NAMESPACE, metrics }: EmfMetricsOptions): Metrics {
  const emf = metrics ?? new PowertoolsMetrics({ namespace, serviceName });
  let stored = false;
  return {
    count(name: MetricName, value = 1) {
      emf.addMetric(name, MetricUnit.Count, value);
      stored = true;
    },
    seconds(name: MetricName, value: number) {
      emf.addMetric(name, MetricUnit.Seconds, value);
      stored = true;
    },
    flush() {
      if (stored) emf.publishStoredMetrics();
      stored = false;
    },
  };
}

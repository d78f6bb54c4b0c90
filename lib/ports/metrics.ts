import type { MetricName } from '../domain/metrics.js';

/** Counts and gauges a use case reports; the cloud writes them as EMF (lib/adapters/metrics), tests keep them in memory. */
export interface Metrics {
  /** Adds `value` (default 1) to a count. */
  count(name: MetricName, value?: number): void;
  /** Records a duration in seconds. */
  seconds(name: MetricName, value: number): void;
  /** Writes what was recorded (one EMF document per flush). */
  flush(): void;
}

/** Metrics that go nowhere. */
export const noMetrics: Metrics = { count: () => undefined, seconds: () => undefined, flush: () => undefined };

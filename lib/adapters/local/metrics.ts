import type { MetricName } from '../../domain/metrics.js';
import type { Metrics } from '../../ports/metrics.js';

// Metrics kept in memory: what tests assert on, and what the local runtime could show.

export interface MemoryMetrics extends Metrics {
  /** Sum of each count over every flush so far. */
  readonly counts: Readonly<Partial<Record<MetricName, number>>>;
  /** Every recorded value of each gauge, in order. */
  readonly values: Readonly<Partial<Record<MetricName, number[]>>>;
  reset(): void;
}

export function createMemoryMetrics(): MemoryMetrics {
  const counts: Partial<Record<MetricName, number>> = {};
  const values: Partial<Record<MetricName, number[]>> = {};
  return {
    counts,
    values,
    count: (name, value = 1) => void (counts[name] = (counts[name] ?? 0) + value),
    seconds: (name, value) => void (values[name] = [...(values[name] ?? []), value]),
    flush: () => undefined,
    reset() {
      for (const k of Object.keys(counts)) delete counts[k as MetricName];
      for (const k of Object.keys(values)) delete values[k as MetricName];
    },
  };
}

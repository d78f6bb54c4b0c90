import { createEmfMetrics } from '../../lib/adapters/metrics/emf-metrics.js';
import { OUTBOX_METRICS_SERVICE } from '../../lib/domain/metrics.js';
import { depsFromEnv } from '../env.js';
import { createOutboxHandler } from '../outbox.js';

/** Lambda entry of the SMS outbox sender (table stream, recurring drain); its counts go out as EMF metrics. */
export const handler = createOutboxHandler(depsFromEnv(process.env, OUTBOX_METRICS_SERVICE), {
  metrics: createEmfMetrics({ serviceName: OUTBOX_METRICS_SERVICE }),
});

import { createEmfMetrics } from '../../lib/adapters/metrics/emf-metrics.js';
import { METRIC_DIMENSIONS } from '../../lib/domain/metrics.js';
import { depsFromEnv, type AdapterFactories } from '../env.js';
import { createOutboxHandler } from '../outbox.js';

// SMS_PROVIDER is replaced by a constant when the stack bundles this file (esbuild `define`,
// infra/stateless-stack.ts), so the bundle holds one provider's code and the function is granted
// only what that provider calls; unbundled (tests) it is read at run time.
const sms: AdapterFactories['sms'] =
  process.env.SMS_PROVIDER === 'tencent' ? (await import('../adapters/tencent-sms.js')).tencentSmsFromEnv : (await import('../adapters/sns-sms.js')).smsFromEnv;

/** Lambda entry of the SMS outbox sender (table stream, recurring drain); its counts go out as EMF metrics. */
export const handler = createOutboxHandler(depsFromEnv(process.env, METRIC_DIMENSIONS.service, { sms }), {
  metrics: createEmfMetrics({ serviceName: METRIC_DIMENSIONS.service }),
});

import type { Logger } from '../lib/adapters/logger.js';
import type { Config } from '../lib/config.js';
import type { Clock } from '../lib/ports/clock.js';
import type { Scheduler } from '../lib/ports/scheduler.js';
import type { SmsGateway } from '../lib/ports/sms-gateway.js';
import type { Store } from '../lib/ports/store.js';

/** Everything a handler needs, built once per process by a composition root (functions/lambda/*, local/). */
export interface Deps {
  store: Store;
  sms: SmsGateway;
  scheduler: Scheduler;
  clock: Clock;
  config: Config;
  logger: Logger;
}

import type { Logger } from '../adapters/logger.js';
import type { Config } from '../config.js';
import type { Clock } from './clock.js';
import type { JobQueue } from './job-queue.js';
import type { Scheduler } from './scheduler.js';
import type { SmsGateway } from './sms-gateway.js';
import type { StaffDirectory } from './staff-directory.js';
import type { Store } from './store.js';

/** Everything a handler needs, built once per process by a composition root (functions/lambda/*, local/). */
export interface Deps {
  store: Store;
  sms: SmsGateway;
  scheduler: Scheduler;
  /** Starts background jobs (large departures). */
  jobs: JobQueue;
  /** Staff sign-in (Cognito in the cloud), kept in line with staff uploads and departures. */
  directory: StaffDirectory;
  clock: Clock;
  config: Config;
  logger: Logger;
}

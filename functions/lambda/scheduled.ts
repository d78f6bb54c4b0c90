import { schedulerFromEnv } from '../adapters/eventbridge-scheduler.js';
import { depsFromEnv } from '../env.js';
import { createScheduledHandler } from '../scheduled.js';

/** Lambda entry of EventBridge Scheduler targets (deadlines, reminders, sweep). */
export const handler = createScheduledHandler(depsFromEnv(process.env, 'foster-scheduled', { scheduler: schedulerFromEnv }));

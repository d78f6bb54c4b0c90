import { createReminderStore } from '../../lib/adapters/dynamodb/reminder-store.js';
import { depsFromEnv } from '../env.js';
import { createScheduledHandler } from '../scheduled.js';

/** Lambda entry of EventBridge Scheduler targets (deadlines, the daily reminder run, sweep). */
export const handler = createScheduledHandler(depsFromEnv(process.env, 'foster-scheduled', { storeParts: { reminders: createReminderStore } }));

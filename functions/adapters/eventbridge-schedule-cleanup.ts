import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { createEventBridgeScheduleCleanup } from '../../lib/adapters/scheduler/eventbridge-schedule-cleanup.js';
import type { ScheduleCleanup } from '../../lib/ports/scheduler.js';
import { schedulerEnv } from '../env.js';

/** Lists and deletes schedules of the deployment's group (the migrate function only). */
export function scheduleCleanupFromEnv(env: NodeJS.ProcessEnv): ScheduleCleanup {
  return createEventBridgeScheduleCleanup({ client: new SchedulerClient({}), groupName: schedulerEnv().parse(env).SCHEDULE_GROUP });
}

import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { createEventBridgeScheduler } from '../../lib/adapters/scheduler/eventbridge-scheduler.js';
import type { Scheduler } from '../../lib/ports/scheduler.js';
import { schedulerEnv } from '../env.js';

/** One-time schedules on EventBridge Scheduler, in the deployment's group, invoking the scheduled function. */
export function schedulerFromEnv(env: NodeJS.ProcessEnv): Scheduler {
  const e = schedulerEnv().parse(env);
  return createEventBridgeScheduler({
    client: new SchedulerClient({}),
    groupName: e.SCHEDULE_GROUP,
    targetArn: e.SCHEDULED_TARGET_ARN,
    roleArn: e.SCHEDULER_ROLE_ARN,
    deadLetterArn: e.SCHEDULER_DLQ_ARN,
  });
}

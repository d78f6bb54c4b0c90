import { DeleteScheduleCommand, paginateListSchedules, ResourceNotFoundException, type SchedulerClient } from '@aws-sdk/client-scheduler';
import type { ScheduleCleanup } from '../../ports/scheduler.js';

// ScheduleCleanup on EventBridge Scheduler: lists a group's schedules by name prefix and deletes
// them. Only the migrate function builds it, so only it may delete (infra derives IAM from bundles).

export function createEventBridgeScheduleCleanup({ client, groupName }: { client: SchedulerClient; groupName: string }): ScheduleCleanup {
  return {
    async list(prefix) {
      const names: string[] = [];
      for await (const page of paginateListSchedules({ client }, { GroupName: groupName, NamePrefix: prefix })) {
        for (const s of page.Schedules ?? []) if (s.Name) names.push(s.Name);
      }
      return names;
    },
    async cancel(name) {
      try {
        await client.send(new DeleteScheduleCommand({ Name: name, GroupName: groupName }));
      } catch (error) {
        if (error instanceof ResourceNotFoundException) return;
        throw error;
      }
    },
  };
}

import { createLocalScheduler } from '../adapters/local/scheduler.js';
import { mapConcurrent } from '../util/map-concurrent.js';
import type { Migration } from './runner.js';

// v6: visit reminders no longer have one-time schedules each (two per visit); one daily run at the
// reminder hour reads the day's due visits from the index. The schedules the previous version made
// ('due.*' and 'late.*', lib/domain/schedule-names.ts) are listed through the Scheduler port and
// deleted, so no reminder goes out twice. Without a scheduler in the context (npm start, npm run
// migrate) the local scheduler's items in this table are the ones removed. Deleting is idempotent.

export const VISIT_SCHEDULE_PREFIXES = ['due.', 'late.'] as const;

export const dropVisitSchedules: Migration = {
  version: 6,
  name: 'drop-visit-schedules',
  async run(ctx) {
    const scheduler = ctx.scheduler ?? createLocalScheduler({ client: ctx.client, tableName: ctx.tableName, clock: { now: () => ctx.now } });
    const names = (await Promise.all(VISIT_SCHEDULE_PREFIXES.map((p) => scheduler.list(p)))).flat();
    await mapConcurrent(names, 8, (name) => scheduler.cancel(name));
    ctx.logger.info('visit reminder schedules removed', { removed: names.length });
  },
};

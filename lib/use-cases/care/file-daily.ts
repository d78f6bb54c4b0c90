import { applyContacts } from '../../domain/customer-file.js';
import { localDate, localHour } from '../../domain/time.js';
import type { Deps } from '../../ports/deps.js';
import { FILE_SHARDS, type FileWrite } from '../../ports/file-store.js';
import { mapConcurrent } from '../../util/map-concurrent.js';
import { planCare, type CarePlanResult } from './plan-care.js';

// The customer file's daily work, fired by the hourly sweep during the sending window from the care
// hour on (each step idempotent, so later sweeps of the day find empty buckets): files whose evidence
// left the window are re-segmented (a quadrant change writes its history entry), then the day's
// care SMS are planned.

type DailyDeps = Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>;

/** Re-evaluates every file whose oldest signal left the window by `day` (default today). */
export async function resegmentDue(deps: DailyDeps, day = localDate(deps.clock.now())): Promise<{ due: number; changed: number; conflicts: number }> {
  const { store, config } = deps;
  const now = deps.clock.now();
  let due = 0;
  let changed = 0;
  let conflicts = 0;
  await mapConcurrent(
    Array.from({ length: FILE_SHARDS }, (_, i) => i),
    4,
    async (shard) => {
      const files = await store.segmentsDue(shard, day, 50_000);
      due += files.length;
      for (let i = 0; i < files.length; i += 500) {
        const chunk = files.slice(i, i + 500);
        const profiles = await store.getCustomers(chunk.map((f) => f.customerId));
        const writes: FileWrite[] = chunk.flatMap((file) => {
          const profile = profiles.get(file.customerId);
          return profile ? [applyContacts(profile, file, [], now, config)] : [];
        });
        changed += writes.filter((w) => w.history.some((e) => e.kind === 'quadrant')).length;
        conflicts += (await store.commitFiles(writes)).refused.length;
      }
    },
  );
  return { due, changed, conflicts };
}

/** Whether the sweep at `now` should run the file's daily work: in the sending window, from the care hour. */
export function fileDailyDue(now: Date, config: DailyDeps['config']): boolean {
  const hour = localHour(now);
  return hour >= config.careHour && hour >= config.smsFromHour && hour < config.smsUntilHour;
}

export async function runFileDaily(deps: DailyDeps): Promise<{ resegmented: number; care: CarePlanResult }> {
  const resegmented = await resegmentDue(deps);
  const care = await planCare(deps);
  return { resegmented: resegmented.due, care };
}

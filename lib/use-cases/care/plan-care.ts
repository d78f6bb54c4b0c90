import { nextSlot, perWeekOf, planCareDay } from '../../domain/care.js';
import { applyContacts } from '../../domain/customer-file.js';
import type { CustomerFile, CustomerProfile } from '../../domain/customer.js';
import { CARE_TIPS, occasionsBetween } from '../../domain/occasions.js';
import { newSms } from '../../domain/sms.js';
import { atLocalTime, inQuietHours, localDate, nextWindowOpen } from '../../domain/time.js';
import type { Deps } from '../../ports/deps.js';
import { FILE_SHARDS, type FileWrite } from '../../ports/file-store.js';
import { mapConcurrent } from '../../util/map-concurrent.js';

// planCare (daily, from the sweep): the day's routine care SMS of the farm. Main course: read each
// shard's bucket of files due up to today (no Scan), their profiles and opt-outs in batches, decide
// each customer's SMS (an occasion before their next slot, else a service tip; never over the weekly
// cap, never to an opted-out number, never while a visit programme runs), and write the SMS, the
// file's care state and the history entry together, many customers a transaction.

type CareDeps = Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>;

const CHUNK = 500;
/** SMS of a day are spread over the hour after the care hour, so the outbox does not get 100,000 at once. */
const SPREAD_MINUTES = 60;

export interface CarePlanResult {
  due: number;
  queued: number;
  capReached: number;
  optedOut: number;
  skipped: number;
  conflicts: number;
}

function spread(customerId: string): number {
  let h = 0;
  for (let i = 0; i < customerId.length; i++) h = (Math.imul(31, h) + customerId.charCodeAt(i)) | 0;
  return Math.abs(h) % SPREAD_MINUTES;
}

/** When a care SMS of `day` may go: its minute after the care hour, never before now, never in quiet hours. */
export function careSendAfter(now: Date, day: string, customerId: string, config: CareDeps['config']): Date {
  const planned = new Date(atLocalTime(day, config.careHour).getTime() + spread(customerId) * 60_000);
  const at = planned > now ? planned : now;
  const window = { startHour: config.smsFromHour, endHour: config.smsUntilHour };
  return inQuietHours(at, window) ? nextWindowOpen(at, window) : at;
}

/** Decides one customer's care for `day`: the write, and what happened. */
export function careWrite(
  deps: Pick<CareDeps, 'clock' | 'config'>,
  profile: CustomerProfile,
  file: CustomerFile,
  day: string,
  optedOut: boolean,
): { write?: FileWrite; outcome: 'queued' | 'capReached' | 'optedOut' | 'skipped' } {
  const { config } = deps;
  const now = deps.clock.now();
  const care = file.care;
  if (!care?.active || file.programme === 'running') return { outcome: 'skipped' };
  if (optedOut || file.optedOutAt) {
    // An opt-out the file had not heard of (recorded on the number): the file learns it and leaves the plan.
    return { write: applyContacts(profile, file, [{ kind: 'optOut' }], now, config), outcome: 'optedOut' };
  }
  const perWeek = perWeekOf(file.segment?.quadrant, config.careCadence);
  const occasion = occasionsBetween(day, nextSlot(day, profile.id, perWeek), profile).find((o) => !care.occasions[o.key]);
  const decision = planCareDay(care, day, profile.id, perWeek, config.careWeeklyCap, occasion?.key);
  if (!decision.send) {
    return { write: applyContacts(profile, { ...file, care: decision.care }, [], now, config), outcome: 'capReached' };
  }
  const template = occasion?.template ?? CARE_TIPS[care.sent % CARE_TIPS.length]!;
  const sms = newSms({
    id: `care.${profile.id}.${day}`,
    to: profile.phone,
    template,
    params: { customerName: profile.name, ...(occasion?.params ?? {}) },
    purpose: 'care',
    now,
    customerId: profile.id,
  });
  sms.sendAfter = careSendAfter(now, day, profile.id, config).toISOString();
  const {
    file: next,
    history,
    was,
  } = applyContacts(
    profile,
    file,
    [{ kind: 'careSms', smsId: sms.id, template, day, care: decision.care, ...(occasion ? { occasion: occasion.key } : {}) }],
    now,
    config,
  );
  return { write: { file: next, history, was, sms: [sms] }, outcome: 'queued' };
}

/** Plans `day` (default: today in Shanghai) for every shard, or the ones given. Idempotent. */
export async function planCare(deps: CareDeps, options: { day?: string; shards?: readonly number[]; limit?: number } = {}): Promise<CarePlanResult> {
  const { store, logger } = deps;
  const day = options.day ?? localDate(deps.clock.now());
  const shards = options.shards ?? Array.from({ length: FILE_SHARDS }, (_, i) => i);
  const result: CarePlanResult = { due: 0, queued: 0, capReached: 0, optedOut: 0, skipped: 0, conflicts: 0 };
  await mapConcurrent(shards, 4, async (shard) => {
    const files = await store.careDue(shard, day, options.limit ?? 50_000);
    result.due += files.length;
    for (let i = 0; i < files.length; i += CHUNK) {
      const chunk = files.slice(i, i + CHUNK);
      const profiles = await store.getCustomers(chunk.map((f) => f.customerId));
      const opted = await store.optedOut([...new Set([...profiles.values()].map((p) => p.phone))]);
      const writes: FileWrite[] = [];
      for (const file of chunk) {
        const profile = profiles.get(file.customerId);
        if (!profile) {
          result.skipped++;
          continue;
        }
        const { write, outcome } = careWrite(deps, profile, file, day, opted.has(profile.phone));
        result[outcome]++;
        if (write) writes.push(write);
      }
      const { refused } = await store.commitFiles(writes);
      // A contact changed these files meanwhile: they stay due and the next run plans them.
      result.conflicts += refused.length;
    }
  });
  logger.info('care planned', { day, ...result });
  return result;
}

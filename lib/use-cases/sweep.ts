import { addDays, localDate } from '../domain/time.js';
import type { Deps } from '../ports/deps.js';
import { markOverdue } from './mark-overdue.js';

// sweep (hourly safety net): whatever a lost or failed one-time schedule should have done is done
// here: deadlines of the last week that passed are marked overdue (each step is idempotent, so
// running it after the schedule did changes nothing).

const LOOKBACK_DAYS = 7;

export async function sweep(deps: Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>): Promise<{ marked: number }> {
  const today = localDate(deps.clock.now());
  let marked = 0;
  for (let d = LOOKBACK_DAYS; d >= 0; d--) marked += (await markOverdue(deps, addDays(today, -d))).marked;
  return { marked };
}

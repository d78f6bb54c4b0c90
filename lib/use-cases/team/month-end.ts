import { stateFigures } from '../../domain/team.js';
import { lastDayOfPreviousMonth, localDate } from '../../domain/time.js';
import type { Deps } from '../../ports/deps.js';
import { mapConcurrent } from '../../util/map-concurrent.js';

// snapshotMonthEnd (the daily and hourly runs): once a month has ended, each agent's state figures
// as of its last day (late invitations, never contacted, unreachable, maintenance) are copied into
// the agent's month item, so a past month's metrics show that month's end, not today's state.

/** Takes the snapshot of the month before `now`'s, once; returns the month and how many agents were written, or undefined when already taken. */
export async function snapshotMonthEnd(deps: Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>): Promise<{ month: string; agents: number } | undefined> {
  const { store, clock, config, logger } = deps;
  const now = clock.now();
  const lastDay = lastDayOfPreviousMonth(now);
  const month = lastDay.slice(0, 7);
  if (await store.monthEndTaken(month)) return undefined;
  const states = await store.allAgentStates();
  // Each write is conditional (first one stands), so a run that crashed midway is simply rerun.
  await mapConcurrent(states, 16, (state) => store.writeMonthEnd(state.agentId, month, { ...stateFigures(state, lastDay, config), asOf: now.toISOString() }));
  await store.markMonthEnd(month, now.toISOString());
  logger.info('month-end state snapshot taken', { month, agents: states.length, today: localDate(now) });
  return { month, agents: states.length };
}

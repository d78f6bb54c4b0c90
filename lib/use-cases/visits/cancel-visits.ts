import { scheduleNames } from '../../domain/schedule-names.js';
import type { Deps } from '../../ports/deps.js';
import { mapConcurrent } from '../../util/map-concurrent.js';

// cancelVisitsOfAgent: when an agent leaves, their unfinished visits end (the customer's next
// agent gets three new ones at approval) and every reminder schedule of theirs is deleted, so no
// text about a customer reaches an agent who no longer serves them.

export async function cancelVisitsOfAgent({ store, scheduler, clock }: Pick<Deps, 'store' | 'scheduler' | 'clock'>, agentId: string): Promise<number> {
  // A departed agent keeps no customers: their state figures (late invitations, unreachable, maintenance) go to zero.
  await store.resetAgentState(agentId);
  const open = (await store.visitsOfAgent(agentId)).filter((v) => v.state === 'open' || v.state === 'waiting');
  if (!open.length) return 0;
  const at = clock.now().toISOString();
  const { saved } = await store.saveVisits(
    open.map((v) => ({ ...v, state: 'cancelled', cancelReason: 'agentDeparted', cancelledAt: at, version: v.version + 1 })),
  );
  const names = open.flatMap((v) => [
    scheduleNames.visitReminder(v.id, agentId, false),
    scheduleNames.visitReminder(v.id, agentId, true),
    ...v.attempts.filter((a) => a.outcome === 'refused').map((a) => scheduleNames.retryReminder(v.id, a.at)),
  ]);
  await mapConcurrent(names, 8, (name) => scheduler.cancel(name));
  return saved.length;
}

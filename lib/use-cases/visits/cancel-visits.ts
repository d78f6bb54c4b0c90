import type { Deps } from '../../ports/deps.js';

// cancelVisitsOfAgent: when an agent leaves, their unfinished visits end (the customer's next
// agent gets three new ones at approval). A cancelled visit leaves the due-day and retry indexes,
// so the daily reminder run texts no agent about a customer they no longer serve.

export async function cancelVisitsOfAgent({ store, clock }: Pick<Deps, 'store' | 'clock'>, agentId: string): Promise<number> {
  // A departed agent keeps no customers: their state figures (late invitations, unreachable, maintenance) go to zero.
  await store.resetAgentState(agentId);
  const open = (await store.visitsOfAgent(agentId)).filter((v) => v.state === 'open' || v.state === 'waiting');
  if (!open.length) return 0;
  const at = clock.now().toISOString();
  const { saved } = await store.saveVisits(
    open.map((v) => ({ ...v, state: 'cancelled', cancelReason: 'agentDeparted', cancelledAt: at, version: v.version + 1 })),
  );
  return saved.length;
}

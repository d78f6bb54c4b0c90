import { createHash } from 'node:crypto';
import { newSms } from '../../domain/sms.js';
import { addDays, localDate } from '../../domain/time.js';
import type { Visit } from '../../domain/visit.js';
import type { Deps } from '../../ports/deps.js';

// remindFirstInvitations: the agent should phone a new orphan within firstInvitationDays (一五天) of
// approval. Visits 1 still untried when that window closed are read from their day bucket; each agent
// gets one text saying how many customers wait, and each visit is marked reminded in the same
// transaction (leaving the bucket), so no customer is counted in two texts, however often this runs.

/** Days back the hourly sweep looks for closed windows, so missed runs are made up. */
export const FIRST_INVITATION_LOOKBACK_DAYS = 7;
/** Visits marked per transaction (the text is the 100th item). */
const PER_TEXT = 99;

/** The window-close days the sweep checks on `today`: yesterday and the days before it. */
export function closedWindowDays(today: string): string[] {
  return Array.from({ length: FIRST_INVITATION_LOOKBACK_DAYS }, (_, i) => addDays(today, -(i + 1)));
}

/**
 * Texts every agent with visits 1 whose first-invitation window closed on one of `days` (only days
 * before today count: a window closes at the end of its day) and that are still untried.
 */
export async function remindFirstInvitations(
  deps: Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>,
  days: readonly string[],
): Promise<{ texted: number; customers: number }> {
  const { store, clock, config, logger } = deps;
  const now = clock.now();
  const today = localDate(now);
  const closed = days.filter((d) => d < today);
  const waiting = (await Promise.all(closed.map((d) => store.visitsAwaitingFirstInvitation(d)))).flat();
  if (!waiting.length) return { texted: 0, customers: 0 };

  const byAgent = new Map<string, Visit[]>();
  for (const v of waiting) byAgent.set(v.agentId, [...(byAgent.get(v.agentId) ?? []), v]);
  const agents = await store.getStaff([...byAgent.keys()]);
  const at = now.toISOString();
  let texted = 0;
  let customers = 0;
  for (const [agentId, visits] of byAgent) {
    const agent = agents.get(agentId);
    if (!agent || agent.status !== 'active') continue;
    visits.sort((a, b) => a.id.localeCompare(b.id));
    for (let i = 0; i < visits.length; i += PER_TEXT) {
      const batch = visits.slice(i, i + PER_TEXT);
      // The id names the visits it is about: a repeated or racing run writes the same text, once.
      const digest = createHash('sha256')
        .update(batch.map((v) => v.id).join('\n'))
        .digest('hex')
        .slice(0, 16);
      const sms = newSms({
        id: `firstInvitation.${agentId}.${digest}`,
        to: agent.phone,
        template: 'firstInvitationLate',
        params: { count: batch.length, days: config.firstInvitationDays },
        purpose: 'firstInvitation',
        now,
        staffId: agentId,
      });
      if (await store.remindFirstInvitation(batch, sms, at)) {
        texted++;
        customers += batch.length;
      }
    }
  }
  logger.info('first invitation reminders', { days: closed, waiting: waiting.length, texted, customers });
  return { texted, customers };
}

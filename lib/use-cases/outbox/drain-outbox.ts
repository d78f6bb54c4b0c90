import { maskPhone } from '../../domain/phone.js';
import type { SmsMessage } from '../../domain/sms.js';
import { inQuietHours, nextWindowOpen } from '../../domain/time.js';
import type { Deps } from '../../ports/deps.js';
import { mapConcurrent } from '../../util/map-concurrent.js';

// drainOutbox: sends queued SMS that are due. At send time it checks opt-out (suppressed, never
// sent) and quiet hours (deferred to the next 08:00, never dropped), claims each message with a
// conditional write so two senders never both send it, and stores the gateway's message id.

const CLAIM_STALE_MS = 5 * 60_000;
const ANSWERS = new Set(['optOutConfirm', 'help']);

export interface DrainResult {
  sent: number;
  deferred: number;
  suppressed: number;
  failed: number;
}

/** Sends what is due now; with `ids`, only those messages (the stream trigger). */
export async function drainOutbox(
  deps: Pick<Deps, 'store' | 'sms' | 'clock' | 'config' | 'logger'>,
  options: { ids?: string[]; limit?: number } = {},
): Promise<DrainResult> {
  const { store, sms, clock, config, logger } = deps;
  const now = clock.now();
  const at = now.toISOString();
  const candidates = options.ids ? await store.getSms(options.ids) : await store.dueSms(at, options.limit ?? 500);
  const due = candidates.filter((m) => (m.state === 'queued' || m.state === 'sending') && m.sendAfter <= at);
  const result: DrainResult = { sent: 0, deferred: 0, suppressed: 0, failed: 0 };
  if (!due.length) return result;

  const optedOut = await store.optedOut([...new Set(due.map((m) => m.to))]);
  const window = { startHour: config.smsFromHour, endHour: config.smsUntilHour };
  const quiet = inQuietHours(now, window);
  const staleBefore = new Date(now.getTime() - CLAIM_STALE_MS).toISOString();

  await mapConcurrent(due, 8, async (m: SmsMessage) => {
    const log = { messageId: m.id, purpose: m.purpose, to: maskPhone(m.to) };
    // The opt-out confirmation and a HELP answer go to a number that has just opted out, by design.
    if (optedOut.has(m.to) && !ANSWERS.has(m.purpose)) {
      await store.suppressSms(m.id, 'optedOut', at);
      result.suppressed++;
      logger.info('sms suppressed: opted out', log);
      return;
    }
    if (quiet) {
      await store.deferSms(m.id, nextWindowOpen(now, window).toISOString());
      result.deferred++;
      return;
    }
    if (!(await store.claimSms(m.id, at, staleBefore))) return; // another sender has it
    try {
      const { providerMessageId } = await sms.send({
        id: m.id,
        to: m.to,
        template: m.template,
        params: m.params,
        ...(m.body !== undefined ? { body: m.body } : {}),
      });
      await store.markSmsSent(m, providerMessageId, clock.now().toISOString());
      result.sent++;
      logger.info('sms sent', { ...log, providerMessageId });
    } catch (error) {
      // Left claimed: a later drain takes it over once the claim is stale.
      result.failed++;
      logger.error('sms send failed', { ...log, error });
    }
  });
  return result;
}

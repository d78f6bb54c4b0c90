import { randomUUID } from 'node:crypto';
import { METRIC } from '../../domain/metrics.js';
import { afterFailure, CLAIM_STALE_SECONDS } from '../../domain/outbox.js';
import { maskPhone } from '../../domain/phone.js';
import type { SmsMessage } from '../../domain/sms.js';
import { inQuietHours, nextWindowOpen } from '../../domain/time.js';
import type { Deps } from '../../ports/deps.js';
import { noMetrics, type Metrics } from '../../ports/metrics.js';
import type { ClaimContext, SmsOutcome } from '../../ports/outbox-store.js';
import { SmsSendError } from '../../ports/sms-gateway.js';
import { mapConcurrent } from '../../util/map-concurrent.js';

// drainOutbox: sends the queued texts that are due. Opt-outs are suppressed and quiet hours defer
// (never drop); the rest are claimed in batches (one drain wins each), sent, and every outcome is
// written back in batches: sent, retried later with backoff, or failed (and out of the queue).

const ANSWERS = new Set(['optOutConfirm', 'help']);
const SEND_CONCURRENCY = 8;

export interface DrainResult {
  sent: number;
  deferred: number;
  suppressed: number;
  /** Back in the queue after a transient failure. */
  retried: number;
  /** Failed for good (or out of tries). */
  failed: number;
}

export interface DrainOptions {
  /** Only these messages (the stream trigger, from its images); the due index is not read. */
  readonly messages?: readonly SmsMessage[];
  /** Only these message ids. */
  readonly ids?: readonly string[];
  /** Most messages read from the due index. @default 500 */
  readonly limit?: number;
  /** Milliseconds the caller may spend; no send starts after it, and what was claimed but not tried goes back to the queue. */
  readonly timeBudgetMs?: number;
}

/** Sends what is due now (or the given messages), in batches. */
export async function drainOutbox(
  deps: Pick<Deps, 'store' | 'sms' | 'clock' | 'config' | 'logger'> & { metrics?: Metrics },
  options: DrainOptions = {},
): Promise<DrainResult> {
  const { store, sms, clock, config, logger } = deps;
  const metrics = deps.metrics ?? noMetrics;
  const started = performance.now();
  const now = clock.now();
  const at = now.toISOString();
  const fromIndex = !options.messages && !options.ids;
  const candidates = options.messages ?? (options.ids ? await store.getSms(options.ids) : await store.dueSms(at, options.limit ?? 500));
  const due = candidates.filter((m) => (m.state === 'queued' || m.state === 'sending') && m.sendAfter <= at);
  const result: DrainResult = { sent: 0, deferred: 0, suppressed: 0, retried: 0, failed: 0 };
  const window = { startHour: config.smsFromHour, endHour: config.smsUntilHour };
  const quiet = inQuietHours(now, window);
  // Texts held overnight are not late: in quiet hours nothing is.
  if (fromIndex) {
    const oldest = due.reduce<string | undefined>((a, m) => (a === undefined || m.sendAfter < a ? m.sendAfter : a), undefined);
    metrics.seconds(METRIC.outboxOldestDueAgeSeconds, quiet || !oldest ? 0 : Math.max(0, (now.getTime() - Date.parse(oldest)) / 1000));
  }
  if (!due.length) {
    metrics.flush();
    return result;
  }

  const claim: ClaimContext = { at, staleBefore: new Date(now.getTime() - CLAIM_STALE_SECONDS * 1000).toISOString(), claimId: randomUUID() };
  const optedOut = await store.optedOut([...new Set(due.map((m) => m.to))]);
  const waiting: SmsOutcome[] = [];
  const toSend: SmsMessage[] = [];
  for (const m of due) {
    // The opt-out confirmation and a HELP answer go to a number that has just opted out, by design.
    if (optedOut.has(m.to) && !ANSWERS.has(m.purpose)) waiting.push({ kind: 'suppressed', message: m, reason: 'optedOut' });
    else if (quiet) waiting.push({ kind: 'deferred', message: m, sendAfter: nextWindowOpen(now, window).toISOString() });
    else toSend.push(m);
  }
  if (waiting.length) {
    const { settled } = await store.settleSms(waiting, claim);
    const done = new Set(settled);
    for (const o of waiting) {
      if (!done.has(o.message.id)) continue;
      if (o.kind === 'suppressed') {
        result.suppressed++;
        logger.info('sms suppressed: opted out', { messageId: o.message.id, purpose: o.message.purpose, to: maskPhone(o.message.to) });
      } else result.deferred++;
    }
  }

  const claimed = toSend.length ? await store.claimSmsBatch(toSend, claim) : [];
  const policy = { maxAttempts: config.smsMaxAttempts, retryBaseSeconds: config.smsRetryBaseSeconds, startHour: config.smsFromHour };
  const outcomes = await mapConcurrent(claimed, SEND_CONCURRENCY, async (m): Promise<SmsOutcome> => {
    if (options.timeBudgetMs !== undefined && performance.now() - started > options.timeBudgetMs) return { kind: 'released', message: m };
    const log = { messageId: m.id, purpose: m.purpose, to: maskPhone(m.to) };
    try {
      const { providerMessageId } = await sms.send({
        id: m.id,
        to: m.to,
        ...(m.template ? { template: m.template, params: m.params } : {}),
        ...(m.body !== undefined ? { body: m.body } : {}),
      });
      logger.info('sms sent', { ...log, providerMessageId });
      return { kind: 'sent', message: m, providerMessageId };
    } catch (error) {
      // Anything a gateway did not classify (a network error, a timeout) is transient.
      const failure = error instanceof SmsSendError ? error : undefined;
      const code = failure?.code ?? (error instanceof Error ? error.name : 'Error');
      const decision = afterFailure(m.attempts ?? 0, failure ?? { kind: 'retry' }, clock.now(), policy);
      if (decision.state === 'queued') {
        logger.warn('sms send failed: will retry', { ...log, code, attempts: decision.attempts, sendAfter: decision.sendAfter, error });
        return { kind: 'retry', message: m, sendAfter: decision.sendAfter, attempts: decision.attempts, error: code };
      }
      logger.error('sms send failed for good', { ...log, code, attempts: decision.attempts, reason: decision.reason, error });
      return { kind: 'failed', message: m, reason: decision.reason, attempts: decision.attempts, error: code, optOut: failure?.kind === 'optedOut' };
    }
  });

  if (outcomes.length) {
    const { lost } = await store.settleSms(outcomes, { ...claim, at: clock.now().toISOString() });
    const gone = new Set(lost);
    for (const o of outcomes) {
      if (gone.has(o.message.id)) {
        logger.error('sms outcome not written: the claim was taken over', { messageId: o.message.id, outcome: o.kind });
        continue;
      }
      if (o.kind === 'sent') result.sent++;
      else if (o.kind === 'retry') result.retried++;
      else if (o.kind === 'failed') result.failed++;
    }
  }
  metrics.count(METRIC.smsSent, result.sent);
  metrics.count(METRIC.smsFailed, result.failed);
  metrics.count(METRIC.smsRetried, result.retried);
  metrics.count(METRIC.smsDeferred, result.deferred);
  metrics.count(METRIC.smsSuppressed, result.suppressed);
  metrics.flush();
  return result;
}

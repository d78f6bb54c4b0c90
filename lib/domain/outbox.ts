import { addDays, atLocalTime, localDate } from './time.js';

// The outbox's rules for a text that could not be sent: transient failures go back to the queue
// with exponential backoff and count as a try; permanent ones (and the provider's blacklist) fail
// at once; a text still failing after the configured number of tries fails and leaves the queue.

/**
 * A claim older than this is taken over by the next drain. The outbox function's timeout is below
 * it and every provider client's request timeout is below that (infra/stateless-stack.ts, tested),
 * so a claim can only go stale once the drain holding it is gone: a slow send is never sent twice.
 */
export const CLAIM_STALE_SECONDS = 300;

/** How long one provider request may take before the client aborts it. */
export const SMS_REQUEST_TIMEOUT_SECONDS = 10;

/** The longest wait between two tries. */
const MAX_BACKOFF_SECONDS = 6 * 3600;

export interface RetryPolicy {
  /** Tries in all (the first included) before a text fails for good. */
  readonly maxAttempts: number;
  /** Wait after the first failed try; doubled after each further one. */
  readonly retryBaseSeconds: number;
  /** The sending window's first hour (Asia/Shanghai), for "next day" retries. */
  readonly startHour: number;
}

export type FailureDecision =
  | { readonly state: 'queued'; readonly sendAfter: string; readonly attempts: number }
  | { readonly state: 'failed'; readonly reason: 'permanent' | 'optedOutAtProvider' | 'retriesExhausted'; readonly attempts: number };

/**
 * What becomes of a text after a failed try.
 *
 * @example
 * afterFailure(0, { kind: 'retry' }, now, { maxAttempts: 5, retryBaseSeconds: 60, startHour: 8 })
 * // => { state: 'queued', sendAfter: now + 60 s, attempts: 1 }
 */
export function afterFailure(
  attemptsBefore: number,
  failure: { readonly kind: 'retry' | 'permanent' | 'optedOut'; readonly retryNextDay?: boolean },
  now: Date,
  policy: RetryPolicy,
): FailureDecision {
  const attempts = attemptsBefore + 1;
  if (failure.kind === 'permanent') return { state: 'failed', reason: 'permanent', attempts };
  if (failure.kind === 'optedOut') return { state: 'failed', reason: 'optedOutAtProvider', attempts };
  if (attempts >= policy.maxAttempts) return { state: 'failed', reason: 'retriesExhausted', attempts };
  if (failure.retryNextDay) return { state: 'queued', sendAfter: atLocalTime(addDays(localDate(now), 1), policy.startHour).toISOString(), attempts };
  const wait = Math.min(MAX_BACKOFF_SECONDS, policy.retryBaseSeconds * 2 ** (attempts - 1));
  return { state: 'queued', sendAfter: new Date(now.getTime() + wait * 1000).toISOString(), attempts };
}

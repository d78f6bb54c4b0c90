import type { SmsMessage } from '../domain/sms.js';

// The outbox's batched writes: a drain claims the texts it is about to send in transactions of
// conditional updates (only one drain wins each text) and writes what happened to all of them in
// as few transactions as fit, so sending costs a small fraction of one DynamoDB request per text.

/** What a drain did with one text. */
export type SmsOutcome =
  /** The provider accepted it; a rating request also stamps its visit and counts in the agent's month. */
  | { readonly kind: 'sent'; readonly message: SmsMessage; readonly providerMessageId: string }
  /** A transient failure: back to the queue until `sendAfter`, one more try counted. */
  | { readonly kind: 'retry'; readonly message: SmsMessage; readonly sendAfter: string; readonly attempts: number; readonly error: string }
  /** Failed for good; with `optOut` the number is recorded as opted out (the provider's blacklist). */
  | {
      readonly kind: 'failed';
      readonly message: SmsMessage;
      readonly reason: string;
      readonly attempts: number;
      readonly error: string;
      readonly optOut?: boolean;
    }
  /** Quiet hours: not claimed, held until the window opens. */
  | { readonly kind: 'deferred'; readonly message: SmsMessage; readonly sendAfter: string }
  /** The number opted out: not claimed, never sent. */
  | { readonly kind: 'suppressed'; readonly message: SmsMessage; readonly reason: string }
  /** Claimed but not tried (the drain ran out of time): back to the queue as it was. */
  | { readonly kind: 'released'; readonly message: SmsMessage };

export interface ClaimContext {
  readonly at: string;
  /** Claims older than this are taken over. */
  readonly staleBefore: string;
  /** This drain's id: only it may settle what it claimed. */
  readonly claimId: string;
}

/** A provider's delivery receipt for one text. */
export interface DeliveryReceipt {
  readonly providerMessageId: string;
  readonly delivered: boolean;
  readonly at: string;
  /** The provider's status code when undelivered. */
  readonly error?: string;
}

export interface OutboxStore {
  /** Claims the texts that are still queued (or whose claim is stale) and due; returns those this drain won. */
  claimSmsBatch(messages: readonly SmsMessage[], claim: ClaimContext): Promise<SmsMessage[]>;
  /**
   * Writes every outcome, batched in transactions: sent/retry/failed/released only while the claim is
   * still `claim.claimId`'s, deferred/suppressed only while the text is still waiting. `lost` are the
   * claimed texts someone else had taken over meanwhile (their outcome was not written).
   */
  settleSms(outcomes: readonly SmsOutcome[], claim: ClaimContext): Promise<{ settled: string[]; lost: string[] }>;
  /**
   * Applies a receipt to the text with that provider id, once: `unknown` when no text has it,
   * `duplicate` when a receipt was applied before. An undelivered rating request leaves the agent's
   * `ratingRequests` for `undelivered`, and every undelivered customer text lands in the customer's file.
   */
  recordDeliveryReceipt(receipt: DeliveryReceipt): Promise<'applied' | 'duplicate' | 'unknown'>;
}

import type { SmsParams, SmsTemplate } from '../domain/sms.js';

/** One text to send: a registered template and its parameters (or, for a pre-template message, its text). */
export interface OutboundSms {
  /** foster's message id: a gateway may use it to refuse a duplicate. */
  id: string;
  /** E.164. */
  to: string;
  template?: SmsTemplate;
  params?: SmsParams;
  /** Only on messages queued before template keys existed. */
  body?: string;
}

/** Sends one SMS; each gateway renders the template its own way (text for SNS, template id and parameter list for Tencent). */
export interface SmsGateway {
  send(message: OutboundSms): Promise<{ providerMessageId: string }>;
}

/**
 * How the outbox treats a failed send:
 * - `retry`: throttling, a daily limit, a provider or network error: try again later, with backoff.
 * - `permanent`: it can never succeed (invalid number, unsupported region, text refused): failed at once.
 * - `optedOut`: the number is on the provider's blacklist (the customer unsubscribed there): failed at
 *   once, and foster records the number as opted out.
 */
export type SendFailureKind = 'retry' | 'permanent' | 'optedOut';

/** A gateway's refusal, classified; any other error a gateway throws is treated as `retry`. */
export class SmsSendError extends Error {
  override readonly name = 'SmsSendError';
  /** A daily limit: the next try waits for the next day's sending window. */
  readonly retryNextDay: boolean;

  constructor(
    readonly kind: SendFailureKind,
    /** The provider's code, e.g. `InvalidParameterValue.IncorrectPhoneNumber`. */
    readonly code: string,
    message: string,
    options: { cause?: unknown; retryNextDay?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryNextDay = options.retryNextDay ?? false;
  }
}

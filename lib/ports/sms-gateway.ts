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

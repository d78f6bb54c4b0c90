import { createHash } from 'node:crypto';
import * as z from './zod.js';
import type { InboundSmsPayload } from './inbound.js';
import { toE164 } from './phone.js';
import { fromLocalDateTime } from './time.js';

// What Tencent Cloud SMS posts to foster's callback routes, and how foster reads it. A reply
// carries no id of the text it answers, so it becomes the same inbound message the SNS path
// handles (matched by phone), keyed by a hash of (number, time, text): a re-delivered callback is
// the same message and changes nothing. Delivery receipts name the SerialNo SendSms returned.

/** `POST /sms/replies/tencent`: one customer reply (上行短信回调). */
export const TencentReplyCallback = z.object({
  nationcode: z.coerce.string().check(z.regex(/^\d{1,4}$/, 'must be a country code such as 86')),
  mobile: z.coerce.string().check(z.regex(/^\d{4,15}$/, 'must be the national number, digits only')),
  text: z.string().check(z.maxLength(2000)),
  /** The signature the customer replied to. */
  sign: z.optional(z.string().check(z.maxLength(100))),
  /** Unix seconds. */
  time: z.coerce.number().check(z.int(), z.nonnegative()),
  extend: z.optional(z.string().check(z.maxLength(100))),
});
export type TencentReplyCallback = z.infer<typeof TencentReplyCallback>;

/** `POST /sms/status/tencent`: delivery receipts (短信下发状态通知), several per call. */
export const TencentStatusCallback = z
  .array(
    z.object({
      /** Shanghai local time, `YYYY-MM-DD HH:mm:ss`. */
      user_receive_time: z.optional(z.string().check(z.maxLength(40))),
      nationcode: z.optional(z.coerce.string().check(z.maxLength(8))),
      mobile: z.optional(z.coerce.string().check(z.maxLength(20))),
      report_status: z.enum(['SUCCESS', 'FAIL']),
      /** The carrier's status code (`DELIVRD` when delivered). */
      errmsg: z.optional(z.string().check(z.maxLength(200))),
      description: z.optional(z.string().check(z.maxLength(500))),
      /** The SerialNo SendSms returned. */
      sid: z.string().check(z.minLength(1), z.maxLength(200)),
    }),
  )
  .check(z.maxLength(1000));
export type TencentStatusCallback = z.infer<typeof TencentStatusCallback>;

/** What Tencent expects back; anything else makes it deliver the callback again. */
export const TencentCallbackAnswer = z.object({ result: z.literal(0), errmsg: z.literal('OK') });
export const TENCENT_OK = { result: 0, errmsg: 'OK' } as const;

/** The query string of a provider callback: the shared secret token. */
export const CallbackTokenQuery = z.object({ token: z.string().check(z.minLength(1)) });

/** The reply as the inbound use case takes it, with its idempotency key derived from (number, time, text). */
export function tencentReplyToInbound(reply: TencentReplyCallback): InboundSmsPayload {
  const raw = `+${reply.nationcode}${reply.mobile}`;
  const from = toE164(raw) ?? raw;
  const key = createHash('sha256').update(`${from}\n${reply.time}\n${reply.text}`).digest('hex').slice(0, 40);
  return {
    originationNumber: from,
    destinationNumber: reply.sign ? `tencent:${reply.sign}` : 'tencent',
    messageBody: reply.text,
    inboundMessageId: `tencent-${key}`,
    previousPublishedMessageId: null,
  };
}

/** A receipt's `user_receive_time` (Shanghai) as an ISO instant, or undefined when absent or unreadable. */
export function receiptTime(userReceiveTime: string | undefined): string | undefined {
  if (!userReceiveTime) return undefined;
  return fromLocalDateTime(userReceiveTime)?.toISOString();
}

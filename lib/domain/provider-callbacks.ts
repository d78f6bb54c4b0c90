import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { InboundSmsPayload } from './inbound.js';
import { toE164 } from './phone.js';
import { ZONE } from './time.js';

// What Tencent Cloud SMS posts to foster's callback routes, and how foster reads it. A reply
// carries no id of the text it answers, so it becomes the same inbound message the SNS path
// handles (matched by phone), keyed by a hash of (number, time, text): a re-delivered callback is
// the same message and changes nothing. Delivery receipts name the SerialNo SendSms returned.

/** `POST /sms/replies/tencent`: one customer reply (上行短信回调). */
export const TencentReplyCallback = z.object({
  nationcode: z.coerce.string().regex(/^\d{1,4}$/, 'must be a country code such as 86'),
  mobile: z.coerce.string().regex(/^\d{4,15}$/, 'must be the national number, digits only'),
  text: z.string().max(2000),
  /** The signature the customer replied to. */
  sign: z.string().max(100).optional(),
  /** Unix seconds. */
  time: z.coerce.number().int().nonnegative(),
  extend: z.string().max(100).optional(),
});
export type TencentReplyCallback = z.infer<typeof TencentReplyCallback>;

/** `POST /sms/status/tencent`: delivery receipts (短信下发状态通知), several per call. */
export const TencentStatusCallback = z
  .array(
    z.object({
      /** Shanghai local time, `YYYY-MM-DD HH:mm:ss`. */
      user_receive_time: z.string().max(40).optional(),
      nationcode: z.coerce.string().max(8).optional(),
      mobile: z.coerce.string().max(20).optional(),
      report_status: z.enum(['SUCCESS', 'FAIL']),
      /** The carrier's status code (`DELIVRD` when delivered). */
      errmsg: z.string().max(200).optional(),
      description: z.string().max(500).optional(),
      /** The SerialNo SendSms returned. */
      sid: z.string().min(1).max(200),
    }),
  )
  .max(1000);
export type TencentStatusCallback = z.infer<typeof TencentStatusCallback>;

/** What Tencent expects back; anything else makes it deliver the callback again. */
export const TencentCallbackAnswer = z.object({ result: z.literal(0), errmsg: z.literal('OK') });
export const TENCENT_OK = { result: 0, errmsg: 'OK' } as const;

/** The query string of a provider callback: the shared secret token. */
export const CallbackTokenQuery = z.object({ token: z.string().min(1) });

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
  const dt = DateTime.fromFormat(userReceiveTime, 'yyyy-MM-dd HH:mm:ss', { zone: ZONE });
  return dt.isValid ? dt.toUTC().toISO() : undefined;
}

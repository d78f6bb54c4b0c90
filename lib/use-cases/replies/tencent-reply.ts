import { TENCENT_OK, TencentReplyCallback, tencentReplyToInbound } from '../../domain/provider-callbacks.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import { handleInboundSms } from './handle-inbound-sms.js';

// receiveTencentReply: a customer's reply posted by Tencent Cloud SMS. It goes through the very use
// case of the SNS path (handleInboundSms: one parser, one matching rule, one exactly-once record),
// matched by phone since Tencent names no message, keyed by a hash of (number, time, text).

export async function receiveTencentReply(deps: Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>, body: unknown): Promise<typeof TENCENT_OK> {
  const reply = parseInput(TencentReplyCallback, body);
  await handleInboundSms(deps, tencentReplyToInbound(reply));
  return TENCENT_OK;
}

import { createSnsClient } from '../../lib/adapters/sns/client.js';
import { createSnsSmsGateway } from '../../lib/adapters/sns/sms-gateway.js';
import type { Config } from '../../lib/config.js';
import type { SmsGateway } from '../../lib/ports/sms-gateway.js';
import { smsEnv } from '../env.js';

/**
 * Texts through SNS, from the origination number and sender id the deployment set (the outbox
 * function only), on a client whose requests time out well below the outbox's timeout.
 */
export function smsFromEnv(env: NodeJS.ProcessEnv, config: Config): SmsGateway {
  const e = smsEnv().parse(env);
  return createSnsSmsGateway({ client: createSnsClient(), senderId: e.SMS_SENDER_ID, originationNumber: e.SMS_ORIGINATION_NUMBER, texts: config });
}

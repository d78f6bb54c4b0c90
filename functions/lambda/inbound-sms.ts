import { depsFromEnv } from '../env.js';
import { createInboundSmsHandler } from '../inbound-sms.js';

/** Lambda entry of inbound SMS (SNS notifications of End User Messaging two-way SMS). */
export const handler = createInboundSmsHandler(depsFromEnv(process.env, 'foster-inbound-sms'));

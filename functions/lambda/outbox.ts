import { smsFromEnv } from '../adapters/sns-sms.js';
import { depsFromEnv } from '../env.js';
import { createOutboxHandler } from '../outbox.js';

/** Lambda entry of the SMS outbox sender (table stream, recurring drain). */
export const handler = createOutboxHandler(depsFromEnv(process.env, 'foster-outbox', { sms: smsFromEnv }));

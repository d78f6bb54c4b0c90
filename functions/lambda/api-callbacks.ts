import { callbackTokenFromEnv } from '../adapters/callback-token.js';
import { depsFromEnv } from '../env.js';
import { createCallbacksHandler } from '../http/callbacks.js';

/** Lambda entry of the SMS provider callback routes (no JWT; the callback token from Secrets Manager). */
export const handler = createCallbacksHandler(depsFromEnv(process.env, 'foster-callbacks'), { callbackToken: callbackTokenFromEnv(process.env) });

import { loggerFromEnv } from '../log-env.js';
import { createPublicHandler } from '../http/public.js';

/** Lambda entry of the HTTP API's public routes (no table, no token). */
export const handler = createPublicHandler({ logger: loggerFromEnv(process.env, 'foster-public') });

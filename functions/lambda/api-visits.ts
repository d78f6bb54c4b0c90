import { depsFromEnv } from '../env.js';
import { createVisitsHandler } from '../http/visits.js';

/** Lambda entry of the HTTP API's visits routes. */
export const handler = createVisitsHandler(depsFromEnv(process.env, 'foster-visits'));

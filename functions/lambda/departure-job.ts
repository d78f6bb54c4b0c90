import { depsFromEnv } from '../env.js';
import { createDepartureJobHandler } from '../departure-job.js';

/** Lambda entry of background departure jobs (invoked asynchronously by the admin function). */
export const handler = createDepartureJobHandler(depsFromEnv(process.env, 'foster-departure-job'));

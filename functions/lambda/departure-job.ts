import { createJobStore } from '../../lib/adapters/dynamodb/job-store.js';
import { depsFromEnv } from '../env.js';
import { createDepartureJobHandler } from '../departure-job.js';

/** Lambda entry of background departures (invoked asynchronously by the admin function). */
export const handler = createDepartureJobHandler(depsFromEnv(process.env, 'foster-departure-job', { storeParts: { jobs: createJobStore } }));

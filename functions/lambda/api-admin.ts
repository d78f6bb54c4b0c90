import { createJobStore } from '../../lib/adapters/dynamodb/job-store.js';
import { directoryFromEnv } from '../adapters/cognito-directory.js';
import { schedulerFromEnv } from '../adapters/eventbridge-scheduler.js';
import { jobsFromEnv } from '../adapters/lambda-jobs.js';
import { depsFromEnv } from '../env.js';
import { createAdminHandler } from '../http/admin.js';

/** Lambda entry of the HTTP API's admin routes. */
export const handler = createAdminHandler(
  depsFromEnv(process.env, 'foster-admin', {
    scheduler: schedulerFromEnv,
    directory: directoryFromEnv,
    jobs: jobsFromEnv,
    storeParts: { jobs: createJobStore },
  }),
);

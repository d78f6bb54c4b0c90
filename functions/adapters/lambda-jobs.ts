import { LambdaClient } from '@aws-sdk/client-lambda';
import { createLambdaJobQueue } from '../../lib/adapters/lambda/job-queue.js';
import type { JobQueue } from '../../lib/ports/job-queue.js';
import { jobsEnv } from '../env.js';

/** Background jobs as asynchronous invocations of the departure-job function (the admin function only). */
export function jobsFromEnv(env: NodeJS.ProcessEnv): JobQueue {
  const e = jobsEnv().parse(env);
  return createLambdaJobQueue({ client: new LambdaClient({}), functionName: e.DEPARTURE_JOB_FUNCTION });
}

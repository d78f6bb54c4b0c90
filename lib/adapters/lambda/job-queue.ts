import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { JobQueue } from '../../ports/job-queue.js';

// JobQueue on Lambda: an asynchronous invocation (InvocationType Event) of the departure-job
// function. Lambda queues the event, retries a failed run twice and then parks the event in the
// function's on-failure destination (a DLQ), so the API call returns at once.

export interface LambdaJobQueueOptions {
  readonly client: LambdaClient;
  /** Name or ARN of the departure-job function. */
  readonly functionName: string;
}

export function createLambdaJobQueue({ client, functionName }: LambdaJobQueueOptions): JobQueue {
  return {
    async enqueue(job) {
      await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(job)) }));
    },
  };
}

/** For functions that never start jobs: a call means a wiring mistake, said plainly. */
export const noJobQueue: JobQueue = {
  enqueue: async () => {
    throw new Error('this function has no job queue (DEPARTURE_JOB_FUNCTION is not set)');
  },
};

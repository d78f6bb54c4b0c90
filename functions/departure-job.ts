import * as z from '../lib/domain/zod.js';
import type { Deps } from '../lib/ports/deps.js';
import { runDepartureJob } from '../lib/use-cases/assignment/departure-job.js';

// The target of the admin function's asynchronous invocations: validates the job request and runs
// it. A failure throws, so Lambda retries (twice) and then parks the event in the DLQ; a retry
// claims the job again (the worker that failed marked it failed).

export const JobRequestSchema = z.object({ type: z.literal('departure'), jobId: z.string().check(z.minLength(1), z.maxLength(200)) });

export function createDepartureJobHandler(deps: Deps) {
  return async (event: unknown) => {
    const parsed = JobRequestSchema.safeParse(event);
    if (!parsed.success) {
      // A payload that can never succeed must not be retried: log and drop it.
      deps.logger.error('invalid job request dropped', { issues: parsed.error.issues });
      return { dropped: true };
    }
    return runDepartureJob(deps, parsed.data.jobId);
  };
}

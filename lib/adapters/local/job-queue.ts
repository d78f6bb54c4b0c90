import type { JobQueue, JobRequest } from '../../ports/job-queue.js';

// The local stand-in for the departure-job Lambda: the job runs in this process, in the background
// (the request that started it answers first). `idle()` waits for every job started so far; a job's
// failure is logged by the job itself, as the Lambda's would be, and kept for `idle()` to report.

export interface LocalJobQueue extends JobQueue {
  /** Resolves when every job started so far has ended; the errors of the ones that failed. */
  idle(): Promise<unknown[]>;
}

export function createLocalJobQueue(run: (job: JobRequest) => Promise<unknown>): LocalJobQueue {
  const running = new Set<Promise<unknown>>();
  const errors: unknown[] = [];
  return {
    async enqueue(job) {
      const task: Promise<unknown> = new Promise((resolve) => setImmediate(resolve))
        .then(() => run(job))
        .catch((error: unknown) => errors.push(error))
        .finally(() => running.delete(task));
      running.add(task);
    },
    async idle() {
      while (running.size) await Promise.all([...running]);
      return errors.splice(0);
    },
  };
}

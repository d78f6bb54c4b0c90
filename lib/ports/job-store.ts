import type { Job } from '../domain/job.js';

// Background jobs (a departure too large to finish within an HTTP request): one item per job, made
// once whatever the number of callers, claimed by one worker at a time, its progress and result
// readable by `GET /admin/jobs/{id}`.

export interface JobStore {
  /** How many customers `agentId` serves (sizes a departure before deciding to make it a job); a count query, no items read back. */
  countCustomersOfAgent(agentId: string): Promise<number>;
  /** Creates the job unless one with its id exists; either way returns the stored one. */
  createJob(job: Job): Promise<{ created: boolean; job: Job }>;
  getJob(id: string): Promise<Job | undefined>;
  /**
   * Claims a job for a worker: queued, failed, or running with a heartbeat older than `staleBefore`
   * (its worker died). Undefined when another worker holds it or it is done.
   */
  claimJob(id: string, at: string, staleBefore: string): Promise<Job | undefined>;
  /** Progress of a running job; also its heartbeat. */
  jobProgress(id: string, progress: { processed: number; created: number }, at: string): Promise<void>;
  /** Ends a job: done with its result, or failed with the error. */
  finishJob(id: string, end: { state: 'done'; result: Record<string, unknown> } | { state: 'failed'; error: string }, at: string): Promise<void>;
}

// Where background work is started: in the cloud an asynchronous invocation of the departure-job
// Lambda (retried by Lambda, then parked in its DLQ), locally a run in the same process. Starting a
// job twice is harmless: the worker claims the job item first (JobStore.claimJob).

export interface JobRequest {
  type: 'departure';
  jobId: string;
}

export interface JobQueue {
  /** Starts the job in the background and returns at once. */
  enqueue(job: JobRequest): Promise<void>;
}

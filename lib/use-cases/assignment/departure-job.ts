import { NotFoundError } from '../../domain/errors.js';
import { JobId } from '../../domain/job.js';
import type { Caller } from '../../domain/scope.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import { requireRole } from '../shared/require-role.js';
import { orphanCustomers } from './depart-agent.js';

// runDepartureJob (the background worker of a large departure) and getJob (`GET /admin/jobs/{id}`).
// The worker claims the job item first, so two deliveries of the same job (a retry, a repeated
// departure) never both work; a worker that died is taken over once its heartbeat is stale. The
// work itself is idempotent (assignments are created only if absent), so a takeover redoes nothing.

/** A running job whose heartbeat is older than this lost its worker. */
export const JOB_STALE_MS = 60_000;

export async function runDepartureJob(deps: Pick<Deps, 'store' | 'clock' | 'logger'>, jobId: string): Promise<{ ran: boolean; state?: string }> {
  const { store, clock, logger } = deps;
  const now = clock.now();
  const job = await store.claimJob(jobId, now.toISOString(), new Date(now.getTime() - JOB_STALE_MS).toISOString());
  if (!job) {
    logger.info('departure job not claimed: done or running elsewhere', { jobId });
    return { ran: false };
  }
  try {
    const agent = (await store.getStaff([job.staffId])).get(job.staffId);
    if (!agent?.departedAt || !agent.supervisorId) throw new Error(`staff ${job.staffId} is not a departed agent with a supervisor`);
    const supervisor = (await store.getStaff([agent.supervisorId])).get(agent.supervisorId);
    if (!supervisor) throw new Error(`supervisor ${agent.supervisorId} of ${job.staffId} not found`);
    const result = await orphanCustomers(deps, agent, supervisor, agent.departedAt, job.deadline, (progress) =>
      store.jobProgress(jobId, progress, clock.now().toISOString()),
    );
    await store.finishJob(jobId, { state: 'done', result: { ...result, deadline: job.deadline } }, clock.now().toISOString());
    logger.info('departure job done', { jobId, ...result });
    return { ran: true, state: 'done' };
  } catch (error) {
    await store.finishJob(jobId, { state: 'failed', error: String((error as Error)?.message ?? error) }, clock.now().toISOString());
    logger.error('departure job failed', { jobId, error });
    throw error; // the invoker retries; a retry claims the failed job again
  }
}

export async function getJob({ store }: Pick<Deps, 'store'>, caller: Caller, rawId: unknown) {
  requireRole(caller, ['admin']);
  const id = parseInput(JobId, rawId, 'id');
  const job = await store.getJob(id);
  if (!job) throw new NotFoundError('job', id);
  return job;
}

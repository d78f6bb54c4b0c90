import { assignmentId, Id } from '../../domain/ids.js';
import type { Assignment } from '../../domain/assignment.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { departureJobId, type Job } from '../../domain/job.js';
import { scheduleNames } from '../../domain/schedule-names.js';
import type { Caller } from '../../domain/scope.js';
import { newSms } from '../../domain/sms.js';
import type { Staff } from '../../domain/staff.js';
import { addDays, endOfLocalDay, localDate } from '../../domain/time.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import { requireRole } from '../shared/require-role.js';
import { cancelVisitsOfAgent } from '../visits/cancel-visits.js';

// departAgent: an agent leaves; every customer of theirs becomes an assignment, preAssigned to the
// agent's supervisor, due by the end of day departure + deadlineDays (Shanghai), and the supervisor
// is texted once (根据系统提示). The agent's sign-in is disabled (StaffDirectory) before anything else
// changes. Assignment and text ids are deterministic and written only if absent: a repeat orphans and
// prompts nobody twice. From asyncDepartureThreshold orphans on, the work runs as a background job
// (runDepartureJob) and the call answers 202 with the job's id, the same for every call about the same departure.

export type DepartureResult = { status: 200; orphans: number; created: number; deadline: string } | { status: 202; jobId: string; orphans: number };

/**
 * Creates the assignments of every customer of `agent` (departed at `departedAt`), texts the
 * supervisor once and ends the agent's visits; `onProgress` after each chunk.
 */
export async function orphanCustomers(
  deps: Pick<Deps, 'store' | 'clock'>,
  agent: Staff,
  supervisor: Staff,
  departedAt: string,
  deadline: string,
  onProgress?: (progress: { processed: number; created: number }) => Promise<void>,
): Promise<{ orphans: number; created: number }> {
  const { store } = deps;
  const customers = await store.customersOfAgent(agent.id);
  const assignments: Assignment[] = customers.map((c) => ({
    id: assignmentId(c.id, agent.id),
    customerId: c.id,
    customerName: c.name,
    departedAgentId: agent.id,
    state: 'preAssigned',
    ownerId: agent.supervisorId!,
    deptId: agent.deptId,
    districtId: agent.districtId,
    region: c.region,
    deadline,
    createdAt: departedAt,
    version: 1,
  }));
  let created = 0;
  const CHUNK = 1000;
  for (let i = 0; i < assignments.length; i += CHUNK) {
    created += (await store.createAssignments(assignments.slice(i, i + CHUNK))).created.length;
    await onProgress?.({ processed: Math.min(i + CHUNK, assignments.length), created });
  }
  if (assignments.length) {
    // One prompt per supervisor per departure, after the orphans exist; its id is the departure's.
    await store.queueSms([
      newSms({
        id: `assignmentPrompt.${agent.id}.${departedAt.replace(/\D/g, '')}.${supervisor.id}`,
        to: supervisor.phone,
        template: 'assignmentPrompt',
        params: { departedAgent: `${agent.name}（${agent.id}）`, count: assignments.length, deadline: localDate(deadline) },
        purpose: 'assignmentPrompt',
        now: deps.clock.now(),
        staffId: supervisor.id,
      }),
    ]);
  }
  await cancelVisitsOfAgent(deps, agent.id);
  return { orphans: assignments.length, created };
}

export async function departAgent(deps: Deps, caller: Caller, rawId: unknown): Promise<DepartureResult> {
  requireRole(caller, ['admin']);
  const id = parseInput(Id, rawId, 'id');
  const { store, clock, config, scheduler, logger } = deps;

  const [agent] = [(await store.getStaff([id])).get(id)];
  if (!agent) throw new NotFoundError('staff', id);
  if (!agent.supervisorId) throw new ConflictError('NO_SUPERVISOR', `staff ${id} has no supervisor to receive their customers`);
  const supervisor = (await store.getStaff([agent.supervisorId])).get(agent.supervisorId);
  if (!supervisor || supervisor.status !== 'active') {
    throw new ConflictError('SUPERVISOR_UNAVAILABLE', `supervisor ${agent.supervisorId} of ${id} is not active; update the staff record first`);
  }

  // Sign-in goes first: a retried departure disables again (harmless) and never leaves them signed in.
  await deps.directory.disable(id);
  const departed = await store.markDeparted(id, clock.now().toISOString());
  if (!departed?.departedAt) throw new NotFoundError('staff', id);
  // Deadline and createdAt derive from the first departure instant, so a repeat builds identical items.
  const deadline = endOfLocalDay(addDays(localDate(departed.departedAt), config.deadlineDays)).toISOString();
  await scheduler.scheduleOnce({
    name: scheduleNames.deadline(localDate(deadline)),
    at: new Date(new Date(deadline).getTime() + 1000),
    event: { type: 'assignmentDeadline', deadlineDate: localDate(deadline) },
  });

  const orphans = await store.countCustomersOfAgent(id);
  if (orphans >= config.asyncDepartureThreshold) {
    const job: Job = {
      id: departureJobId(id, departed.departedAt),
      type: 'departure',
      state: 'queued',
      staffId: id,
      orphans,
      processed: 0,
      created: 0,
      deadline,
      createdAt: clock.now().toISOString(),
      createdBy: caller.sub,
      attempts: 0,
    };
    const stored = await store.createJob(job);
    // Started again on a repeat unless done: a worker claims the job first, so at most one runs it.
    if (stored.job.state !== 'done') await deps.jobs.enqueue({ type: 'departure', jobId: job.id });
    logger.info('agent departed (job)', { staffId: id, orphans: stored.job.orphans, jobId: job.id, created: stored.created });
    return { status: 202, jobId: job.id, orphans: stored.job.orphans };
  }

  const { created } = await orphanCustomers(deps, { ...agent, ...departed }, supervisor, departed.departedAt, deadline);
  logger.info('agent departed', { staffId: id, orphans, created, deadline });
  return { status: 200, orphans, created, deadline };
}

import { assignmentId, Id } from '../../domain/ids.js';
import type { Assignment } from '../../domain/assignment.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { scheduleNames } from '../../domain/schedule-names.js';
import type { Caller } from '../../domain/scope.js';
import { newSms } from '../../domain/sms.js';
import { addDays, endOfLocalDay, localDate } from '../../domain/time.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import { requireRole } from '../shared/require-role.js';
import { cancelVisitsOfAgent } from '../visits/cancel-visits.js';

// departAgent: an agent leaves; every customer of theirs becomes an assignment, preAssigned to the
// agent's supervisor, due by the end of day departure + deadlineDays (Shanghai), and the supervisor
// is texted once (根据系统提示). The agent's sign-in is disabled (StaffDirectory) before anything else
// changes. Assignment and text ids are deterministic and written only if absent: a repeat orphans and prompts nobody twice.

export async function departAgent(deps: Deps, caller: Caller, rawId: unknown): Promise<{ orphans: number; created: number; deadline: string }> {
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
  const customers = await store.customersOfAgent(id);
  const assignments: Assignment[] = customers.map((c) => ({
    id: assignmentId(c.id, id),
    customerId: c.id,
    customerName: c.name,
    departedAgentId: id,
    state: 'preAssigned',
    ownerId: agent.supervisorId!,
    deptId: agent.deptId,
    districtId: agent.districtId,
    region: c.region,
    deadline,
    createdAt: departed.departedAt!,
    version: 1,
  }));

  const { created } = await store.createAssignments(assignments);
  if (assignments.length) {
    // One prompt per supervisor per departure, after the orphans exist; its id is the departure's.
    await store.queueSms([
      newSms({
        id: `assignmentPrompt.${id}.${departed.departedAt.replace(/\D/g, '')}.${supervisor.id}`,
        to: supervisor.phone,
        template: 'assignmentPrompt',
        params: { departedAgent: `${agent.name}（${agent.id}）`, count: assignments.length, deadline: localDate(deadline) },
        purpose: 'assignmentPrompt',
        now: clock.now(),
        staffId: supervisor.id,
      }),
    ]);
  }
  await cancelVisitsOfAgent(deps, id);
  await scheduler.scheduleOnce({
    name: scheduleNames.deadline(localDate(deadline)),
    at: new Date(new Date(deadline).getTime() + 1000),
    event: { type: 'assignmentDeadline', deadlineDate: localDate(deadline) },
  });
  logger.info('agent departed', { staffId: id, orphans: assignments.length, created: created.length, deadline });
  return { orphans: assignments.length, created: created.length, deadline };
}

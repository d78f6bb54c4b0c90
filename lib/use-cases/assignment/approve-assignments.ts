import type { Assignment, AssignmentAction } from '../../domain/assignment.js';
import { canTransition } from '../../domain/assignment.js';
import { ForbiddenError } from '../../domain/errors.js';
import { visitId } from '../../domain/ids.js';
import { IdBatch } from '../../domain/requests.js';
import type { Caller } from '../../domain/scope.js';
import { newSms } from '../../domain/sms.js';
import { historyEntry } from '../../domain/history.js';
import type { Staff } from '../../domain/staff.js';
import { standingOf, stateDelta } from '../../domain/team.js';
import { addDays, localDate, localMonth, visitDueDates } from '../../domain/time.js';
import { parseInput } from '../../domain/validation.js';
import type { Visit } from '../../domain/visit.js';
import type { Deps } from '../../ports/deps.js';
import type { Approval } from '../../ports/store.js';
import { assignmentInScope } from './assignment-access.js';
import { requireRole } from '../shared/require-role.js';

// approveAssignments (district manager, up to 500 ids): each reviewed assignment becomes approved
// in one transaction with the customer's new agent, the three visits and the customer's SMS; each
// agent gets one count SMS per batch with the month's total. Failed ids say why; the rest go through.
// The customer files are read with the profiles: the quadrant counters move with the file's agent.

/** Rounds of reading a customer file again when it changed between the read and the approval. */
const FILE_ROUNDS = 3;

/** Kept for callers that imported it from here; the schema lives in lib/domain/requests.ts. */
export { IdBatch };

export interface Failure {
  id: string;
  code: string;
  message: string;
}

/** Writes approvals for `chosen` (assignment -> agent); the first visit's reminders come from the daily run. */
export async function commitApprovals(
  deps: Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>,
  chosen: { assignment: Assignment; agentId: string; escalated: boolean }[],
  by: string,
): Promise<{ approved: string[]; failed: Failure[] }> {
  const { store, clock } = deps;
  const now = clock.now();
  const at = now.toISOString();
  const month = localMonth(now);
  const customerIds = chosen.map((c) => c.assignment.customerId);
  const {
    customers,
    staff: agents,
    files,
  } = await store.getMany({
    customers: customerIds,
    files: customerIds,
    staff: [...new Set(chosen.map((c) => c.agentId))],
  });
  const failed: Failure[] = [];
  const approvals: Approval[] = [];
  const dues = visitDueDates(now);
  // The agent should call within firstInvitationDays (一五天); visit 1 waits in that day's bucket until tried.
  const invitationDueBy = addDays(localDate(now), deps.config.firstInvitationDays);
  for (const { assignment, agentId, escalated } of chosen) {
    const customer = customers.get(assignment.customerId);
    if (!customer) {
      failed.push({ id: assignment.id, code: 'NOT_FOUND', message: `customer ${assignment.customerId} not found` });
      continue;
    }
    const agent = agents.get(agentId);
    const visits: Visit[] = dues.map((dueOn, i) => ({
      id: visitId(assignment.id, i + 1),
      customerId: assignment.customerId,
      assignmentId: assignment.id,
      agentId,
      number: (i + 1) as 1 | 2 | 3,
      dueOn,
      state: i === 0 ? 'open' : 'waiting',
      attempts: [],
      ...(agent ? { supervisorId: agent.supervisorId, deptId: agent.deptId, districtId: agent.districtId } : {}),
      ...(i === 0 ? { invitationDueBy } : {}),
      version: 1,
    }));
    approvals.push({
      agentState: stateDelta([], visits),
      fileWas: standingOf(files.get(assignment.customerId)),
      assignment,
      agentId,
      month,
      at,
      by,
      escalated,
      visits,
      customerSms: newSms({
        to: customer.phone,
        template: 'agentChange',
        params: { customerName: customer.name },
        purpose: 'agentChange',
        now,
        customerId: customer.id,
      }),
      history: [
        historyEntry(
          customer.id,
          at,
          'agentChange',
          by,
          `handed to agent ${agentId}${escalated ? ' (escalated)' : ''}: the visit programme starts, visit 1 due ${dues[0]}`,
          {
            assignmentId: assignment.id,
            agentId,
          },
        ),
      ],
    });
  }
  const monthNumber = Number(month.slice(5));
  // 「*月公司为您分配*名孤儿单客户」: the month's total so far, this batch included.
  const agentSms = (agentId: string, _count: number, monthTotal: number) => {
    const agent = agents.get(agentId) as Staff;
    return newSms({
      to: agent.phone,
      template: 'assignedCount',
      params: { month: monthNumber, count: monthTotal },
      purpose: 'assignedCount',
      now,
      staffId: agentId,
    });
  };
  const result = await approveReadingChangedFiles(store, approvals, agentSms);
  // One read for all refused ids, to say what state each is in now.
  const currentStates = result.refused.length ? await store.getAssignments(result.refused.map((r) => r.id)) : new Map();
  for (const r of result.refused) {
    const current = currentStates.get(r.id);
    if (r.refusal === 'fileChanged') {
      failed.push({ id: r.id, code: 'CONCURRENT_CHANGE', message: `the file of customer ${current?.customerId ?? ''} kept changing; approve ${r.id} again` });
      continue;
    }
    if (r.refusal === 'agentInactive') {
      const agentId = chosen.find((c) => c.assignment.id === r.id)?.agentId;
      failed.push({ id: r.id, code: 'AGENT_INACTIVE', message: `agent ${agentId ?? ''} is no longer active; choose another agent for ${r.id}` });
      continue;
    }
    failed.push({
      id: r.id,
      code: r.refusal === 'missing' ? 'NOT_FOUND' : 'INVALID_STATE',
      message: r.refusal === 'missing' ? `customer of ${r.id} not found` : `assignment ${r.id} changed meanwhile; it is now ${current?.state ?? 'gone'}`,
    });
  }
  deps.logger.info('assignments approved', { by, approved: result.approved.length, failed: failed.length });
  return { approved: result.approved, failed };
}

/**
 * Approves, and approves again those refused because their customer's file changed between the
 * read and the write (a contact moved its quadrant), with the file read again: up to FILE_ROUNDS.
 */
async function approveReadingChangedFiles(
  store: Deps['store'],
  approvals: Approval[],
  agentSms: Parameters<Deps['store']['approve']>[1],
): Promise<Awaited<ReturnType<Deps['store']['approve']>>> {
  const out: Awaited<ReturnType<Deps['store']['approve']>> = { approved: [], refused: [] };
  let pending = approvals;
  for (let round = 1; pending.length; round++) {
    const result = await store.approve(pending, agentSms);
    out.approved.push(...result.approved);
    const changed = new Set(result.refused.filter((r) => r.refusal === 'fileChanged').map((r) => r.id));
    out.refused.push(...result.refused.filter((r) => !changed.has(r.id) || round === FILE_ROUNDS));
    if (round === FILE_ROUNDS) break;
    const again = pending.filter((a) => changed.has(a.assignment.id));
    const { files } = again.length ? await store.getMany({ files: again.map((a) => a.assignment.customerId) }) : { files: new Map() };
    pending = again.map((a) => ({ ...a, fileWas: standingOf(files.get(a.assignment.customerId)) }));
  }
  return out;
}

/** Loads a batch of assignments and splits them into those the caller may act on from `action`'s states, and failures. */
export async function loadBatch(deps: Pick<Deps, 'store'>, caller: Caller, ids: string[], action: AssignmentAction) {
  const unique = [...new Set(ids)];
  const { assignments: found, staff } = await deps.store.getMany({ assignments: unique, staff: [caller.sub] });
  const me = staff.get(caller.sub);
  if (!me && caller.role !== 'admin') throw new ForbiddenError(`no staff record for ${caller.sub}`);
  const ok: Assignment[] = [];
  const failed: Failure[] = [];
  for (const id of unique) {
    const a = found.get(id);
    if (!a) failed.push({ id, code: 'NOT_FOUND', message: `assignment ${id} not found` });
    else if (!assignmentInScope(caller, me, a)) failed.push({ id, code: 'FORBIDDEN', message: `assignment ${id} is outside your district` });
    else if (!canTransition(action, a.state)) failed.push({ id, code: 'INVALID_STATE', message: `assignment ${id} is ${a.state}; cannot ${action} it` });
    else ok.push(a);
  }
  return { ok, failed };
}

export async function approveAssignments(deps: Pick<Deps, 'store' | 'clock' | 'config' | 'logger'>, caller: Caller, body: unknown) {
  requireRole(caller, ['districtManager']);
  const { ids } = parseInput(IdBatch, body);
  const { ok, failed } = await loadBatch(deps, caller, ids, 'approve');
  const result = await commitApprovals(
    deps,
    ok.map((assignment) => ({ assignment, agentId: assignment.agentId!, escalated: false })),
    caller.sub,
  );
  return { approved: result.approved, failed: [...failed, ...result.failed] };
}

import type { Assignment } from '../../domain/assignment.js';
import type { CustomerProfile } from '../../domain/customer.js';
import { parseAssignmentId } from '../../domain/ids.js';
import type { SmsMessage } from '../../domain/sms.js';
import type { Staff } from '../../domain/staff.js';
import type { StateDelta } from '../../domain/team.js';
import { localDate } from '../../domain/time.js';
import type { Visit } from '../../domain/visit.js';
import { ENTITY, indexKeys, INVITE_SHARDS, keys, shardOf } from './model.js';

// Domain object -> DynamoDB item, one function per entity: the keys and every index entry the
// item belongs to, derived from its state. A state change is a Put of the new item, so sparse
// indexes (deadlines, open visits, queued SMS) drop an item by simply not giving it the key.

const FALLBACK_KINDS = new Set(['collector', 'serviceClerk']);
export const OUTBOX_SHARDS = 8;

export function staffItem(staff: Staff): Record<string, unknown> {
  return {
    ...keys.staff(staff.id),
    entity: ENTITY.staff,
    ...staff,
    ...(staff.supervisorId ? indexKeys.staffByTeam(staff.supervisorId, staff.id) : {}),
    ...indexKeys.staffByDept(staff.deptId, staff.id),
    ...indexKeys.staffByDistrict(staff.districtId, staff.id),
    ...(staff.status === 'active' && FALLBACK_KINDS.has(staff.kind) ? indexKeys.fallbackByRegion(staff.region, staff.kind, staff.id) : {}),
  };
}

export function customerItem(profile: CustomerProfile): Record<string, unknown> {
  return {
    ...keys.customer(profile.id),
    entity: ENTITY.customer,
    ...profile,
    ...indexKeys.customersByAgent(profile.agentId, profile.id),
    ...indexKeys.customerByPhone(profile.phone, profile.id),
  };
}

export function assignmentKey(id: string) {
  const parsed = parseAssignmentId(id);
  return parsed ? keys.assignment(parsed.customerId, parsed.departedAgentId) : undefined;
}

export function assignmentItem(a: Assignment): Record<string, unknown> {
  const awaitingOwner = a.state === 'preAssigned' || a.state === 'overdue';
  return {
    ...keys.assignment(a.customerId, a.departedAgentId),
    entity: ENTITY.assignment,
    ...a,
    ...indexKeys.assignmentsByOwner(a.ownerId, a.state, a.deadline, a.id),
    ...indexKeys.assignmentsByDept(a.deptId, a.state, a.deadline, a.id),
    ...indexKeys.assignmentsByDistrict(a.districtId, a.state, a.deadline, a.id),
    ...(awaitingOwner ? indexKeys.preAssignedByDeadline(localDate(a.deadline), a.deadline, a.id) : {}),
  };
}

export function visitKey(v: Pick<Visit, 'assignmentId' | 'customerId' | 'number'>) {
  const { departedAgentId } = parseAssignmentId(v.assignmentId)!;
  return keys.visit(v.customerId, departedAgentId, v.number);
}

export function visitItem(v: Visit): Record<string, unknown> {
  const { departedAgentId } = parseAssignmentId(v.assignmentId)!;
  return {
    ...visitKey(v),
    entity: ENTITY.visit,
    ...v,
    ...(v.state === 'cancelled' ? {} : indexKeys.visitsByAgent(v.agentId, `${v.customerId}#${departedAgentId}`, v.number)),
    ...(v.state === 'open' ? indexKeys.openVisitsByDueDay(v.dueOn, v.id) : {}),
    ...(v.state === 'open' && v.retryReminder ? indexKeys.retryRemindersByDay(v.retryReminder.on, v.id) : {}),
    ...(v.ratingRequestProviderId ? indexKeys.visitByRatingRequest(v.ratingRequestProviderId) : {}),
    ...(v.state === 'open' && v.attempts.length === 0 && v.districtId ? indexKeys.untriedVisits(v.districtId, v.number === 1, v.dueOn, v.id) : {}),
    ...(awaitsFirstInvitation(v) ? indexKeys.visitsAwaitingFirstInvitation(v.invitationDueBy!, shardOf(v.id, INVITE_SHARDS), v.agentId, v.id) : {}),
  };
}

/** Visit 1, open, never tried and not reminded about yet: it sits in its window-close day bucket. */
export function awaitsFirstInvitation(v: Visit): boolean {
  return v.number === 1 && v.state === 'open' && v.attempts.length === 0 && !!v.invitationDueBy && !v.invitationRemindedAt;
}

/** The outbox shard of a message: a stable hash of its id. */
export function outboxShard(id: string): number {
  return shardOf(id, OUTBOX_SHARDS);
}

export function smsItem(m: SmsMessage): Record<string, unknown> {
  const pending = m.state === 'queued' || m.state === 'sending';
  return {
    ...keys.sms(m.id),
    entity: ENTITY.sms,
    ...m,
    ...(pending ? indexKeys.queuedSms(outboxShard(m.id), m.sendAfter, m.id) : {}),
    ...(m.providerMessageId ? indexKeys.smsByProviderId(m.providerMessageId) : {}),
  };
}

/**
 * A transaction item adding to an agent's month counters; with `cap`, only while `reserved` is under
 * it; with `assignedWas`, only while `assigned` still holds the value read (so a text can report the total).
 */
export function agentMonthUpdate(
  tableName: string,
  agentId: string,
  month: string,
  add: Record<string, number>,
  condition?: { cap: number } | { assignedWas: number },
) {
  const names: Record<string, string> = { '#month': 'month' };
  const values: Record<string, unknown> = { ':agent': agentId, ':m': month, ':entity': ENTITY.agentMonth };
  const adds = Object.entries(add).map(([k, v], i) => {
    names[`#a${i}`] = k;
    values[`:a${i}`] = v;
    return `#a${i} :a${i}`;
  });
  let conditionExpression: string | undefined;
  if (condition && 'cap' in condition) {
    values[':cap'] = condition.cap;
    conditionExpression = 'attribute_not_exists(reserved) OR reserved < :cap';
  } else if (condition) {
    values[':was'] = condition.assignedWas;
    conditionExpression = condition.assignedWas === 0 ? 'attribute_not_exists(assigned) OR assigned = :was' : 'assigned = :was';
  }
  return {
    Update: {
      TableName: tableName,
      Key: keys.agentMonth(agentId, month),
      UpdateExpression: `SET agentId = :agent, #month = :m, entity = :entity ADD ${adds.join(', ')}`,
      ...(conditionExpression ? { ConditionExpression: conditionExpression } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

export const AGENT_STATE_SHARDS = 8;
/** The agentStates index shard of an agent. */
export const agentStateShard = (agentId: string) => outboxShard(agentId) % AGENT_STATE_SHARDS;

/**
 * A transaction item moving an agent's state counters (lib/domain/team.ts) by `add`. `indexed`
 * (the default) also puts the item in the agentStates index the month-end run reads. Writes that
 * move only quadrant counters pass false: a departed agent's item, which the departure took out of
 * the index while keeping the counts of the files still naming them, stays out.
 */
export function agentStateUpdate(tableName: string, agentId: string, add: Record<string, number>, options: { indexed?: boolean } = {}) {
  const indexed = options.indexed ?? true;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {
    ':agent': agentId,
    ':entity': ENTITY.agentState,
    ...(indexed ? Object.fromEntries(Object.entries(indexKeys.agentStates(agentStateShard(agentId), agentId)).map(([k, v]) => [`:${k}`, v])) : {}),
  };
  const adds = Object.entries(add).map(([k, v], i) => {
    names[`#s${i}`] = k;
    values[`:s${i}`] = v;
    return `#s${i} :s${i}`;
  });
  return {
    Update: {
      TableName: tableName,
      Key: keys.agentState(agentId),
      UpdateExpression: `SET agentId = :agent, entity = :entity${indexed ? ', gsi4pk = :gsi4pk, gsi4sk = :gsi4sk' : ''} ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * One transaction item per agent for the net state moves of a transaction (a transaction may touch
 * an item once, so moves of several customers of one agent are summed first); agents in `indexed`
 * enter the agentStates index (see agentStateUpdate).
 */
export function agentStateUpdates(tableName: string, moves: ReadonlyMap<string, StateDelta>, indexed: ReadonlySet<string> = new Set()) {
  return [...moves]
    .filter(([, add]) => Object.keys(add).length > 0)
    .map(([agentId, add]) => agentStateUpdate(tableName, agentId, add as Record<string, number>, { indexed: indexed.has(agentId) }));
}

/** A transaction item updating foster's customer file: status, the end of the visit programme, and a rating counted in. */
export function customerFileUpdate(
  tableName: string,
  file: { customerId: string; at: string; status?: string; rating?: number; programmeEnded?: { at: string; reason: string } },
) {
  const sets = ['customerId = :cid', 'entity = :entity', 'updatedAt = :at'];
  const values: Record<string, unknown> = { ':cid': file.customerId, ':entity': ENTITY.customerFile, ':at': file.at };
  if (file.programmeEnded) {
    sets.push('programmeEndedAt = :ended', 'programmeEndReason = :endReason');
    values[':ended'] = file.programmeEnded.at;
    values[':endReason'] = file.programmeEnded.reason;
  }
  if (file.status) {
    sets.push('#status = :status');
    values[':status'] = file.status;
  } else {
    sets.push('#status = if_not_exists(#status, :active)');
    values[':active'] = 'active';
  }
  let add = '';
  if (file.rating !== undefined) {
    sets.push('lastRating = :rating', 'lastRatedAt = :at');
    values[':rating'] = file.rating;
    values[':one'] = 1;
    add = ' ADD ratings :one, ratingSum :rating';
  }
  return {
    Update: {
      TableName: tableName,
      Key: keys.customerFile(file.customerId),
      UpdateExpression: `SET ${sets.join(', ')}${add}`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
    },
  };
}

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Assignment } from '../../domain/assignment.js';
import type { SmsMessage } from '../../domain/sms.js';
import { mergeDeltas, quadrantMoves, type StateDelta } from '../../domain/team.js';
import type { Store, WriteRefusal } from '../../ports/store.js';
import { agentMonthUpdate, agentStateUpdates, assignmentItem, assignmentKey, smsItem, visitItem } from './items.js';
import { indexKeys, keys, SHARDS, shardKeys, strip } from './model.js';
import { approvalFileItems } from './file-store.js';
import { batchGet, transactGroups, transactWrite, type TransactItem } from './operations.js';
import { keyedShardPage, queryShards } from './shards.js';

// Assignment writes: every state change is a Put of the whole new item conditioned on the version
// read, so two racing writers end with one winner; cap counters move in the same transaction, and
// an approval commits the assignment, the customer's new agent, three visits and the SMS together,
// with the state and quadrant counters of the agents involved summed into one Update per agent.

type Ctx = { client: DynamoDBDocumentClient; tableName: string };

/** The table key of an assignment from its index sort key (`...#<assignment id>`): a paged query resumes from both. */
const assignmentKeyOfSk = (sk: string) => assignmentKey(sk.slice(sk.lastIndexOf('#') + 1));

export function createAssignmentStore({
  client,
  tableName,
}: Ctx): Pick<
  Store,
  'createAssignments' | 'getAssignment' | 'getAssignments' | 'listAssignments' | 'chooseAgent' | 'approve' | 'assignmentsByDeadline' | 'markOverdue'
> {
  const put = (item: Record<string, unknown>, condition: string, values: Record<string, unknown> = {}, names?: Record<string, string>): TransactItem => ({
    Put: {
      TableName: tableName,
      Item: item,
      ConditionExpression: condition,
      ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
      ...(names ? { ExpressionAttributeNames: names } : {}),
    },
  });
  const putNext = (next: Assignment, expectedVersion: number) => put(assignmentItem(next), 'version = :v', { ':v': expectedVersion });
  const counter = (agentId: string, month: string, add: Record<string, number>, condition?: { cap: number } | { assignedWas: number }) =>
    agentMonthUpdate(tableName, agentId, month, add, condition);

  return {
    async createAssignments(assignments) {
      const result = await transactGroups(
        client,
        assignments.map((a) => ({ key: a.id, items: [put(assignmentItem(a), 'attribute_not_exists(pk)')] })),
        { concurrency: 8 },
      );
      return { created: result.committed, existing: result.refused.map((r) => r.key) };
    },

    async getAssignment(id) {
      const key = assignmentKey(id);
      if (!key) return undefined;
      const [item] = await batchGet(client, tableName, [key]);
      return item ? strip<Assignment>(item) : undefined;
    },

    async getAssignments(ids) {
      const keyed = ids.flatMap((id) => {
        const key = assignmentKey(id);
        return key ? [key] : [];
      });
      const items = await batchGet(client, tableName, keyed);
      return new Map(items.map((i) => [i.id as string, strip<Assignment>(i)]));
    },

    async listAssignments(scope, { state, limit, cursor }) {
      const [index, prefix, shards] =
        'ownerId' in scope
          ? (['gsi1', `OWNER#${scope.ownerId}`, SHARDS.owner] as const)
          : 'deptId' in scope
            ? (['gsi2', `DEPT#${scope.deptId}`, SHARDS.dept] as const)
            : (['gsi3', `DISTRICT#${scope.districtId}`, SHARDS.district] as const);
      const skPrefix = index === 'gsi1' ? (state ? `${state}#` : undefined) : state ? `A#${state}#` : 'A#';
      const page = await keyedShardPage(client, {
        descending: false,
        tableName,
        index,
        pks: shardKeys(prefix, shards),
        ...(skPrefix ? { skPrefix } : {}),
        limit,
        cursor,
        primaryKeyOf: assignmentKeyOfSk,
      });
      return { items: page.items.map((i) => strip<Assignment>(i.item)), next: page.next };
    },

    async chooseAgent({ assignment, state, agentId, month, cap, at, by }) {
      const next: Assignment = {
        ...assignment,
        state,
        agentId,
        capMonth: month,
        version: assignment.version + 1,
        ...(state === 'proposed' ? { proposedAt: at } : { reviewedAt: at, reviewedBy: by }),
      };
      const sameSlot = assignment.agentId === agentId && assignment.capMonth === month;
      const items: TransactItem[] = [putNext(next, assignment.version)];
      if (!sameSlot) {
        items.push(counter(agentId, month, { reserved: 1 }, { cap }));
        if (assignment.agentId && assignment.capMonth) items.push(counter(assignment.agentId, assignment.capMonth, { reserved: -1 }));
      }
      const outcome = await transactWrite(client, items);
      if (outcome.ok) return { ok: true, assignment: next };
      const refusal: WriteRefusal = outcome.reasons[1] === 'ConditionalCheckFailed' ? 'capReached' : 'stateChanged';
      return { ok: false, refusal };
    },

    async approve(approvals, agentSms) {
      type Key = { id: string; agentId: string; month: string; state: Map<string, StateDelta> };
      const groups = approvals.map((a) => {
        // The file goes to the new agent in the quadrant it has: its count leaves the agent it named.
        const handedOn = quadrantMoves([{ before: a.fileWas, after: { ...a.fileWas, agentId: a.agentId } }]);
        const state = mergeDeltas([new Map([[a.agentId, a.agentState ?? {}]]), handedOn]);
        const next: Assignment = {
          ...a.assignment,
          state: 'approved',
          agentId: a.agentId,
          approvedAt: a.at,
          approvedBy: a.by,
          escalated: a.escalated,
          version: a.assignment.version + 1,
        };
        const items: TransactItem[] = [
          putNext(next, a.assignment.version),
          {
            Update: {
              TableName: tableName,
              Key: keys.customer(a.assignment.customerId),
              UpdateExpression: 'SET agentId = :agent, gsi1pk = :gpk, gsi1sk = :gsk',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: {
                ':agent': a.agentId,
                ':gpk': indexKeys.customersByAgent(a.agentId, a.assignment.customerId).gsi1pk,
                ':gsk': indexKeys.customersByAgent(a.agentId, a.assignment.customerId).gsi1sk,
              },
            },
          },
          // foster's file remembers since when the customer is this agent's (issued policies count from then);
          // the programme runs, care pauses, and the history says so.
          ...approvalFileItems(tableName, { customerId: a.assignment.customerId, agentId: a.agentId, at: a.at, was: a.fileWas }, a.history),
          ...a.visits.map((v) => put(visitItem(v), 'attribute_not_exists(pk)')),
          put(smsItem(a.customerSms), 'attribute_not_exists(pk)'),
        ];
        return { key: { id: a.assignment.id, agentId: a.agentId, month: a.month, state } satisfies Key, items };
      });
      // Group one agent's approvals together so that, as far as they fit, one transaction carries
      // them all with the agent's single count SMS and counter update.
      groups.sort((x, y) => x.key.agentId.localeCompare(y.key.agentId));
      // The count text says the month's total: each agent's counter is read (strongly) first, and
      // written on condition it still holds that value; if another approval moved it meanwhile,
      // the transaction is refused, the counter read again and the transaction retried.
      const assignedSoFar = new Map<string, number>();
      const readAssigned = async (of: readonly { key: Key }[]) => {
        const wanted = [...new Map(of.map(({ key }) => [key.agentId, key.month])).entries()];
        const items = await batchGet(
          client,
          tableName,
          wanted.map(([agentId, month]) => keys.agentMonth(agentId, month)),
          4,
          true,
        );
        const found = new Map(items.map((i) => [i.agentId as string, Number(i.assigned ?? 0)]));
        for (const [agentId] of wanted) assignedSoFar.set(agentId, found.get(agentId) ?? 0);
      };
      await readAssigned(groups);
      const shared = (inChunk: { key: Key }[]): TransactItem[] => {
        const byAgent = new Map<string, { month: string; count: number }>();
        for (const { key } of inChunk) {
          const entry = byAgent.get(key.agentId) ?? { month: key.month, count: 0 };
          entry.count++;
          byAgent.set(key.agentId, entry);
        }
        // One state Update per agent of the transaction, new or previous: a transaction may touch an item once.
        const state = mergeDeltas(inChunk.map(({ key }) => key.state));
        return [
          ...[...byAgent].flatMap(([agentId, { month, count }]) => {
            const was = assignedSoFar.get(agentId) ?? 0;
            return [
              counter(agentId, month, { assigned: count }, { assignedWas: was }),
              put(smsItem(agentSms(agentId, count, was + count)), 'attribute_not_exists(pk)'),
            ];
          }),
          // The new agents (active: the approval checks it) enter the month-end index; a previous agent's item is left as it is.
          ...agentStateUpdates(tableName, state, new Set(byAgent.keys())),
        ];
      };
      // The agent must still be active when the approval commits: a departure marks them first, so an
      // agent who left meanwhile never gets a customer their departure did not orphan.
      const agentActive = (agentId: string): TransactItem => ({
        ConditionCheck: {
          TableName: tableName,
          Key: keys.staff(agentId),
          ConditionExpression: 'attribute_not_exists(#status) OR #status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':active': 'active' },
        },
      });
      const result = await transactGroups(client, groups, { shared, refreshShared: readAssigned, unitOf: (k) => k.agentId, unitCheck: agentActive });
      return {
        approved: result.committed.map((k) => k.id),
        refused: result.refused.map((r) => ({
          id: r.key.id,
          refusal: r.itemIndex === -1 ? 'agentInactive' : r.itemIndex === 1 ? 'missing' : r.itemIndex === 2 ? 'fileChanged' : 'stateChanged',
        })),
      };
    },

    async assignmentsByDeadline(deadlineDay, upTo) {
      const items = await queryShards(client, {
        tableName,
        index: 'gsi4',
        pks: shardKeys(`DEADLINE#${deadlineDay}`, SHARDS.deadlineDay),
        skUpTo: `${upTo}\uffff`,
      });
      return items.map((i) => strip<Assignment>(i));
    },

    async markOverdue(assignments, _at) {
      const result = await transactGroups(
        client,
        assignments.map((a) => ({
          key: a.id,
          items: [
            put(
              assignmentItem({ ...a, state: 'overdue', version: a.version + 1 }),
              'version = :v AND #state = :pre',
              { ':v': a.version, ':pre': 'preAssigned' },
              { '#state': 'state' },
            ),
          ],
        })),
        { concurrency: 8 },
      );
      return { marked: result.committed };
    },
  };
}

export type { SmsMessage };

import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Assignment } from '../../domain/assignment.js';
import type { AgentChoice, BulkAssignmentStore } from '../../ports/bulk-assignment-store.js';
import { agentMonthUpdate, assignmentItem } from './items.js';
import { keys, SHARDS, shardKeys, strip } from './model.js';
import { mapConcurrent, transactWrite, type TransactItem } from './operations.js';
import { queryShards } from './shards.js';

// Bulk proposal and review on the table. Items are grouped by the agent they go to; as many agents
// as fit go into one transaction of at most 100 items: each assignment's Put conditioned on the
// version read, and one counter update per agent and month, conditioned on the cap when it grows
// (`reserved <= cap - n` for n new slots). A failed assignment drops out (`stateChanged`); a failed
// counter means the agent has fewer slots than asked: its counter is read and only that many of
// its items are retried, the rest are `capReached`. Racing callers therefore get one winner per slot.

type Ctx = { client: DynamoDBDocumentClient; tableName: string };

const MAX_ITEMS = 100;
/** Items one agent may take in one transaction, leaving room for the counters. */
const MAX_PER_AGENT = 90;
const MAX_ROUNDS = 12;

interface Entry {
  choice: AgentChoice;
  next: Assignment;
  /** Counter (agent|month) that gains a slot, and the one that loses one. */
  inc?: string;
  dec?: string;
}

const counterKey = (agentId: string, month: string) => `${agentId}|${month}`;
const splitKey = (key: string) => key.split('|') as [string, string];

export function createBulkAssignmentStore({ client, tableName }: Ctx): BulkAssignmentStore {
  const reservedOf = async (key: string) => {
    const [agentId, month] = splitKey(key);
    const out = await client.send(new GetCommand({ TableName: tableName, Key: keys.agentMonth(agentId, month), ConsistentRead: true }));
    return Number(out.Item?.reserved ?? 0);
  };

  /** The counter updates of a set of entries, one per agent and month, net of slots gained and released. */
  const counterItems = (pending: readonly Entry[], cap: number) => {
    const deltas = new Map<string, { inc: number; dec: number }>();
    for (const e of pending) {
      if (e.inc) deltas.set(e.inc, { inc: (deltas.get(e.inc)?.inc ?? 0) + 1, dec: deltas.get(e.inc)?.dec ?? 0 });
      if (e.dec) deltas.set(e.dec, { inc: deltas.get(e.dec)?.inc ?? 0, dec: (deltas.get(e.dec)?.dec ?? 0) + 1 });
    }
    const out: { key: string; item: TransactItem }[] = [];
    for (const [key, { inc, dec }] of deltas) {
      const delta = inc - dec;
      if (delta === 0) continue;
      const [agentId, month] = splitKey(key);
      const update = agentMonthUpdate(tableName, agentId, month, { reserved: delta });
      if (delta > 0) {
        // A counter not written yet holds 0: it passes only if the whole delta fits the cap.
        const max = cap - delta;
        update.Update.ConditionExpression = max >= 0 ? 'attribute_not_exists(reserved) OR reserved <= :max' : 'reserved <= :max';
        update.Update.ExpressionAttributeValues[':max'] = max;
      }
      out.push({ key, item: update });
    }
    return out;
  };

  /** Commits one pack of entries, trimming agents short of slots; returns what committed and what was refused. */
  const commitPack = async (pack: Entry[], cap: number) => {
    const chosen: Assignment[] = [];
    const refused: { id: string; refusal: 'capReached' | 'stateChanged' }[] = [];
    let pending = pack;
    for (let round = 0; pending.length; round++) {
      if (round >= MAX_ROUNDS) {
        refused.push(...pending.map((e) => ({ id: e.next.id, refusal: 'capReached' as const })));
        break;
      }
      const counters = counterItems(pending, cap);
      const items: TransactItem[] = [
        ...pending.map((e): TransactItem => ({
          Put: {
            TableName: tableName,
            Item: assignmentItem(e.next),
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':v': e.choice.assignment.version },
          },
        })),
        ...counters.map((c) => c.item),
      ];
      const outcome = await transactWrite(client, items);
      if (outcome.ok) {
        chosen.push(...pending.map((e) => e.next));
        break;
      }
      const failed = (i: number) => outcome.reasons[i] === 'ConditionalCheckFailed';
      const changed = new Set(pending.filter((_e, i) => failed(i)));
      const short = counters.filter((_c, i) => failed(pending.length + i)).map((c) => c.key);
      if (!changed.size && !short.length) throw new Error(`bulk choice cancelled: ${outcome.reasons.join(',')}`);
      for (const e of changed) refused.push({ id: e.next.id, refusal: 'stateChanged' });
      pending = pending.filter((e) => !changed.has(e));
      for (const key of short) {
        const left = Math.max(0, cap - (await reservedOf(key)));
        const asking = pending.filter((e) => e.inc === key);
        if (left >= asking.length) continue; // slots were released meanwhile: try them all again
        const over = new Set(asking.slice(left));
        for (const e of over) refused.push({ id: e.next.id, refusal: 'capReached' });
        pending = pending.filter((e) => !over.has(e));
      }
    }
    return { chosen, refused };
  };

  return {
    async chooseAgents({ choices, state, month, cap, at, by }) {
      const entries: Entry[] = choices.map(({ assignment: a, agentId }) => {
        const sameSlot = a.agentId === agentId && a.capMonth === month;
        return {
          choice: { assignment: a, agentId },
          next: {
            ...a,
            state,
            agentId,
            capMonth: month,
            version: a.version + 1,
            ...(state === 'proposed' ? { proposedAt: at } : { reviewedAt: at, reviewedBy: by }),
          },
          ...(sameSlot ? {} : { inc: counterKey(agentId, month) }),
          ...(!sameSlot && a.agentId && a.capMonth ? { dec: counterKey(a.agentId, a.capMonth) } : {}),
        };
      });
      // One agent's items together (in the order given: the first ones win the last slots), split
      // when one agent takes more than a transaction holds; agents packed while they fit.
      const byAgent = new Map<string, Entry[]>();
      for (const e of entries) byAgent.set(e.inc ?? '', [...(byAgent.get(e.inc ?? '') ?? []), e]);
      const units = [...byAgent.values()].flatMap((list) =>
        Array.from({ length: Math.ceil(list.length / MAX_PER_AGENT) }, (_, i) => list.slice(i * MAX_PER_AGENT, (i + 1) * MAX_PER_AGENT)),
      );
      const packs: Entry[][] = [];
      let current: Entry[] = [];
      const size = (list: Entry[]) => list.length + new Set(list.flatMap((e) => [e.inc, e.dec]).filter(Boolean)).size;
      for (const unit of units) {
        if (current.length && size([...current, ...unit]) > MAX_ITEMS) {
          packs.push(current);
          current = [];
        }
        current.push(...unit);
      }
      if (current.length) packs.push(current);
      const results = await mapConcurrent(packs, 4, (pack) => commitPack(pack, cap));
      return { chosen: results.flatMap((r) => r.chosen), refused: results.flatMap((r) => r.refused) };
    },

    async preAssignedOf(ownerId) {
      const items = await queryShards(client, { tableName, index: 'gsi1', pks: shardKeys(`OWNER#${ownerId}`, SHARDS.owner), skPrefix: 'preAssigned#' });
      return items.map((i) => strip<Assignment>(i));
    },
  };
}

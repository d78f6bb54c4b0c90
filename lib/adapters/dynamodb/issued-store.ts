import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IssuedPolicy, IssuedStore } from '../../ports/issued-store.js';
import { agentMonthUpdate } from './items.js';
import { ENTITY, keys } from './model.js';
import { batchGet, transactGroups, type TransactItem } from './operations.js';

// Issued policies: a marker item per counted policy (POLICY#<id> / ISSUED), created on condition it
// does not exist, in the transaction that adds to the agent-month counters, so a re-upload or a
// racing upload counts a policy once. Markers are read by key first, so a nightly feed that
// re-sends every policy costs one BatchGet per 100 candidates and writes nothing.

type Ctx = { client: DynamoDBDocumentClient; tableName: string };

const COUNTER: Record<IssuedPolicy['line'], 'issuedLife' | 'issuedCard'> = { life: 'issuedLife', card: 'issuedCard' };

export function createIssuedStore({ client, tableName }: Ctx): IssuedStore {
  return {
    async countedPolicies(policyIds) {
      const items = await batchGet(client, tableName, policyIds.map(keys.issuedPolicy));
      return new Set(items.map((i) => i.policyId as string));
    },

    async countIssued(policies, at) {
      const groups = policies.map((p) => ({
        key: p,
        items: [
          {
            Put: {
              TableName: tableName,
              Item: { ...keys.issuedPolicy(p.policyId), entity: ENTITY.issuedPolicy, ...p, countedAt: at },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          } satisfies TransactItem,
        ],
      }));
      // One counter update per agent-month in each transaction, adding what its markers count.
      const shared = (inChunk: { key: IssuedPolicy }[]): TransactItem[] => {
        const sums = new Map<string, { agentId: string; month: string; add: Record<string, number> }>();
        for (const { key } of inChunk) {
          const id = `${key.agentId}\u0000${key.month}`;
          const entry = sums.get(id) ?? { agentId: key.agentId, month: key.month, add: {} };
          entry.add[COUNTER[key.line]] = (entry.add[COUNTER[key.line]] ?? 0) + 1;
          sums.set(id, entry);
        }
        return [...sums.values()].map((s) => agentMonthUpdate(tableName, s.agentId, s.month, s.add));
      };
      const result = await transactGroups(client, groups, { shared });
      return result.committed.map((p) => p.policyId);
    },
  };
}

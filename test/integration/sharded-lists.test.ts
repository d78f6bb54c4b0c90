import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { Assignment } from '../../lib/domain/assignment.js';
import { createTestTable } from '../support/dynamo.js';

// Lists over write-sharded index keys on DynamoDB Local: a page merges every shard in sort-key
// order, and the cursor carries each shard's position, so paging returns every item once, in order.

const assignment = (n: number, state: Assignment['state']): Assignment => ({
  id: `S-${String(n).padStart(3, '0')}~A0`,
  customerId: `S-${String(n).padStart(3, '0')}`,
  customerName: `客户${n}`,
  departedAgentId: 'A0',
  state,
  ownerId: 'SUP1',
  deptId: 'DEP1',
  districtId: 'D1',
  region: '福田区',
  // Deadlines out of id order, so the merge order is the sort key's, not the ids'.
  deadline: `2026-11-${String(20 + (n % 7)).padStart(2, '0')}T15:59:59.999Z`,
  createdAt: '2026-11-13T02:00:00.000Z',
  version: 1,
});

describe('sharded lists (DynamoDB Local)', () => {
  it('pages through every shard in deadline order, each item once, for owner, department and district scopes', async () => {
    const { client, tableName, store } = await createTestTable();
    const all = Array.from({ length: 40 }, (_, i) => assignment(i + 1, i % 4 === 0 ? 'proposed' : 'preAssigned'));
    await store.createAssignments(all);
    const expected = all
      .filter((a) => a.state === 'preAssigned')
      .sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id))
      .map((a) => a.id);
    const shards = await client.send(new ScanCommand({ TableName: tableName, ProjectionExpression: 'gsi1pk' }));

    for (const scope of [{ ownerId: 'SUP1' }, { deptId: 'DEP1' }, { districtId: 'D1' }]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.listAssignments(scope, { state: 'preAssigned', limit: 4, cursor });
        seen.push(...page.items.map((a) => a.id));
        cursor = page.next;
        pages++;
      } while (cursor && pages < 50);

      expect(seen).toEqual(expected);
    }
    expect(new Set(shards.Items!.map((i) => i.gsi1pk)).size).toBeGreaterThan(4);
  });

  it('pages correctly when each shard is asked for only its share of a page', async () => {
    const { store } = await createTestTable();
    const all = Array.from({ length: 200 }, (_, i) => assignment(i + 1, 'preAssigned'));
    await store.createAssignments(all);
    const expected = [...all].sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id)).map((a) => a.id);

    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    do {
      // 40 a page: each of the 8 shards (about 25 items each) is asked for 18.
      const page = await store.listAssignments({ ownerId: 'SUP1' }, { limit: 40, cursor });
      seen.push(...page.items.map((a) => a.id));
      sizes.push(page.items.length);
      cursor = page.next;
    } while (cursor && sizes.length < 50);

    expect(seen).toEqual(expected);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(40);
  });

  it('pages the overdue alerts newest deadline first across the shards, each item once, and resumes right after any item', async () => {
    const { store } = await createTestTable();
    const all = Array.from({ length: 60 }, (_, i) => assignment(i + 1, i % 5 === 0 ? 'preAssigned' : 'overdue'));
    await store.createAssignments(all);
    const expected = all
      .filter((a) => a.state === 'overdue')
      .sort((a, b) => b.deadline.localeCompare(a.deadline) || b.id.localeCompare(a.id))
      .map((a) => a.id);

    for (const scope of [{ ownerId: 'SUP1' }, { deptId: 'DEP1' }, { districtId: 'D1' }]) {
      const seen: string[] = [];
      const cursors: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.overdueAssignments({ scope, limit: 7, cursor });
        seen.push(...page.items.map((i) => i.value.id));
        cursors.push(...page.items.map((i) => i.cursor));
        cursor = page.next;
        pages++;
      } while (cursor && pages < 50);
      // The cursor of the 10th item resumes with the 11th.
      const resumed = await store.overdueAssignments({ scope, limit: 3, cursor: cursors[9] });

      expect(seen).toEqual(expected);
      expect(resumed.items.map((i) => i.value.id)).toEqual(expected.slice(10, 13));
    }
  });
});

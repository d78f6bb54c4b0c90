import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../lib/adapters/dynamodb/client.js';
import { transactGroups, type TransactItem } from '../../lib/adapters/dynamodb/operations.js';

const client = createDocumentClient({ region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const ddb = mockClient(client);

const item = (name: string): TransactItem => ({ Put: { TableName: 't', Item: { pk: name, sk: name } } });
const group = (agent: string, n: number, size = 6) => ({
  key: { id: `${agent}-${n}`, agent },
  items: Array.from({ length: size }, (_, i) => item(`${agent}-${n}-${i}`)),
});
const shared = (gs: { key: { agent: string } }[]) => [...new Set(gs.map((g) => g.key.agent))].flatMap((a) => [item(`count-${a}`), item(`sms-${a}`)]);

describe('transactGroups', () => {
  afterEach(() => ddb.reset());

  it('keeps each unit in one transaction when it fits, so its shared items are written once', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    // 13 approvals of 6 items per agent: 78 + 2 shared = 80 items; two agents never fit in one transaction.
    const groups = ['A', 'B', 'C'].flatMap((a) => Array.from({ length: 13 }, (_, i) => group(a, i)));

    const result = await transactGroups(client, groups, { shared, unitOf: (k) => k.agent });

    const calls = ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems ?? []);
    expect(result.committed).toHaveLength(39);
    expect(calls).toHaveLength(3);
    for (const items of calls) {
      expect(items.length).toBeLessThanOrEqual(100);
      expect(items.filter((i) => String(i.Put?.Item?.pk).startsWith('sms-'))).toHaveLength(1);
    }
  });

  it('reports the group whose condition failed and commits the rest of its transaction', async () => {
    const cancelled = new TransactionCanceledException({
      message: 'cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }, { Code: 'None' }],
    });
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled).resolves({});
    const groups = [group('A', 1, 2), group('A', 2, 2)];

    const result = await transactGroups(client, groups, { shared, unitOf: (k) => k.agent });

    expect(result.refused).toEqual([{ key: groups[1]!.key, itemIndex: 0, reason: 'ConditionalCheckFailed' }]);
    expect(result.committed).toEqual([groups[0]!.key]);
    const retry = ddb.commandCalls(TransactWriteCommand)[1]!.args[0].input.TransactItems ?? [];
    expect(retry.map((i) => i.Put?.Item?.pk)).toEqual(['A-1-0', 'A-1-1', 'count-A', 'sms-A']);
  });

  it('refuses every group of a unit whose check failed (an agent no longer active) and commits the other units', async () => {
    // A's two groups (2 items each), B's group, shared A, shared B, then the unit checks of A and B.
    const reasons = ['None', 'None', 'None', 'None', 'None', 'None', 'None', 'None', 'None', 'None', 'None', 'None'];
    reasons[10] = 'ConditionalCheckFailed';
    const cancelled = new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: reasons.map((Code) => ({ Code })) });
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled).resolves({});
    const groups = [group('A', 1, 2), group('A', 2, 2), group('B', 1, 2)];

    const result = await transactGroups(client, groups, { shared, unitOf: (k) => k.agent, unitCheck: (unit) => item(`check-${unit}`) });

    expect(result.refused).toEqual([
      { key: groups[0]!.key, itemIndex: -1, reason: 'ConditionalCheckFailed' },
      { key: groups[1]!.key, itemIndex: -1, reason: 'ConditionalCheckFailed' },
    ]);
    expect(result.committed).toEqual([groups[2]!.key]);
    const first = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems ?? [];
    expect(first.slice(-2).map((i) => i.Put?.Item?.pk)).toEqual(['check-A', 'check-B']);
    const retry = ddb.commandCalls(TransactWriteCommand)[1]!.args[0].input.TransactItems ?? [];
    expect(retry.map((i) => i.Put?.Item?.pk)).toEqual(['B-1-0', 'B-1-1', 'count-B', 'sms-B', 'check-B']);
  });

  it('re-reads and retries when only a shared item failed its condition, keeping every group', async () => {
    const cancelled = new TransactionCanceledException({
      message: 'cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
    });
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled).resolves({});
    let total = 0;
    const counted = (gs: { key: { agent: string } }[]) => [item(`count-${gs[0]!.key.agent}-was-${total}`), item(`sms-${gs[0]!.key.agent}`)];
    const refreshed: number[] = [];

    const result = await transactGroups(client, [group('A', 1, 2)], {
      shared: counted,
      refreshShared: async (gs) => {
        refreshed.push(gs.length);
        total = 3;
      },
    });

    expect(refreshed).toEqual([1]);
    expect(result).toEqual({ committed: [{ id: 'A-1', agent: 'A' }], refused: [] });
    const retry = ddb.commandCalls(TransactWriteCommand)[1]!.args[0].input.TransactItems ?? [];
    expect(retry.map((i) => i.Put?.Item?.pk)).toContain('count-A-was-3');
  });

  it('throws when a shared item fails and nothing can refresh it', async () => {
    const cancelled = new TransactionCanceledException({
      message: 'cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
    });
    ddb.on(TransactWriteCommand).rejects(cancelled);

    await expect(transactGroups(client, [group('A', 1, 2)], { shared })).rejects.toThrow('outside any group');
  });

  it('throws when one group alone is larger than a transaction', async () => {
    await expect(transactGroups(client, [group('A', 1, 101)])).rejects.toThrow('does not fit');
  });
});

import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { agentStateShard, visitItem } from '../adapters/dynamodb/items.js';
import { ENTITY, indexKeys, keys, strip } from '../adapters/dynamodb/model.js';
import { ifExists, mapConcurrent } from '../adapters/dynamodb/operations.js';
import { stateDelta } from '../domain/team.js';
import { localMonth } from '../domain/time.js';
import type { Visit } from '../domain/visit.js';
import type { Migration } from './runner.js';

// v3 (issue 13, the managers' view): the counters the new metrics read did not exist. From the
// stored visits, customer files and staff it writes each agent's state item (first contacts
// awaited per approval day, unreachable, maintenance), the month counters by visit number, rating
// requests and health tests, and stamps open visits with their agent's team for the alert index.
// Every value is computed whole from the scan and set, not added, so a rerun writes the same.

export const v3TeamState: Migration = {
  version: 3,
  name: 'team-state',
  async run(ctx) {
    const visits: Visit[] = [];
    const staff = new Map<string, { supervisorId?: string | null; deptId: string; districtId: string }>();
    const maintenanceOf = new Set<string>();
    const agentOfCustomer = new Map<string, string>();
    await ctx.scan({}, async (items) => {
      for (const item of items) {
        if (item.entity === ENTITY.visit) visits.push(item as unknown as Visit);
        else if (item.entity === ENTITY.staff) staff.set(item.id as string, item as never);
        else if (item.entity === ENTITY.customerFile && item.status === 'maintenance') maintenanceOf.add(item.customerId as string);
        else if (item.entity === ENTITY.customer) agentOfCustomer.set(item.id as string, item.agentId as string);
      }
    });

    const states = new Map<string, Record<string, number>>();
    const add = (agentId: string, delta: Record<string, number>) => {
      const s = states.get(agentId) ?? {};
      for (const [k, n] of Object.entries(delta)) s[k] = (s[k] ?? 0) + n;
      states.set(agentId, s);
    };
    const byCustomerAndAgent = new Map<string, Visit[]>();
    for (const v of visits) {
      if (v.state === 'cancelled') continue;
      const key = `${v.agentId}\u0000${v.customerId}`;
      byCustomerAndAgent.set(key, [...(byCustomerAndAgent.get(key) ?? []), v]);
    }
    for (const group of byCustomerAndAgent.values()) add(group[0]!.agentId, stateDelta([], group) as Record<string, number>);
    for (const customerId of maintenanceOf) {
      const agentId = agentOfCustomer.get(customerId);
      if (agentId) add(agentId, { maintenance: 1 });
    }

    const months = new Map<string, Record<string, number>>();
    for (const v of visits) {
      if (v.state !== 'done' || !v.completedAt) continue;
      const key = `${v.agentId}\u0000${localMonth(v.completedAt)}`;
      const m = months.get(key) ?? { visitsDone1: 0, visitsDone2: 0, visitsDone3: 0, ratingRequests: 0, healthTests: 0 };
      m[`visitsDone${v.number}`]! += 1;
      if (v.ratingRequestId) m.ratingRequests! += 1;
      if (v.number === 3 && v.services?.includes('healthTest')) m.healthTests! += 1;
      months.set(key, m);
    }

    // State items are replaced whole; month counters set to the counted values.
    await mapConcurrent([...states], 8, async ([agentId, counts]) => {
      await ctx.client.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: {
            ...keys.agentState(agentId),
            ...indexKeys.agentStates(agentStateShard(agentId), agentId),
            entity: ENTITY.agentState,
            agentId,
            unreachable: 0,
            maintenance: 0,
            ...counts,
          },
        }),
      );
    });
    await mapConcurrent([...months], 8, async ([key, counts]) => {
      const [agentId, month] = key.split('\u0000') as [string, string];
      const names = Object.keys(counts);
      await ctx.client.send(
        new UpdateCommand({
          TableName: ctx.tableName,
          Key: keys.agentMonth(agentId, month),
          UpdateExpression: `SET agentId = :agent, #month = :m, entity = :e, ${names.map((n, i) => `#c${i} = :c${i}`).join(', ')}`,
          ExpressionAttributeNames: { '#month': 'month', ...Object.fromEntries(names.map((n, i) => [`#c${i}`, n])) },
          ExpressionAttributeValues: {
            ':agent': agentId,
            ':m': month,
            ':e': ENTITY.agentMonth,
            ...Object.fromEntries(names.map((n, i) => [`:c${i}`, counts[n]])),
          },
        }),
      );
    });
    // Open visits learn their agent's team, so the untried ones enter the alerts' index.
    const open = visits.filter((v) => (v.state === 'open' || v.state === 'waiting') && !v.districtId && staff.has(v.agentId));
    await mapConcurrent(open, 8, async (v) => {
      const s = staff.get(v.agentId)!;
      const item = visitItem({ ...strip<Visit>(v), supervisorId: s.supervisorId ?? null, deptId: s.deptId, districtId: s.districtId });
      // A visit that changed meanwhile is left as it is: the write that changed it ran this version's code.
      await ifExists(() =>
        ctx.client.send(
          new PutCommand({ TableName: ctx.tableName, Item: item, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': v.version } }),
        ),
      );
    });
    ctx.logger.info('team state rebuilt', { agents: states.size, months: months.size, visitsStamped: open.length });
  },
};

import { describe, expect, it } from 'vitest';
import { planProposals, teamCapacityLeft } from '../../lib/domain/auto-plan.js';
import type { Staff } from '../../lib/domain/staff.js';
import { decodeShardCursor, encodeShardCursor } from '../../lib/adapters/dynamodb/shards.js';

const agent = (id: string, fields: Partial<Staff> = {}): Staff => ({
  id,
  name: id,
  phone: '+8613800000000',
  role: 'agent',
  kind: 'formal',
  supervisorId: 'SUP',
  deptId: 'DEP',
  districtId: 'D',
  region: '福田区',
  joinedOn: '2026-06-01',
  status: 'active',
  ...fields,
});
const orphan = (n: number, region = '福田区') => ({ id: `C${n}~OLD`, region, departedAgentId: 'OLD', deadline: '2026-11-28T15:59:59.999Z' });
const context = { cap: 2, today: '2026-11-23' };

describe('planProposals', () => {
  it('takes turns between equally ranked agents instead of filling one, new agents first', () => {
    const team = [agent('N1'), agent('N2'), agent('OLD1', { joinedOn: '2019-01-01' })];

    const { plan, unplaced } = planProposals(
      [1, 2, 3, 4, 5, 6, 7].map((n) => orphan(n)),
      team,
      new Map(),
      context,
    );

    expect(plan.map((p) => p.agentId)).toEqual(['N1', 'N2', 'N1', 'N2', 'OLD1', 'OLD1']);
    expect(unplaced).toEqual([{ id: 'C7~OLD', why: 'teamFull' }]);
  });

  it("counts this month's reservations and prefers the customer's region on a tie", () => {
    const team = [agent('A'), agent('B', { region: '南山区' })];

    const { plan } = planProposals([orphan(1, '南山区'), orphan(2)], team, new Map([['A', 1]]), context);

    expect(plan).toEqual([
      { id: 'C1~OLD', agentId: 'B', reason: "new agent (joined 2026-06-01); 2 of 2 left this month; works 南山区, the customer's region" },
      { id: 'C2~OLD', agentId: 'A', reason: "new agent (joined 2026-06-01); 1 of 2 left this month; works 福田区, the customer's region" },
    ]);
  });

  it('says noCandidate when the team has nobody who may receive orphans', () => {
    const team = [agent('P', { kind: 'probation' }), agent('OLD', { status: 'departed' })];

    expect(planProposals([orphan(1)], team, new Map(), context).unplaced).toEqual([{ id: 'C1~OLD', why: 'noCandidate' }]);
    expect(teamCapacityLeft(team, new Map(), context)).toBe(0);
  });
});

describe('shard cursors', () => {
  it('round-trip, and a cursor of another list shape starts from the beginning', () => {
    const cursor = encodeShardCursor([0, 1, 'preAssigned#2026-11-28T15:59:59.999Z#C1~A0', 0]);

    expect(decodeShardCursor(cursor, 4)).toEqual([0, 1, 'preAssigned#2026-11-28T15:59:59.999Z#C1~A0', 0]);
    expect(decodeShardCursor(cursor, 8)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(decodeShardCursor('not-a-cursor', 2)).toEqual([0, 0]);
  });
});

import type { CustomerInput } from '../../lib/domain/customer.js';
import type { StaffInput } from '../../lib/domain/staff.js';

// A small organisation for tests: one district D1 with departments DEP1 (teams SUP1, SUP2) and
// DEP2 (team SUP3), a second district D2 (team SUP4). Agents A1-A3 (new, formal) and A4
// (probation) in team SUP1; B1 in SUP2; C1 in SUP3; E1 in SUP4. Collectors and clerks by region.

const phone = (n: number) => `+86138${String(n).padStart(8, '0')}`;

function staff(id: string, n: number, fields: Partial<StaffInput>): StaffInput {
  return {
    id,
    name: `员工${id}`,
    phone: phone(n),
    role: 'agent',
    kind: 'formal',
    supervisorId: null,
    deptId: 'DEP1',
    districtId: 'D1',
    region: '福田区',
    joinedOn: '2026-06-01',
    status: 'active',
    ...fields,
  };
}

export const ADMIN = { sub: 'ADM', role: 'admin' } as const;
export const as = (sub: string, role: 'agent' | 'supervisor' | 'deptManager' | 'districtManager' | 'admin') => ({ sub, role });

export const STAFF: StaffInput[] = [
  staff('DM1', 1, { role: 'districtManager', kind: 'manager' }),
  staff('DM2', 2, { role: 'districtManager', kind: 'manager', deptId: 'DEP3', districtId: 'D2', region: '天河区' }),
  staff('MGR1', 3, { role: 'deptManager', kind: 'manager' }),
  staff('MGR2', 4, { role: 'deptManager', kind: 'manager', deptId: 'DEP2' }),
  staff('SUP1', 5, { role: 'supervisor', joinedOn: '2015-01-01' }),
  staff('SUP2', 6, { role: 'supervisor', joinedOn: '2016-01-01' }),
  staff('SUP3', 7, { role: 'supervisor', deptId: 'DEP2', region: '南山区' }),
  staff('SUP4', 8, { role: 'supervisor', deptId: 'DEP3', districtId: 'D2', region: '天河区' }),
  staff('A0', 9, { supervisorId: 'SUP1', joinedOn: '2018-03-01' }),
  staff('A1', 10, { supervisorId: 'SUP1', joinedOn: '2026-05-01' }),
  staff('A2', 11, { supervisorId: 'SUP1', joinedOn: '2026-08-01', region: '南山区' }),
  staff('A3', 12, { supervisorId: 'SUP1', joinedOn: '2020-02-01' }),
  staff('A4', 13, { supervisorId: 'SUP1', kind: 'probation', joinedOn: '2026-10-01' }),
  staff('B1', 14, { supervisorId: 'SUP2' }),
  staff('C1', 15, { supervisorId: 'SUP3', deptId: 'DEP2', region: '南山区' }),
  staff('E1', 16, { supervisorId: 'SUP4', deptId: 'DEP3', districtId: 'D2', region: '天河区' }),
  staff('COL1', 17, { kind: 'collector', region: '福田区' }),
  staff('COL2', 18, { kind: 'collector', region: '福田区' }),
  staff('CLK1', 19, { kind: 'serviceClerk', region: '南山区' }),
];

/** `count` customers of agent `agentId`, ids `<prefix>001`... */
export function customers(agentId: string, count: number, prefix = `K${agentId}-`, region = '福田区'): CustomerInput[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${String(i + 1).padStart(3, '0')}`,
    name: `客户${i + 1}`,
    phone: `+86139${String(Math.abs(hash(`${prefix}${i}`)) % 1e8).padStart(8, '0')}`,
    region,
    agentId,
    policies: [{ id: `P-${prefix}${i + 1}`, product: '平安福', kind: 'life', annualPremium: 3000, issuedOn: '2026-01-15' }],
  }));
}

function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (Math.imul(31, h) + c.charCodeAt(0)) | 0;
  return h;
}

/**
 * A member of the one-team organisation the staff sign-in tests upload (supervisor SUP1 in
 * department D1, district R1), with a phone made from the id's digits.
 */
export const signInMember = (id: string, over: Partial<StaffInput> = {}): StaffInput => ({
  id,
  name: `Staff ${id}`,
  phone: `+86138${id.replace(/\D/g, '').padStart(8, '0')}`,
  role: 'agent',
  kind: 'formal',
  supervisorId: 'SUP1',
  deptId: 'D1',
  districtId: 'R1',
  region: 'Pudong',
  joinedOn: '2024-01-01',
  ...over,
});

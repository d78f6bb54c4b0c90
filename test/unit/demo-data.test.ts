import { describe, it, expect } from 'vitest';
import { isValidPhoneNumber, parsePhoneNumber } from 'libphonenumber-js/max';
import { generateDemo, type DemoData, type DemoStaff } from '../../local/demo-data.js';
import { StaffInput } from '../../lib/domain/staff.js';
import { CustomerInput } from '../../lib/domain/customer.js';

// The default metadata of libphonenumber-js has no number types (getType() is undefined): the
// MOBILE check needs the `max` metadata.

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const TODAY = '2026-11-23';
const DAY_MS = 86_400_000;

const demo: DemoData = generateDemo();
const { staff, customers } = demo;
const policies = customers.flatMap((c) => c.policies);
const staffById = new Map(staff.map((s) => [s.id, s]));

function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Whole years between a birth date and a day, both YYYY-MM-DD. */
function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

function daysBetween(earlier: string, later: string): number {
  return (Date.parse(later) - Date.parse(earlier)) / DAY_MS;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

const isOwner = (s: DemoStaff): boolean => s.role === 'agent' && (s.kind === 'formal' || s.kind === 'probation');

describe('generateDemo', () => {
  it('returns identical data when called twice with the same seed', () => {
    expect(generateDemo()).toEqual(demo);
    expect(generateDemo({ seed: 7, customers: 300 })).toEqual(generateDemo({ seed: 7, customers: 300 }));
  });

  it('returns different data when the seed differs', () => {
    const other = generateDemo({ seed: 1 });
    expect(other.staff.map((s) => s.phone)).not.toEqual(staff.map((s) => s.phone));
    expect(other.customers.map((c) => c.name)).not.toEqual(customers.map((c) => c.name));
  });

  it('returns the same staff when only the customer count differs', () => {
    expect(generateDemo({ customers: 10 }).staff).toEqual(staff);
  });

  it('returns about 200 staff in 2 districts, 4 departments and 20 teams when called with defaults', () => {
    expect(staff.length).toBeGreaterThanOrEqual(190);
    expect(staff.length).toBeLessThanOrEqual(210);
    expect(new Set(staff.map((s) => s.districtId))).toEqual(new Set(['D01', 'D02']));
    expect(new Set(staff.map((s) => s.deptId))).toEqual(new Set(['DEP01', 'DEP02', 'DEP03', 'DEP04']));

    const byRole = countBy(staff, (s) => s.role);
    expect(byRole.get('supervisor')).toBe(20);
    expect(byRole.get('deptManager')).toBe(4);
    expect(byRole.get('districtManager')).toBe(2);
    expect(staff.filter((s) => s.role === 'admin').map((s) => s.id)).toEqual(['ADMIN01']);

    for (const s of staff) {
      if (s.role === 'supervisor') expect(s.kind).toBe('formal');
      else if (s.role !== 'agent') expect(s.kind).toBe('manager');
    }
    const probation = staff.filter((s) => s.kind === 'probation').length;
    const formalAgents = staff.filter((s) => s.role === 'agent' && s.kind === 'formal').length;
    expect(probation).toBeGreaterThan(0);
    expect(probation).toBeLessThan(formalAgents / 4);
  });

  it('returns each district 2 departments and each department 5 teams of 7-8 agents when called with defaults', () => {
    const supervisors = staff.filter((s) => s.role === 'supervisor');
    for (const district of ['D01', 'D02']) {
      expect(new Set(supervisors.filter((s) => s.districtId === district).map((s) => s.deptId)).size).toBe(2);
    }
    expect([...countBy(supervisors, (s) => s.deptId).values()]).toEqual([5, 5, 5, 5]);
    const teamSizes = countBy(staff.filter(isOwner), (s) => s.supervisorId ?? '');
    expect(teamSizes.size).toBe(20);
    for (const size of teamSizes.values()) {
      expect(size).toBeGreaterThanOrEqual(7);
      expect(size).toBeLessThanOrEqual(8);
    }
  });

  it('returns 5,000 customers when no count is given', () => {
    expect(customers).toHaveLength(5000);
  });

  it('returns the requested number of customers when the customers option is set', () => {
    expect(generateDemo({ customers: 123 }).customers).toHaveLength(123);
    expect(generateDemo({ customers: 0 }).customers).toEqual([]);
  });

  it('returns unique ids matching the id pattern when called with defaults', () => {
    const ids = [...staff.map((s) => s.id), ...customers.map((c) => c.id), ...policies.map((p) => p.id)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(ID);
    expect(customers[0]?.id).toBe('C000001');
    expect(customers.at(-1)?.id).toBe('C005000');
    expect(policies.some((p) => p.id === 'P0000001')).toBe(true);
    for (const id of ['DM-D01', 'DM-D02', 'MGR-DEP01', 'MGR-DEP04', 'SUP-T01', 'SUP-T20', 'S0001']) {
      expect(staffById.has(id)).toBe(true);
    }
  });

  it('returns valid, unique +86 mobile numbers in E.164 when called with defaults', () => {
    const phones = [...staff.map((s) => s.phone), ...customers.map((c) => c.phone)];
    expect(new Set(phones).size).toBe(phones.length);
    for (const phone of phones) {
      expect(phone).toMatch(/^\+861[3-9]\d{9}$/);
      expect(isValidPhoneNumber(phone)).toBe(true);
      const parsed = parsePhoneNumber(phone);
      expect(parsed.getType()).toBe('MOBILE');
      expect(parsed.country).toBe('CN');
      expect(parsed.number).toBe(phone);
    }
  });

  it('returns customers owned by existing formal or probation agents when called with defaults', () => {
    for (const c of customers) {
      const agent = staffById.get(c.agentId);
      expect(agent, c.agentId).toBeDefined();
      expect(agent && isOwner(agent)).toBe(true);
    }
  });

  it('returns agents reporting to a supervisor of the same department and district when called with defaults', () => {
    for (const s of staff) {
      if (s.role !== 'agent') {
        expect(s.supervisorId).toBeNull();
        continue;
      }
      const supervisor = staffById.get(s.supervisorId ?? '');
      expect(supervisor?.role, s.id).toBe('supervisor');
      expect(supervisor?.deptId).toBe(s.deptId);
      expect(supervisor?.districtId).toBe(s.districtId);
    }
    // A department never spans districts.
    const districtsOfDept = countBy(staff, (s) => `${s.deptId}/${s.districtId}`);
    expect(districtsOfDept.size).toBe(4);
  });

  it('returns staff and customers the admin API schemas accept when called with defaults', () => {
    for (const s of staff) expect(StaffInput.parse(s)).toEqual(s);
    for (const c of customers.slice(0, 500)) expect(CustomerInput.parse(c)).toEqual(c);
  });

  it('returns over 70% of customers aged 26-45 and none under 18 or over 70 when called with defaults', () => {
    const ages = customers.map((c) => ageOn(c.birthDate, TODAY));
    const core = ages.filter((a) => a >= 26 && a <= 45).length;
    expect(core / ages.length).toBeGreaterThan(0.7);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(18);
    expect(Math.max(...ages)).toBeLessThanOrEqual(70);
    expect(ages.some((a) => a < 26)).toBe(true);
    expect(ages.some((a) => a > 45)).toBe(true);
  });

  it('returns ages relative to the given day when today is set', () => {
    const later = generateDemo({ customers: 500, today: '2030-02-28' });
    for (const c of later.customers) {
      const age = ageOn(c.birthDate, '2030-02-28');
      expect(age).toBeGreaterThanOrEqual(18);
      expect(age).toBeLessThanOrEqual(70);
      for (const p of c.policies) expect(p.issuedOn <= '2030-02-28').toBe(true);
    }
  });

  it('throws when today is not a calendar date', () => {
    expect(() => generateDemo({ today: '2026-02-30' })).toThrow();
    expect(() => generateDemo({ today: '23/11/2026' })).toThrow();
    expect(() => generateDemo({ customers: -1 })).toThrow();
  });

  it('returns a region with a service clerk but no collector when called with defaults', () => {
    const regions = new Set(staff.map((s) => s.region));
    const withKind = (kind: DemoStaff['kind']) => new Set(staff.filter((s) => s.kind === kind).map((s) => s.region));
    const collectors = withKind('collector');
    const clerks = withKind('serviceClerk');
    const clerkOnly = [...regions].filter((r) => !collectors.has(r) && clerks.has(r));
    expect(clerkOnly.length).toBeGreaterThanOrEqual(1);
    // Every region has some fallback owner, and collectors exist elsewhere.
    for (const region of regions) expect(collectors.has(region) || clerks.has(region), region).toBe(true);
    expect(collectors.size).toBeGreaterThan(0);
    for (const s of staff.filter((x) => x.kind === 'collector' || x.kind === 'serviceClerk')) expect(s.role).toBe('agent');
  });

  it('returns valid dates no later than today when called with defaults', () => {
    const dates = [...staff.map((s) => s.joinedOn), ...customers.map((c) => c.birthDate), ...policies.map((p) => p.issuedOn)];
    for (const d of dates) {
      expect(isCalendarDate(d), d).toBe(true);
      expect(d <= TODAY, d).toBe(true);
    }
  });

  it('returns about 40% of agents joined within the last year and all staff active when called with defaults', () => {
    const agents = staff.filter(isOwner);
    const recent = agents.filter((s) => daysBetween(s.joinedOn, TODAY) < 365).length;
    expect(recent / agents.length).toBeGreaterThan(0.3);
    expect(recent / agents.length).toBeLessThan(0.5);
    for (const s of staff) {
      expect(s.status).toBe('active');
      expect(daysBetween(s.joinedOn, TODAY)).toBeLessThanOrEqual(3660);
    }
    for (const s of staff.filter((x) => x.kind === 'probation')) expect(daysBetween(s.joinedOn, TODAY)).toBeLessThan(365);
  });

  it('returns a couple of agents with about 300 customers and the rest spread when called with defaults', () => {
    const books = [...countBy(customers, (c) => c.agentId).values()].sort((a, b) => b - a);
    expect(books[0]).toBeGreaterThanOrEqual(250);
    expect(books[1]).toBeGreaterThanOrEqual(250);
    expect(books[0]).toBeLessThanOrEqual(350);
    expect(books[2]).toBeLessThan(150);
    expect(books.length).toBeGreaterThan(100);
  });

  it('returns customers mostly in their agent’s region and Chinese names when called with defaults', () => {
    const home = customers.filter((c) => c.region === staffById.get(c.agentId)?.region).length;
    expect(home / customers.length).toBeGreaterThan(0.75);
    for (const c of customers) expect(c.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
    for (const s of staff) expect(s.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
  });

  it('returns 1-3 cheap, mostly recent policies per customer when called with defaults', () => {
    const perCustomer = countBy(customers, (c) => String(c.policies.length));
    expect([...perCustomer.keys()].sort()).toEqual(['1', '2', '3']);
    expect((perCustomer.get('1') ?? 0) / customers.length).toBeGreaterThan(0.5);

    const ranges = {
      card: [100, 500],
      accident: [100, 1_000],
      health: [300, 3_000],
      life: [3_000, 20_000],
      annuity: [1_000, 100_000],
    } as const;
    for (const p of policies) {
      const [min, max] = ranges[p.kind];
      expect(Number.isInteger(p.annualPremium)).toBe(true);
      expect(p.annualPremium).toBeGreaterThanOrEqual(min);
      expect(p.annualPremium).toBeLessThanOrEqual(max);
      expect(p.product.length).toBeGreaterThan(0);
      expect(daysBetween(p.issuedOn, TODAY)).toBeLessThanOrEqual(3 * 366);
    }
    const recent = policies.filter((p) => daysBetween(p.issuedOn, TODAY) < 365).length / policies.length;
    expect(recent).toBeGreaterThan(0.5);
    expect(recent).toBeLessThan(0.7);
    const cheap = policies.filter((p) => p.annualPremium <= 3_000).length / policies.length;
    expect(cheap).toBeGreaterThan(0.6);
    expect(new Set(policies.map((p) => p.kind))).toEqual(new Set(['life', 'health', 'accident', 'card', 'annuity']));
  });

  it('returns ability and willingness for about half the customers when called with defaults', () => {
    const rated = customers.filter((c) => c.ability !== undefined);
    expect(rated.length / customers.length).toBeGreaterThan(0.4);
    expect(rated.length / customers.length).toBeLessThan(0.6);
    for (const c of rated) expect(c.willingness).toBeDefined();
    for (const c of customers.filter((x) => x.ability === undefined)) {
      expect('ability' in c).toBe(false);
      expect('willingness' in c).toBe(false);
    }
  });

  it('returns departing agents mostly under one year of tenure, who sold about 52% of the orphan policies', () => {
    const departing = demo.departing.map((id) => staffById.get(id)!);
    const young = (s: DemoStaff) => daysBetween(s.joinedOn, TODAY) < 365;
    const leaving = new Set(demo.departing);
    const orphanPolicies = customers.filter((c) => leaving.has(c.agentId)).flatMap((c) => c.policies.map((p) => ({ p, agent: staffById.get(c.agentId)! })));

    expect(departing.every((s) => s && isOwner(s))).toBe(true);
    expect(new Set(demo.departing).size).toBe(demo.departing.length);
    expect(departing.filter(young).length / departing.length).toBeGreaterThan(0.5);
    const share = orphanPolicies.filter((x) => young(x.agent)).length / orphanPolicies.length;
    expect(share).toBeGreaterThan(0.49);
    expect(share).toBeLessThan(0.55);
    for (const { p, agent } of orphanPolicies.filter((x) => young(x.agent))) expect(p.issuedOn >= agent.joinedOn).toBe(true);
  });

  it('keeps the ids of the README walk: S0045 leaves first with its 300 customers, in team SUP-T06 of MGR-DEP02 and DM-D01', () => {
    const s0045 = staffById.get('S0045')!;
    const ofS0045 = customers.filter((c) => c.agentId === 'S0045');

    expect(demo.departing[0]).toBe('S0045');
    expect(s0045).toMatchObject({ supervisorId: 'SUP-T06', deptId: 'DEP02', districtId: 'D01', kind: 'formal' });
    expect(staffById.get('MGR-DEP02')).toMatchObject({ role: 'deptManager', deptId: 'DEP02' });
    expect(staffById.get('DM-D01')).toMatchObject({ role: 'districtManager', districtId: 'D01' });
    expect(staffById.get('S0041')).toMatchObject({ supervisorId: 'SUP-T06', kind: 'formal' });
    expect(demo.departing).not.toContain('S0041');
    expect(ofS0045).toHaveLength(300);
    expect(ofS0045.slice(0, 3).map((c) => c.id)).toEqual(['C000008', 'C000014', 'C000028']);
  });

  it('returns 5,000 customers in well under a second', () => {
    const started = performance.now();
    generateDemo({ seed: 99 });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

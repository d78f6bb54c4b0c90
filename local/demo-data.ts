// A realistic, deterministic demo data set for the local runtime: one branch of a life insurer
// (2 districts, 4 departments, 20 teams, about 200 staff) and its customers with their policies.
//
// Everything comes from one seeded PRNG (mulberry32), so a seed always gives the same data. Staff
// and customers draw from two separate streams: changing `customers` never changes the staff.
//
// Organisation (fixed, whatever the seed):
//   D01 (Shenzhen): DEP01 = teams T01-T05, DEP02 = teams T06-T10
//   D02 (Guangzhou): DEP03 = teams T11-T15, DEP04 = teams T16-T20
//   ADMIN01            admin, head office (filed under D01 / DEP01, 深圳市福田区)
//   DM-D01, DM-D02     district managers (filed under their district's first department)
//   MGR-DEP01..04      department managers
//   SUP-T01..T20       supervisors, one per team
//   S0001...           agents: 152 team agents (formal, a few probation), then the collectors and
//                      service clerks of each region (role agent), each attached to a team of its region
//
// Fallback coverage: 深圳市宝安区 has NO collector, only service clerks, so an overdue orphan there
// escalates to a service clerk. Every other region has at least one collector.
//
// Customers: two veteran formal agents (one per district) own 6% of the customers each (300 of the
// default 5,000: the "an agent leaves, 300 orphans" demo); the rest are spread by tenure.
//
// Departures (`departing`): the agents a demo has leave, as the source describes orphans: the D01
// big book first (S0045, the README walk), one other veteran, and 20 agents under one year of
// tenure, whose books are topped up (from agents of their region) until they sold 52% of the
// orphan policies; their policies are issued after they joined. Customers of the big books stay as they are.

export interface DemoStaff {
  id: string;
  name: string;
  phone: string;
  role: 'agent' | 'supervisor' | 'deptManager' | 'districtManager' | 'admin';
  kind: 'formal' | 'probation' | 'collector' | 'serviceClerk' | 'manager';
  supervisorId: string | null;
  deptId: string;
  districtId: string;
  region: string;
  /** YYYY-MM-DD */
  joinedOn: string;
  status: 'active' | 'departed';
}

export interface DemoPolicy {
  id: string;
  product: string;
  kind: 'life' | 'health' | 'accident' | 'card' | 'annuity';
  /** CNY, integer yuan */
  annualPremium: number;
  /** YYYY-MM-DD */
  issuedOn: string;
}

export interface DemoCustomer {
  id: string;
  name: string;
  phone: string;
  region: string;
  agentId: string;
  /** YYYY-MM-DD */
  birthDate: string;
  ability?: 'high' | 'low';
  willingness?: 'high' | 'low';
  policies: DemoPolicy[];
}

export interface DemoData {
  staff: DemoStaff[];
  customers: DemoCustomer[];
  /** Agents a demo departs (still active here): the D01 big book first, then mostly agents under one year of tenure. */
  departing: string[];
}

export interface DemoOptions {
  /** default 20261123 */
  seed?: number;
  /** default 5000 */
  customers?: number;
  /** YYYY-MM-DD, default '2026-11-23' */
  today?: string;
}

const DEFAULT_SEED = 20261123;
const DEFAULT_CUSTOMERS = 5000;
const DEFAULT_TODAY = '2026-11-23';

// ---------------------------------------------------------------------------------------------
// Seeded randomness

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** [0, 1) */
  float(): number {
    return this.next();
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return at(items, Math.floor(this.next() * items.length));
  }

  /** Picks by weight: `[[item, weight], ...]`. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [item, w] of entries) {
      r -= w;
      if (r < 0) return item;
    }
    return at(entries, entries.length - 1)[0];
  }

  /** Fisher-Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = at(items, i);
      items[i] = at(items, j);
      items[j] = tmp;
    }
    return items;
  }
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`index ${index} out of range 0..${items.length - 1}`);
  return item;
}

// ---------------------------------------------------------------------------------------------
// Calendar dates as UTC day numbers (no time zone can shift a YYYY-MM-DD)

const DAY_MS = 86_400_000;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

function toDay(ymd: string): number {
  const m = YMD.exec(ymd);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${ymd}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new Error(`not a calendar date: ${ymd}`);
  }
  return ms / DAY_MS;
}

function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The same month and day `years` later (negative: earlier), clamped to the month's end (Feb 29). */
function addYears(day: number, years: number): number {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear() + years;
  const m = d.getUTCMonth();
  const lastOfMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), lastOfMonth)) / DAY_MS;
}

const YEAR_DAYS = 365;

// ---------------------------------------------------------------------------------------------
// Names and phones

// The most common Chinese surnames, roughly in order of frequency (weights fall off with rank).
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈',
  ...'姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
] as const;
const SURNAME_WEIGHTS: readonly (readonly [string, number])[] = SURNAMES.map((s, rank) => [s, 1 / (rank + 4)]);

// Given-name characters: masculine, feminine and neutral pools, so a name reads as one person's.
const GIVEN_MALE = [...'伟强磊军洋勇杰涛明超刚鹏飞辉建国宇浩轩晨东海波斌博志鑫俊宏亮远振德荣泽睿峰凯成龙'] as const;
const GIVEN_FEMALE = [...'芳娜敏静丽艳娟霞英兰玉萍红欣怡涵雨桐诗琪慧颖婷雪琳婉莹梅凤秀云玲丹倩瑶璐楠燕'] as const;
const GIVEN_NEUTRAL = [...'子晓宁安春秋华佳思文嘉梓新'] as const;
const GIVEN_POOLS = [
  [...GIVEN_MALE, ...GIVEN_NEUTRAL],
  [...GIVEN_FEMALE, ...GIVEN_NEUTRAL],
] as const;

/** Surname + 1 or 2 given-name characters, e.g. 王伟, 陈思琪. */
function chineseName(rng: Rng): string {
  const surname = rng.weighted(SURNAME_WEIGHTS);
  const pool = rng.pick(GIVEN_POOLS);
  const first = rng.pick(pool);
  if (rng.chance(0.3)) return surname + first;
  let second = rng.pick(pool);
  while (second === first) second = rng.pick(pool);
  return surname + first + second;
}

// Mainland mobile prefixes (China Mobile, Unicom, Telecom, Broadnet), all MOBILE for libphonenumber.
const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '184',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '193',
  '195',
  '198',
  '199',
] as const;

/** A +86 mobile number in E.164 not yet in `used` (which it joins). */
function uniquePhone(rng: Rng, used: Set<string>): string {
  for (;;) {
    const phone = `+86${rng.pick(MOBILE_PREFIXES)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
    if (!used.has(phone)) {
      used.add(phone);
      return phone;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Organisation

interface Team {
  id: string;
  supervisorId: string;
  deptId: string;
  districtId: string;
  region: string;
  agents: number;
}

const DISTRICTS = [
  { id: 'D01', regions: ['深圳市福田区', '深圳市南山区', '深圳市罗湖区', '深圳市宝安区'] },
  { id: 'D02', regions: ['广州市天河区', '广州市越秀区', '广州市海珠区', '广州市白云区'] },
] as const;

/** Home region (index into the district's regions) of each team of a department pair. */
const TEAM_REGION_INDEX = [
  [0, 0, 1, 2, 3], // first department of the district
  [1, 1, 0, 2, 3], // second department
] as const;

/** Agents per team, by position in the department: 8+8+7+8+7 = 38 a department, 152 in all. */
const TEAM_SIZES = [8, 8, 7, 8, 7] as const;

/**
 * Collectors and service clerks per region. 深圳市宝安区 has no collector (service-clerk fallback).
 */
const FALLBACK_STAFF: Readonly<Record<string, { collectors: number; clerks: number }>> = {
  深圳市福田区: { collectors: 2, clerks: 1 },
  深圳市南山区: { collectors: 2, clerks: 1 },
  深圳市罗湖区: { collectors: 1, clerks: 1 },
  深圳市宝安区: { collectors: 0, clerks: 2 },
  广州市天河区: { collectors: 2, clerks: 2 },
  广州市越秀区: { collectors: 2, clerks: 1 },
  广州市海珠区: { collectors: 1, clerks: 1 },
  广州市白云区: { collectors: 1, clerks: 1 },
};

/** Share of team agents who joined within the last year (the preferred receivers of orphans). */
const NEW_AGENT_SHARE = 0.4;
/** Probation agents among the new ones. */
const PROBATION_AGENTS = 12;
/** Share of all customers owned by each of the two big-book agents. */
const BIG_BOOK_SHARE = 0.06;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function buildTeams(): { teams: Team[]; depts: { id: string; districtId: string; region: string }[] } {
  const teams: Team[] = [];
  const depts: { id: string; districtId: string; region: string }[] = [];
  let deptNo = 0;
  let teamNo = 0;
  for (const district of DISTRICTS) {
    for (const regionIndexes of TEAM_REGION_INDEX) {
      deptNo++;
      const deptId = `DEP${pad(deptNo, 2)}`;
      regionIndexes.forEach((regionIndex, i) => {
        teamNo++;
        const teamId = `T${pad(teamNo, 2)}`;
        teams.push({
          id: teamId,
          supervisorId: `SUP-${teamId}`,
          deptId,
          districtId: district.id,
          region: at(district.regions, regionIndex),
          agents: at(TEAM_SIZES, i),
        });
      });
      depts.push({ id: deptId, districtId: district.id, region: at(district.regions, at(regionIndexes, 0)) });
    }
  }
  return { teams, depts };
}

// ---------------------------------------------------------------------------------------------
// Policies

type PolicyKind = DemoPolicy['kind'];

const PRODUCTS: Readonly<Record<PolicyKind, readonly string[]>> = {
  life: ['福满堂终身寿险', '鑫盛人生两全保险', '守护一生定期寿险', '传家福增额终身寿险', '安康福终身寿险'],
  health: ['e康保百万医疗保险', '安心重大疾病保险', '康乐无忧住院医疗保险', '守护星防癌医疗保险', '健康福特定疾病保险'],
  accident: ['意外伤害保险', '综合意外保障计划', '出行无忧交通意外保险', '安居意外伤害保险'],
  card: ['家庭保障卡', '少儿保障卡', '老年意外保障卡', '驾乘无忧保障卡', '全家福综合保障卡'],
  annuity: ['养老年金保险', '金色晚年养老年金保险', '福享年年年金保险', '状元郎教育年金保险'],
};

/** Most policies are cheap cards, health and accident cover; life and annuity are the big tickets. */
const KIND_WEIGHTS: readonly (readonly [PolicyKind, number])[] = [
  ['card', 28],
  ['health', 30],
  ['accident', 18],
  ['life', 17],
  ['annuity', 7],
];

/** Annual premium range and rounding step, CNY. */
const PREMIUMS: Readonly<Record<PolicyKind, { min: number; max: number; step: number }>> = {
  card: { min: 100, max: 500, step: 10 },
  accident: { min: 100, max: 1_000, step: 10 },
  health: { min: 300, max: 3_000, step: 10 },
  life: { min: 3_000, max: 20_000, step: 100 },
  annuity: { min: 6_000, max: 50_000, step: 1_000 },
};

function premium(rng: Rng, kind: PolicyKind): number {
  const { min, max, step } = PREMIUMS[kind];
  const u = rng.float();
  const raw = min + (max - min) * u * u; // skewed towards the low end
  return Math.min(max, Math.max(min, Math.round(raw / step) * step));
}

// ---------------------------------------------------------------------------------------------
// Generation

export function generateDemo(options: DemoOptions = {}): DemoData {
  const seed = options.seed ?? DEFAULT_SEED;
  const customerCount = options.customers ?? DEFAULT_CUSTOMERS;
  const todayText = options.today ?? DEFAULT_TODAY;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  if (!Number.isInteger(customerCount) || customerCount < 0) {
    throw new Error(`customers must be a non-negative integer, got ${customerCount}`);
  }
  const today = toDay(todayText);
  const phones = new Set<string>();
  const staff = generateStaff(new Rng(seed), today, phones);
  const customers = generateCustomers(new Rng((seed ^ 0x9e3779b9) >>> 0), today, customerCount, staff, phones);
  // A third stream: the departures change only the books of the agents they touch.
  const departing = planDepartures(new Rng((seed ^ 0x85ebca6b) >>> 0), today, staff, customers);
  return { staff, customers, departing };
}

function generateStaff(rng: Rng, today: number, phones: Set<string>): DemoStaff[] {
  const { teams, depts } = buildTeams();
  const names = new Set<string>();
  const uniqueName = (): string => {
    for (;;) {
      const name = chineseName(rng);
      if (!names.has(name)) {
        names.add(name);
        return name;
      }
    }
  };
  /** A join date between `minDays` and `maxDays` days before today. */
  const joined = (minDays: number, maxDays: number): string => fromDay(today - rng.int(minDays, maxDays));
  const years = (n: number): number => n * YEAR_DAYS;
  const person = (fields: Omit<DemoStaff, 'name' | 'phone' | 'status' | 'joinedOn'>, joinedOn: string): DemoStaff => ({
    id: fields.id,
    name: uniqueName(),
    phone: uniquePhone(rng, phones),
    role: fields.role,
    kind: fields.kind,
    supervisorId: fields.supervisorId,
    deptId: fields.deptId,
    districtId: fields.districtId,
    region: fields.region,
    joinedOn,
    status: 'active',
  });

  const staff: DemoStaff[] = [];
  staff.push(
    person(
      { id: 'ADMIN01', role: 'admin', kind: 'manager', supervisorId: null, deptId: 'DEP01', districtId: 'D01', region: '深圳市福田区' },
      joined(years(2), years(8)),
    ),
  );
  for (const district of DISTRICTS) {
    const firstDept = at(
      depts.filter((d) => d.districtId === district.id),
      0,
    );
    staff.push(
      person(
        {
          id: `DM-${district.id}`,
          role: 'districtManager',
          kind: 'manager',
          supervisorId: null,
          deptId: firstDept.id,
          districtId: district.id,
          region: at(district.regions, 0),
        },
        joined(years(8), years(10)),
      ),
    );
  }
  for (const dept of depts) {
    staff.push(
      person(
        { id: `MGR-${dept.id}`, role: 'deptManager', kind: 'manager', supervisorId: null, deptId: dept.id, districtId: dept.districtId, region: dept.region },
        joined(years(5), years(10)),
      ),
    );
  }
  for (const team of teams) {
    staff.push(
      person(
        {
          id: team.supervisorId,
          role: 'supervisor',
          kind: 'formal',
          supervisorId: null,
          deptId: team.deptId,
          districtId: team.districtId,
          region: team.region,
        },
        joined(years(3), years(10)),
      ),
    );
  }

  // Team agents: exactly 40% joined within the last year, a few of those still on probation.
  const teamAgentCount = teams.reduce((sum, t) => sum + t.agents, 0);
  const slots = rng.shuffle(Array.from({ length: teamAgentCount }, (_, i) => i));
  const newCount = Math.round(teamAgentCount * NEW_AGENT_SHARE);
  const tenure = new Map<number, 'probation' | 'new' | 'veteran'>();
  slots.forEach((slot, i) => tenure.set(slot, i < PROBATION_AGENTS ? 'probation' : i < newCount ? 'new' : 'veteran'));

  let staffNo = 0;
  let slot = 0;
  for (const team of teams) {
    for (let i = 0; i < team.agents; i++, slot++) {
      const t = tenure.get(slot) ?? 'veteran';
      staffNo++;
      staff.push(
        person(
          {
            id: `S${pad(staffNo, 4)}`,
            role: 'agent',
            kind: t === 'probation' ? 'probation' : 'formal',
            supervisorId: team.supervisorId,
            deptId: team.deptId,
            districtId: team.districtId,
            region: team.region,
          },
          // Probation: the last ~6 months; new: within the last year; veterans: 1-10 years.
          t === 'probation' ? joined(1, 180) : t === 'new' ? joined(1, YEAR_DAYS - 1) : joined(years(1), years(10)),
        ),
      );
    }
  }

  // Collectors and service clerks: role agent, attached to a team of their region.
  for (const district of DISTRICTS) {
    for (const region of district.regions) {
      const home = teams.filter((t) => t.region === region);
      const { collectors, clerks } = FALLBACK_STAFF[region] ?? { collectors: 0, clerks: 0 };
      const kinds: DemoStaff['kind'][] = [...Array<DemoStaff['kind']>(collectors).fill('collector'), ...Array<DemoStaff['kind']>(clerks).fill('serviceClerk')];
      for (const kind of kinds) {
        const team = rng.pick(home);
        staffNo++;
        staff.push(
          person(
            { id: `S${pad(staffNo, 4)}`, role: 'agent', kind, supervisorId: team.supervisorId, deptId: team.deptId, districtId: team.districtId, region },
            rng.chance(0.25) ? joined(1, YEAR_DAYS - 1) : joined(years(1), years(10)),
          ),
        );
      }
    }
  }
  return staff;
}

const isOwner = (s: DemoStaff): boolean => s.role === 'agent' && (s.kind === 'formal' || s.kind === 'probation');

/** The longest-serving formal agent of each district: the big books (6% of the customers each). */
function bigBooksOf(staff: readonly DemoStaff[], today: number): DemoStaff[] {
  const owners = staff.filter(isOwner);
  const yearsIn = (s: DemoStaff): number => (today - toDay(s.joinedOn)) / 365.25;
  return DISTRICTS.map((d) => owners.filter((s) => s.kind === 'formal' && s.districtId === d.id).reduce((best, s) => (yearsIn(s) > yearsIn(best) ? s : best)));
}

/** Departing agents under one year of tenure, and the share of orphan policies they sold (source: 52%). */
const NEW_DEPARTING = 20;
const NEW_DEPARTING_POLICY_SHARE = 0.52;

/**
 * Picks the departing agents (the D01 big book, one other veteran, NEW_DEPARTING new agents) and
 * moves customers of staying agents of the same region to the new ones until they hold 52% of the
 * departing agents' policies; each of their policies is then issued after they joined.
 */
function planDepartures(rng: Rng, today: number, staff: readonly DemoStaff[], customers: DemoCustomer[]): string[] {
  const bigBooks = bigBooksOf(staff, today);
  const owners = staff.filter((s) => isOwner(s) && !bigBooks.includes(s));
  const isNew = (s: DemoStaff) => today - toDay(s.joinedOn) < YEAR_DAYS;
  const newcomers = rng.shuffle(owners.filter(isNew)).slice(0, NEW_DEPARTING);
  const veteran = rng.pick(owners.filter((s) => !isNew(s)));
  const departing = [at(bigBooks, 0), veteran, ...newcomers];
  const newIds = new Set(newcomers.map((s) => s.id));
  const staying = new Set(departing.map((s) => s.id));
  for (const big of bigBooks) staying.add(big.id);

  const policiesOf = (ids: Set<string>) => customers.reduce((n, c) => n + (ids.has(c.agentId) ? c.policies.length : 0), 0);
  const veteranPolicies = policiesOf(new Set([at(bigBooks, 0).id, veteran.id]));
  const target = Math.round((veteranPolicies * NEW_DEPARTING_POLICY_SHARE) / (1 - NEW_DEPARTING_POLICY_SHARE));
  // Donors: customers of agents who stay (big books excepted), by region, in a random order.
  const donors = new Map<string, DemoCustomer[]>();
  for (const c of rng.shuffle(customers.filter((c) => !staying.has(c.agentId)))) donors.set(c.region, [...(donors.get(c.region) ?? []), c]);
  let held = policiesOf(newIds);
  // Round robin over the new agents; stop at the target or once no region of theirs has donors left.
  for (let i = 0, misses = 0; held < target && misses < newcomers.length; i++) {
    const agent = at(newcomers, i % newcomers.length);
    const moved = donors.get(agent.region)?.pop();
    if (!moved) {
      misses++;
      continue;
    }
    misses = 0;
    moved.agentId = agent.id;
    held += moved.policies.length;
  }

  // A new agent sold their customers' policies since joining (and never before the holder was 18).
  const joined = new Map(newcomers.map((s) => [s.id, toDay(s.joinedOn)]));
  for (const c of customers) {
    const since = joined.get(c.agentId);
    if (since === undefined) continue;
    const earliest = Math.max(since, addYears(toDay(c.birthDate), 18));
    for (const p of c.policies) p.issuedOn = fromDay(rng.int(Math.min(earliest, today), today));
    c.policies.sort((a, b) => (a.issuedOn < b.issuedOn ? -1 : a.issuedOn > b.issuedOn ? 1 : 0));
  }
  return departing.map((s) => s.id);
}

function generateCustomers(rng: Rng, today: number, count: number, staff: readonly DemoStaff[], phones: Set<string>): DemoCustomer[] {
  const owners = staff.filter(isOwner);
  const yearsIn = (s: DemoStaff): number => (today - toDay(s.joinedOn)) / 365.25;
  const regionsOf = new Map<string, readonly string[]>(DISTRICTS.map((d) => [d.id, d.regions as readonly string[]]));

  // Big books: the longest-serving formal agent of each district owns 6% of the customers.
  const bigBooks = bigBooksOf(staff, today);
  const bigQuota = Math.round(count * BIG_BOOK_SHARE);
  const ownerOf: DemoStaff[] = [];
  for (const big of bigBooks) {
    for (let i = 0; i < bigQuota && ownerOf.length < count; i++) ownerOf.push(big);
  }

  // Everyone else by tenure: veterans carry the bigger books, new agents a handful, probation fewer.
  const rest = owners.filter((s) => !bigBooks.includes(s));
  const weights = rest.map((s) => {
    if (s.kind === 'probation') return 0.15;
    const years = yearsIn(s);
    if (years < 1) return 0.35;
    return (0.4 + years / 3) * (0.5 + rng.float());
  });
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) cumulative.push((total += w));
  while (ownerOf.length < count) {
    const r = rng.float() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at(cumulative, mid) > r) hi = mid;
      else lo = mid + 1;
    }
    ownerOf.push(at(rest, lo));
  }
  rng.shuffle(ownerOf);

  let policyNo = 0;
  const customers: DemoCustomer[] = [];
  ownerOf.forEach((agent, index) => {
    const regions = regionsOf.get(agent.districtId) ?? [agent.region];
    const region = rng.chance(0.85) ? agent.region : rng.pick(regions);

    // Ages: ~78% 26-45, the rest 18-25 or 46-70.
    const band = rng.weighted<readonly [number, number]>([
      [[26, 45], 78],
      [[18, 25], 9],
      [[46, 70], 13],
    ]);
    const age = rng.int(band[0], band[1]);
    const latestBirth = addYears(today, -age);
    const earliestBirth = addYears(today, -(age + 1)) + 1;
    const birthDay = rng.int(earliestBirth, latestBirth);
    const adultSince = addYears(birthDay, 18);

    const policyCount = rng.weighted<number>([
      [1, 70],
      [2, 22],
      [3, 8],
    ]);
    const policies: DemoPolicy[] = [];
    for (let p = 0; p < policyCount; p++) {
      const kind = rng.weighted(KIND_WEIGHTS);
      // ~60% issued within the last year, the rest 1-3 years ago; never before the holder turned 18.
      let issued = rng.chance(0.6) ? today - rng.int(0, YEAR_DAYS - 1) : today - rng.int(YEAR_DAYS, 3 * YEAR_DAYS);
      if (issued < adultSince) issued = rng.int(adultSince, today);
      policyNo++;
      policies.push({
        id: `P${pad(policyNo, 7)}`,
        product: rng.pick(PRODUCTS[kind]),
        kind,
        annualPremium: premium(rng, kind),
        issuedOn: fromDay(issued),
      });
    }
    policies.sort((a, b) => (a.issuedOn < b.issuedOn ? -1 : a.issuedOn > b.issuedOn ? 1 : 0));

    const customer: DemoCustomer = {
      id: `C${pad(index + 1, 6)}`,
      name: chineseName(rng),
      phone: uniquePhone(rng, phones),
      region,
      agentId: agent.id,
      birthDate: fromDay(birthDay),
      policies,
    };
    // About half the customers have been rated on both axes; the rest are unknown (no quadrant).
    if (rng.chance(0.5)) {
      customer.ability = rng.chance(0.4) ? 'high' : 'low';
      customer.willingness = rng.chance(0.5) ? 'high' : 'low';
    }
    customers.push(customer);
  });
  return customers;
}

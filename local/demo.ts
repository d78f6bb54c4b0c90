import type { Deps } from '../lib/ports/deps.js';
import type { Caller } from '../lib/domain/scope.js';
import { rankCandidates } from '../lib/domain/candidates.js';
import { createConfig } from '../lib/config.js';
import { upsertCustomers } from '../lib/use-cases/file/upsert-customers.js';
import { upsertStaff } from '../lib/use-cases/team/upsert-staff.js';
import { generateDemo, type DemoData, type DemoOptions } from './demo-data.js';

// Loads the demo set through the same admin use cases the API calls, 1,000 records a call, so
// the demo data passes the same validation as anything an admin uploads; and names the people of
// the README walk (`npm start -- --demo` prints them): one id per role, all of one chain.

const ADMIN: Caller = { sub: 'ADMIN01', role: 'admin' };
const BATCH = 1000;

/** The README walk's people: an agent with the biggest book departs, and the managers above them act. */
export interface DemoCast {
  readonly admin: string;
  readonly districtManager: string;
  readonly deptManager: string;
  readonly supervisor: string;
  /** The top candidate of the supervisor's team for the departing agent's orphans. */
  readonly agent: string;
  /** The agent who departs: most customers, lowest id on a tie. */
  readonly departing: string;
  readonly departingCustomers: number;
  /** The first customer (by id) of the departing agent. */
  readonly customer: string;
}

/** Who plays each role of the README walk in the demo data. */
export function demoCast(data: DemoData, today: string): DemoCast {
  const { staff, customers } = data;
  const books = new Map<string, number>();
  for (const c of customers) books.set(c.agentId, (books.get(c.agentId) ?? 0) + 1);
  const [departingId, departingCustomers] = [...books].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? ['', 0];
  const departing = staff.find((s) => s.id === departingId);
  const customer = customers.filter((c) => c.agentId === departingId).sort((a, b) => a.id.localeCompare(b.id))[0];
  const one = (role: string, match: (s: (typeof staff)[number]) => boolean) => staff.find((s) => s.role === role && match(s))?.id;
  if (!departing?.supervisorId || !customer) throw new Error('demo data without an agent who has customers');
  const team = staff.filter((s) => s.supervisorId === departing.supervisorId);
  const [top] = rankCandidates(team, new Map(), { cap: createConfig().monthlyCap, today, region: customer.region, departedAgentId: departing.id });
  const cast = {
    admin: one('admin', () => true),
    districtManager: one('districtManager', (s) => s.districtId === departing.districtId),
    deptManager: one('deptManager', (s) => s.deptId === departing.deptId),
    supervisor: departing.supervisorId,
    agent: top?.agentId,
  };
  for (const [role, id] of Object.entries(cast)) if (!id) throw new Error(`demo data without a ${role} for ${departing.id}`);
  return { ...(cast as Record<keyof typeof cast, string>), departing: departing.id, departingCustomers, customer: customer.id };
}

/** The banner lines `npm start -- --demo` prints: `role id`, ready to paste into a token request. */
export function castLines(cast: DemoCast): string[] {
  const roles = ['admin', 'districtManager', 'deptManager', 'supervisor', 'agent'] as const;
  return [
    ...roles.map((role) => `${role.padEnd(16)}${cast[role]}`),
    `(${cast.departing}, agent of ${cast.departingCustomers} customers such as ${cast.customer}, is the one who leaves in the README walk; ${cast.agent} receives)`,
  ];
}

export async function loadDemo(deps: Deps, options: DemoOptions = {}): Promise<{ staff: number; customers: number; cast: DemoCast }> {
  const data = generateDemo(options);
  const { staff, customers } = data;
  // Supervisors before their agents: each batch's supervisorIds must already exist or be in it.
  const ordered = [...staff].sort((a, b) => Number(a.supervisorId !== null) - Number(b.supervisorId !== null));
  for (let i = 0; i < ordered.length; i += BATCH) await upsertStaff(deps, ADMIN, ordered.slice(i, i + BATCH));
  for (let i = 0; i < customers.length; i += BATCH) await upsertCustomers(deps, ADMIN, customers.slice(i, i + BATCH));
  return { staff: staff.length, customers: customers.length, cast: demoCast(data, options.today ?? '2026-11-23') };
}

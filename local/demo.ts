import type { Deps } from '../lib/ports/deps.js';
import type { Caller } from '../lib/domain/scope.js';
import { upsertCustomers } from '../lib/use-cases/file/upsert-customers.js';
import { upsertStaff } from '../lib/use-cases/team/upsert-staff.js';
import { generateDemo, type DemoOptions } from './demo-data.js';

// Loads the demo set through the same admin use cases the API calls, 1,000 records a call, so
// the demo data passes the same validation as anything an admin uploads.

const ADMIN: Caller = { sub: 'ADMIN01', role: 'admin' };
const BATCH = 1000;

export async function loadDemo(deps: Deps, options: DemoOptions = {}): Promise<{ staff: number; customers: number }> {
  const { staff, customers } = generateDemo(options);
  // Supervisors before their agents: each batch's supervisorIds must already exist or be in it.
  const ordered = [...staff].sort((a, b) => Number(a.supervisorId !== null) - Number(b.supervisorId !== null));
  for (let i = 0; i < ordered.length; i += BATCH) await upsertStaff(deps, ADMIN, ordered.slice(i, i + BATCH));
  for (let i = 0; i < customers.length; i += BATCH) await upsertCustomers(deps, ADMIN, customers.slice(i, i + BATCH));
  return { staff: staff.length, customers: customers.length };
}

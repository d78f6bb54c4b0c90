import { CustomerBatch } from '../domain/customer.js';
import { ValidationError } from '../domain/errors.js';
import type { Caller } from '../domain/scope.js';
import { parseInput } from '../domain/validation.js';
import type { Store } from '../ports/store.js';
import { requireRole } from './require-role.js';
import { assertUniqueIds } from './upsert-staff.js';

// upsertCustomers: an admin loads customers and their policies from the core policy system
// (up to 1,000 a call). All-or-nothing validation first (shape, duplicate ids, known agents), then
// one whole-record put per customer; foster's own file, visits and opt-outs live in other items.

export interface UpsertCustomersDeps {
  store: Store;
}

export async function upsertCustomers({ store }: UpsertCustomersDeps, caller: Caller, body: unknown): Promise<{ upserted: number }> {
  requireRole(caller, ['admin']);
  const customers = parseInput(CustomerBatch, body);
  assertUniqueIds(customers.map((c) => c.id));

  const agents = await store.getStaff([...new Set(customers.map((c) => c.agentId))]);
  const issues = customers.flatMap((c, i) =>
    agents.has(c.agentId) ? [] : [{ path: `[${i}].agentId`, message: `unknown staff ${c.agentId}` }],
  );
  if (issues.length) throw new ValidationError(issues);

  await store.putCustomers(customers);
  return { upserted: customers.length };
}

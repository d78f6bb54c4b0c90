import { CustomerBatch } from '../../domain/customer.js';
import type { FieldIssue } from '../../domain/errors.js';
import type { Caller } from '../../domain/scope.js';
import { parseInput } from '../../domain/validation.js';
import type { Store } from '../../ports/store.js';
import { requireRole } from '../shared/require-role.js';
import { assertUniqueIds } from '../team/upsert-staff.js';

// upsertCustomers: an admin loads customers and their policies from the core policy system
// (up to 1,000 a call). All-or-nothing validation first (shape, duplicate ids; an agent not loaded
// yet is accepted and reported back as a warning), then
// one whole-record put per customer (keeping the new agent of a customer foster already handed on);
// foster's own file, visits and opt-outs live in other items.

export interface UpsertCustomersDeps {
  store: Store;
}

export async function upsertCustomers(
  { store }: UpsertCustomersDeps,
  caller: Caller,
  body: unknown,
): Promise<{ upserted: number; keptAgent?: number; warnings?: FieldIssue[] }> {
  requireRole(caller, ['admin']);
  const customers = parseInput(CustomerBatch, body);
  assertUniqueIds(customers.map((c) => c.id));

  const agents = await store.getStaff([...new Set(customers.map((c) => c.agentId))]);
  const warnings = customers.flatMap((c, i) => (agents.has(c.agentId) ? [] : [{ path: `[${i}].agentId`, message: `no staff ${c.agentId} yet` }]));

  // The core system may still name the departed agent after foster handed the customer on: an
  // upload must not take the customer back from the new agent.
  const stale = customers.filter((c) => agents.get(c.agentId)?.status === 'departed');
  let keptAgent = 0;
  if (stale.length) {
    const stored = await store.getCustomers(stale.map((c) => c.id));
    for (const c of stale) {
      const current = stored.get(c.id)?.agentId;
      if (current && current !== c.agentId) {
        c.agentId = current;
        keptAgent++;
      }
    }
  }

  await store.putCustomers(customers);
  return { upserted: customers.length, ...(keptAgent ? { keptAgent } : {}), ...(warnings.length ? { warnings } : {}) };
}

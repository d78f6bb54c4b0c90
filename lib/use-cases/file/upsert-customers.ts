import { CustomerBatch } from '../../domain/customer.js';
import type { FieldIssue } from '../../domain/errors.js';
import type { Caller } from '../../domain/scope.js';
import { parseInput } from '../../domain/validation.js';
import type { Store } from '../../ports/store.js';
import { requireRole } from '../shared/require-role.js';
import { assertUniqueIds } from '../team/upsert-staff.js';
import type { Deps } from '../../ports/deps.js';
import { syncUploadedFiles } from './sync-uploaded-files.js';

// upsertCustomers: an admin loads customers and their policies from the core policy system
// (up to 1,000 a call). All-or-nothing validation first (shape, duplicate ids; an agent not loaded
// yet is accepted and reported back as a warning), then
// one whole-record put per customer (keeping the new agent of a customer foster already handed on);
// foster's own file, visits and opt-outs live in other items.

export interface UpsertCustomersDeps extends Pick<Deps, 'clock' | 'config'> {
  store: Store;
}

export async function upsertCustomers(
  deps: UpsertCustomersDeps,
  caller: Caller,
  body: unknown,
): Promise<{ upserted: number; keptAgent?: number; merged?: number; warnings?: FieldIssue[] }> {
  const { store } = deps;
  requireRole(caller, ['admin']);
  const customers = parseInput(CustomerBatch, body);
  assertUniqueIds(customers.map((c) => c.id));
  // Issue 12: a row whose phone is a referral prospect's updates that prospect's file (its id is
  // taken over, the row's own id points at it from now on); ids seen that way before are followed.
  const lookup = await store.uploadLookup(
    customers.map((c) => c.id),
    customers.map((c) => c.phone),
  );
  const merges = new Map<string, { coreId: string; phone: string }>();
  const aliased: string[] = [];
  for (const c of customers) {
    const alias = lookup.aliases.get(c.id);
    const prospect = lookup.prospects.get(c.phone);
    if (alias) {
      aliased.push(alias);
      c.id = alias;
    } else if (!lookup.files.has(c.id) && prospect && ![...merges.values()].some((m) => m.phone === c.phone)) {
      merges.set(prospect, { coreId: c.id, phone: c.phone });
      c.id = prospect;
    }
  }
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
  await syncUploadedFiles(deps, customers, lookup.files, merges, aliased);
  return {
    upserted: customers.length,
    ...(keptAgent ? { keptAgent } : {}),
    ...(merges.size ? { merged: merges.size } : {}),
    ...(warnings.length ? { warnings } : {}),
  };
}

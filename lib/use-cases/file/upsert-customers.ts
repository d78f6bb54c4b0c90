import { CustomerBatch, type CustomerFile, type CustomerProfile } from '../../domain/customer.js';
import type { FieldIssue } from '../../domain/errors.js';
import { issuedUnderAgent, productLine } from '../../domain/issued.js';
import type { Caller } from '../../domain/scope.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import type { CustomerFiles } from '../../ports/file-store.js';
import type { IssuedPolicy } from '../../ports/issued-store.js';
import { requireRole } from '../shared/require-role.js';
import { assertUniqueIds } from '../team/upsert-staff.js';
import { syncUploadedFiles } from './sync-uploaded-files.js';

// upsertCustomers: an admin (or the nightly policy feed) loads customers and their policies from
// the core policy system (up to 1,000 a call). All-or-nothing validation first (shape, duplicate ids;
// an agent not loaded yet is accepted and reported back as a warning), then one whole-record put per
// customer (keeping the new agent of a customer foster already handed on); foster's own file, visits
// and opt-outs live in other items. A life or card policy issued on or after the customer's approval
// to its current agent is counted once as issued (承保) for that agent in the month of its issue date.

export type UpsertCustomersDeps = Pick<Deps, 'store' | 'config' | 'clock'>;

/**
 * Counts, once each, the uploaded policies issued under the agent the customer was approved to
 * (`files`: read with the upload's lookup, one BatchGet per 100 keys): one BatchGet per 100 candidate
 * policies for the markers, and transactions only for policies never counted before.
 */
async function countIssuedPolicies(
  { store, config, clock }: UpsertCustomersDeps,
  customers: readonly CustomerProfile[],
  files: ReadonlyMap<string, CustomerFile>,
): Promise<number> {
  const candidates = new Map<string, IssuedPolicy>();
  for (const c of customers) {
    const file = files.get(c.id);
    if (!file?.agentId || !file.agentSince || file.agentId !== c.agentId) continue;
    for (const p of c.policies) {
      const line = productLine(p.kind, config);
      if (!line || !issuedUnderAgent(p.issuedOn, file.agentSince)) continue;
      candidates.set(p.id, { policyId: p.id, customerId: c.id, agentId: c.agentId, month: p.issuedOn.slice(0, 7), line, issuedOn: p.issuedOn });
    }
  }
  if (!candidates.size) return 0;
  const counted = await store.countedPolicies([...candidates.keys()]);
  const fresh = [...candidates.values()].filter((p) => !counted.has(p.policyId));
  if (!fresh.length) return 0;
  return (await store.countIssued(fresh, clock.now().toISOString())).length;
}

export async function upsertCustomers(
  deps: UpsertCustomersDeps,
  caller: Caller,
  body: unknown,
): Promise<{ upserted: number; keptAgent?: number; merged?: number; issued?: number; warnings?: FieldIssue[] }> {
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

  // The agents and foster's files (whom each customer was approved to, for issued policies; what the
  // file knows, for the upload's contact) in parallel: the files were read with the lookup, except
  // those of rows that now point at a prospect's file, read here.
  const moved = [...merges.keys(), ...aliased];
  const [agents, movedFiles] = await Promise.all([
    store.getStaff([...new Set(customers.map((c) => c.agentId))]),
    moved.length ? store.getCustomerFiles(moved) : new Map<string, CustomerFiles>(),
  ]);
  const files = new Map(lookup.files);
  for (const [id, known] of movedFiles) if (known.file) files.set(id, known.file);
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
  const issued = await countIssuedPolicies(deps, customers, files);
  const active = new Set([...agents.values()].filter((a) => a.status !== 'departed').map((a) => a.id));
  await syncUploadedFiles(deps, customers, files, merges, active);
  return {
    upserted: customers.length,
    ...(keptAgent ? { keptAgent } : {}),
    ...(merges.size ? { merged: merges.size } : {}),
    ...(issued ? { issued } : {}),
    ...(warnings.length ? { warnings } : {}),
  };
}

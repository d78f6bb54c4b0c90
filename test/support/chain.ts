import { expect } from 'vitest';
import { createAdminHandler } from '../../functions/http/admin.js';
import { createAssignmentsHandler } from '../../functions/http/assignments.js';
import type { CustomerInput } from '../../lib/domain/customer.js';
import type { createTestDeps } from './deps.js';
import { ADMIN, as, STAFF } from './fixtures.js';
import { callRoute } from './http.js';

/**
 * Loads the fixture staff and `orphans` (customers of A0), departs A0, and takes every orphan
 * through proposal (to `agentOf(customer)`), review and approval, as the HTTP API would.
 */
export async function approveOrphans(env: Awaited<ReturnType<typeof createTestDeps>>, orphans: CustomerInput[], agentOf: (c: CustomerInput) => string) {
  const admin = createAdminHandler(env.deps);
  const chain = createAssignmentsHandler(env.deps);
  await callRoute(admin, 'PUT /admin/staff', { as: ADMIN, body: STAFF });
  await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: orphans });
  await callRoute(admin, 'POST /admin/staff/{id}/departure', { as: ADMIN, params: { id: 'A0' } });
  const ids = orphans.map((c) => `${c.id}~A0`);
  for (const c of orphans) {
    const id = `${c.id}~A0`;
    await callRoute(chain, 'POST /assignments/{id}/proposal', { as: as('SUP1', 'supervisor'), params: { id }, body: { agentId: agentOf(c) } });
    await callRoute(chain, 'POST /assignments/{id}/review', { as: as('MGR1', 'deptManager'), params: { id }, body: { decision: 'accept' } });
  }
  const approval = await callRoute(chain, 'POST /assignments/approval', { as: as('DM1', 'districtManager'), body: { ids } });
  expect(approval.body.approved).toHaveLength(orphans.length);
  return { admin, chain, ids };
}

import { upsertCustomers } from '../../lib/use-cases/upsert-customers.js';
import { upsertStaff } from '../../lib/use-cases/upsert-staff.js';
import type { Deps } from '../deps.js';
import { createHttpHandler } from './http.js';

/** Admin routes: bulk staff and customer upserts, departures. */
export function createAdminHandler(deps: Deps) {
  return createHttpHandler(
    {
      'PUT /admin/staff': async ({ caller, body }) => ({ json: await upsertStaff(deps, caller, body) }),
      'PUT /admin/customers': async ({ caller, body }) => ({ json: await upsertCustomers(deps, caller, body) }),
    },
    deps,
  );
}

import { departAgent } from '../../lib/use-cases/assignment/depart-agent.js';
import { getJob } from '../../lib/use-cases/assignment/departure-job.js';
import { upsertCustomers } from '../../lib/use-cases/file/upsert-customers.js';
import { upsertStaff } from '../../lib/use-cases/team/upsert-staff.js';
import type { Deps } from '../../lib/ports/deps.js';
import { createHttpHandler } from './http.js';
import { ADMIN_ROUTES } from './routes/admin.js';

/** Admin routes: bulk staff and customer upserts, departures and their jobs. */
export function createAdminHandler(deps: Deps) {
  return createHttpHandler(
    {
      'PUT /admin/staff': async ({ caller, body }) => ({ json: await upsertStaff(deps, caller, body) }),
      'PUT /admin/customers': async ({ caller, body }) => ({ json: await upsertCustomers(deps, caller, body) }),
      'POST /admin/staff/{id}/departure': async ({ caller, params }) => {
        const { status, ...json } = await departAgent(deps, caller, params.id);
        return { status, json };
      },
      'GET /admin/jobs/{id}': async ({ caller, params }) => ({ json: await getJob(deps, caller, params.id) }),
    },
    deps,
    ADMIN_ROUTES,
  );
}

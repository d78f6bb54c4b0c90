import { myCustomers } from '../../lib/use-cases/visits/my-customers.js';
import { unmatchedReplies } from '../../lib/use-cases/replies/unmatched-replies.js';
import { getCustomer } from '../../lib/use-cases/file/get-customer.js';
import type { Deps } from '../../lib/ports/deps.js';
import { createHttpHandler } from './http.js';

/** Customer routes: the customer file, an agent's orphans, unmatched replies. */
export function createCustomersHandler(deps: Deps) {
  return createHttpHandler(
    {
      'GET /customers/{id}': async ({ caller, params }) => ({ json: await getCustomer(deps, caller, params.id) }),
      'GET /me/customers': async ({ caller, query }) => ({ json: await myCustomers(deps, caller, query) }),
      'GET /sms/unmatched': async ({ caller, query }) => ({ json: await unmatchedReplies(deps, caller, query) }),
    },
    deps,
  );
}

import { myCustomers } from '../../lib/use-cases/visits/my-customers.js';
import { unmatchedReplies } from '../../lib/use-cases/replies/unmatched-replies.js';
import { getCustomer } from '../../lib/use-cases/file/get-customer.js';
import type { Deps } from '../../lib/ports/deps.js';
import { customerHistory } from '../../lib/use-cases/file/customer-history.js';
import { referralTree } from '../../lib/use-cases/file/referrals.js';
import { experienceMatrix } from '../../lib/domain/experience.js';
import { createHttpHandler } from './http.js';
import { CUSTOMERS_ROUTES } from './routes/customers.js';

/** Customer routes: the customer file, an agent's orphans, unmatched replies. */
export function createCustomersHandler(deps: Deps) {
  return createHttpHandler(
    {
      'GET /customers/{id}': async ({ caller, params }) => ({ json: await getCustomer(deps, caller, params.id) }),
      'GET /me/customers': async ({ caller, query }) => ({ json: await myCustomers(deps, caller, query) }),
      'GET /sms/unmatched': async ({ caller, query }) => ({ json: await unmatchedReplies(deps, caller, query) }),
      'GET /customers/{id}/history': async ({ caller, params, query }) => ({ json: await customerHistory(deps, caller, params.id, query) }),
      'GET /customers/{id}/referrals': async ({ caller, params, query }) => ({ json: await referralTree(deps, caller, params.id, query) }),
      'GET /experiences': async () => ({ json: experienceMatrix() }),
    },
    deps,
    CUSTOMERS_ROUTES,
  );
}

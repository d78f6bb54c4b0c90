import type { Deps } from '../../lib/ports/deps.js';
import { assessCustomer } from '../../lib/use-cases/file/assess-customer.js';
import { giveExperience } from '../../lib/use-cases/file/give-experience.js';
import { addReferral } from '../../lib/use-cases/file/referrals.js';
import { createHttpHandler } from './http.js';
import { FILE_ROUTES } from './routes/file.js';

/** Customer-file writes: assessments, experiences given, referrals. */
export function createFileHandler(deps: Deps) {
  return createHttpHandler(
    {
      'POST /customers/{id}/assessment': async ({ caller, params, body }) => ({ json: await assessCustomer(deps, caller, params.id, body) }),
      'POST /customers/{id}/experiences': async ({ caller, params, body }) => ({ status: 201, json: await giveExperience(deps, caller, params.id, body) }),
      'POST /customers/{id}/referrals': async ({ caller, params, body }) => ({ status: 201, json: await addReferral(deps, caller, params.id, body) }),
    },
    deps,
    FILE_ROUTES,
  );
}

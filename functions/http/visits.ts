import type { Deps } from '../../lib/ports/deps.js';
import { closeVisit, completeVisit } from '../../lib/use-cases/visits/complete-visit.js';
import { recordAttempt } from '../../lib/use-cases/visits/record-attempt.js';
import { recommendationLetter } from '../../lib/use-cases/visits/recommendation-letter.js';
import { createHttpHandler } from './http.js';
import { VISITS_ROUTES } from './routes/visits.js';

/** Visit routes: attempts, completion, closing as unreachable, the recommendation letter. */
export function createVisitsHandler(deps: Deps) {
  return createHttpHandler(
    {
      'POST /visits/{id}/attempts': async ({ caller, params, body }) => ({ json: await recordAttempt(deps, caller, params.id ?? '', body) }),
      'POST /visits/{id}/completion': async ({ caller, params, body }) => ({ json: await completeVisit(deps, caller, params.id ?? '', body) }),
      'POST /visits/{id}/closure': async ({ caller, params, body }) => ({ json: await closeVisit(deps, caller, params.id ?? '', body) }),
      'GET /assignments/{id}/letter': async ({ caller, params }) => ({ html: await recommendationLetter(deps, caller, params.id ?? '') }),
    },
    deps,
    VISITS_ROUTES,
  );
}

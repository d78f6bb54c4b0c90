import type { Deps } from '../../lib/ports/deps.js';
import { approveAssignments } from '../../lib/use-cases/assignment/approve-assignments.js';
import { proposeAssignment, reviewAssignment } from '../../lib/use-cases/assignment/choose-agent.js';
import { escalateAssignments } from '../../lib/use-cases/assignment/escalate-assignments.js';
import { autoPropose } from '../../lib/use-cases/assignment/auto-propose.js';
import { proposeAssignments, reviewAssignments } from '../../lib/use-cases/assignment/bulk-choose.js';
import { listAssignments } from '../../lib/use-cases/assignment/list-assignments.js';
import { listCandidates } from '../../lib/use-cases/assignment/list-candidates.js';
import { createHttpHandler } from './http.js';
import { ASSIGNMENTS_ROUTES } from './routes/assignments.js';

/** Assignment routes: the chain from departure to approval. */
export function createAssignmentsHandler(deps: Deps) {
  return createHttpHandler(
    {
      'GET /assignments': async ({ caller, query }) => ({ json: await listAssignments(deps, caller, query) }),
      'GET /assignments/{id}/candidates': async ({ caller, params }) => ({ json: await listCandidates(deps, caller, params.id ?? '') }),
      'POST /assignments/{id}/proposal': async ({ caller, params, body }) => ({ json: await proposeAssignment(deps, caller, params.id ?? '', body) }),
      'POST /assignments/{id}/review': async ({ caller, params, body }) => ({ json: await reviewAssignment(deps, caller, params.id ?? '', body) }),
      'POST /assignments/approval': async ({ caller, body }) => ({ json: await approveAssignments(deps, caller, body) }),
      'POST /assignments/escalation': async ({ caller, body }) => ({ json: await escalateAssignments(deps, caller, body) }),
      'POST /assignments/proposals': async ({ caller, body }) => ({ json: await proposeAssignments(deps, caller, body) }),
      'POST /assignments/reviews': async ({ caller, body }) => ({ json: await reviewAssignments(deps, caller, body) }),
      'POST /assignments/proposals/auto': async ({ caller, body }) => ({ json: await autoPropose(deps, caller, body) }),
    },
    deps,
    ASSIGNMENTS_ROUTES,
  );
}

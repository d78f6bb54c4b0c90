import type { Deps } from '../../lib/ports/deps.js';
import { approveAssignments } from '../../lib/use-cases/approve-assignments.js';
import { proposeAssignment, reviewAssignment } from '../../lib/use-cases/choose-agent.js';
import { escalateAssignments } from '../../lib/use-cases/escalate-assignments.js';
import { listAssignments } from '../../lib/use-cases/list-assignments.js';
import { listCandidates } from '../../lib/use-cases/list-candidates.js';
import { createHttpHandler } from './http.js';

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
    },
    deps,
  );
}

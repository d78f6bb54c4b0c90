import type { Deps } from '../deps.js';
import { createHttpHandler } from './http.js';

/** Assignment routes: the chain from departure to approval. */
export function createAssignmentsHandler(deps: Deps) {
  return createHttpHandler({}, deps);
}

import type { Deps } from '../../lib/ports/deps.js';
import { createHttpHandler } from './http.js';

/** Visit routes: attempts, completion, the recommendation letter. */
export function createVisitsHandler(deps: Deps) {
  return createHttpHandler({}, deps);
}

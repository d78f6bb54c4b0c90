import { depsFromEnv } from '../env.js';

// Placeholder composition root: the handler is wired in by the issue that builds it.
const deps = depsFromEnv(process.env, 'foster-scheduled');
export const handler = async (event: unknown) => {
  deps.logger.error('handler not built yet', { event: typeof event });
  throw new Error('foster-scheduled is not built yet');
};

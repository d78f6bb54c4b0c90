import * as z from '../lib/domain/zod.js';
import { createLogger } from '../lib/adapters/logger.js';

// The logger's variable, read for a Lambda that needs nothing else (the public routes). Part of
// functions/env.ts (which re-exports it), in a module of its own because esbuild keeps every AWS SDK
// import of a module the bundle reaches, used or not, and infra/permissions.ts grants what a bundle
// imports: through env.ts the public Lambda would hold the table client and get table permissions.

export const logEnv = () => z.object({ LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']), 'INFO') });

/** The logger alone, for a Lambda that needs nothing else (the public routes). */
export function loggerFromEnv(env: NodeJS.ProcessEnv = process.env, serviceName = 'foster') {
  const { LOG_LEVEL } = logEnv().parse(env);
  return createLogger({ serviceName, logLevel: LOG_LEVEL });
}

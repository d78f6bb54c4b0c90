import type { Logger } from '../../lib/adapters/logger.js';
import { createHttpHandler } from './http.js';
import { openApiDocument } from './openapi.js';
import { PUBLIC_ROUTES } from './routes/public.js';

/** Public routes (no token, no personal data): the API's own OpenAPI document. */
export function createPublicHandler({ logger }: { logger: Logger }) {
  let document: ReturnType<typeof openApiDocument> | undefined;
  return createHttpHandler(
    {
      'GET /openapi.json': async () => ({ json: (document ??= openApiDocument()) }),
    },
    { logger },
    PUBLIC_ROUTES,
  );
}

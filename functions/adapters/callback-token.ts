import { createSecretReader } from '../../lib/adapters/secrets.js';
import type { CallbackTokenSource } from '../http/http.js';
import { callbackTokenEnv } from '../env.js';

/** Where the callbacks function reads the provider callback token: Secrets Manager, cached. */
export function callbackTokenFromEnv(env: NodeJS.ProcessEnv): CallbackTokenSource {
  const name = callbackTokenEnv().parse(env).CALLBACK_TOKEN_SECRET;
  const secrets = createSecretReader();
  return () => secrets.text(name);
}

import type { Deps } from '../../lib/ports/deps.js';
import { receiveTencentStatus } from '../../lib/use-cases/outbox/delivery-receipts.js';
import { receiveTencentReply } from '../../lib/use-cases/replies/tencent-reply.js';
import { createHttpHandler, type CallbackTokenSource } from './http.js';
import { CALLBACKS_ROUTES } from './routes/callbacks.js';

/** SMS provider callbacks: Tencent Cloud SMS replies and delivery receipts, guarded by the callback token. */
export function createCallbacksHandler(deps: Deps, { callbackToken }: { callbackToken: CallbackTokenSource }) {
  return createHttpHandler(
    {
      'POST /sms/replies/tencent': async ({ body }) => ({ json: await receiveTencentReply(deps, body) }),
      'POST /sms/status/tencent': async ({ body }) => ({ json: await receiveTencentStatus(deps, body) }),
    },
    { logger: deps.logger, callbackToken },
    CALLBACKS_ROUTES,
  );
}

import { type RouteSpec } from '../route-spec.js';
import { CallbackTokenQuery, TencentCallbackAnswer, TencentReplyCallback, TencentStatusCallback } from '../../../lib/domain/provider-callbacks.js';

/** The routes the callbacks Lambda serves (part of the route table, functions/http/routes.ts). */
export const CALLBACKS_ROUTES = [
  // SMS provider callbacks (Tencent Cloud SMS): no staff token; the shared secret in `?token=`.
  {
    key: 'POST /sms/replies/tencent',
    group: 'callbacks',
    guard: 'callbackToken',
    roles: [],
    summary: "Tencent Cloud SMS reply callback: a customer's SMS, filed like any reply",
    body: TencentReplyCallback,
    query: CallbackTokenQuery,
    response: TencentCallbackAnswer,
  },
  {
    key: 'POST /sms/status/tencent',
    group: 'callbacks',
    guard: 'callbackToken',
    roles: [],
    summary: 'Tencent Cloud SMS delivery receipts: texts marked delivered or undelivered',
    body: TencentStatusCallback,
    query: CallbackTokenQuery,
    response: TencentCallbackAnswer,
  },
] as const satisfies readonly RouteSpec[];

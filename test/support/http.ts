import type { Context } from 'aws-lambda';
import type { HttpEvent } from '../../functions/http/http.js';
import type { RouteKey } from '../../functions/http/routes.js';
import { buildApiEvent } from '../../local/api-event.js';
import { assertDocumentedAnswer } from './contract.js';

type Handler = (event: HttpEvent, context: Context) => Promise<unknown>;

/**
 * Calls a handler-group Lambda with the API Gateway v2 event of one route; the body string is sent
 * as is. A success that is not what the route table documents for the route throws.
 */
export async function callRoute(
  handler: unknown,
  routeKey: RouteKey,
  options: { as?: { sub: string; role: string }; body?: unknown; rawBody?: string; params?: Record<string, string>; query?: string } = {},
): Promise<{ status: number; body: any; text: string; headers: Record<string, string> }> {
  const [method, template] = routeKey.split(' ') as [string, string];
  const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(options.params?.[name] ?? ''));
  const event = buildApiEvent({
    routeKey,
    method,
    path,
    rawQueryString: options.query ?? '',
    headers: { 'content-type': 'application/json' },
    params: options.params ?? {},
    claims: options.as ? { sub: options.as.sub, role: options.as.role } : {},
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    now: new Date(),
  });
  const out = (await (handler as Handler)(event, { awsRequestId: 'test' } as Context)) as {
    statusCode: number;
    body?: string;
    headers?: Record<string, string>;
  };
  const text = out.body ?? '';
  // Every success must be one its route documents (status, media type, schema).
  assertDocumentedAnswer(routeKey, out.statusCode, out.headers?.['content-type'], text);
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // HTML and empty bodies stay text
  }
  return { status: out.statusCode, body, text, headers: out.headers ?? {} };
}

import { createHash, timingSafeEqual } from 'node:crypto';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ForbiddenError, FosterError, NotFoundError, UnauthorizedError, ValidationError } from '../../lib/domain/errors.js';
import type { Caller } from '../../lib/domain/scope.js';
import { Role } from '../../lib/domain/staff.js';
import type { Logger } from '../../lib/adapters/logger.js';
import type { RouteKey, RouteSpec } from './routes.js';

// The HTTP adapter every API Lambda shares: middy with three middlewares (caller from the JWT
// claims, JSON body, domain errors to HTTP) and a router on `routeKey`. Route handlers stay one
// line: parse nothing themselves, call one use case, return its result.

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

/** What a route handler receives. */
export interface HttpRequest {
  /** The signed-in staff member; only on `jwt` routes (reading it elsewhere throws 401). */
  caller: Caller;
  body: unknown;
  params: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  /** Request headers, names in lower case. */
  headers: Record<string, string | undefined>;
}

/** A JSON body (status 200 unless given), an HTML page, or any other content (bytes go out base64-encoded). */
export type HttpResult =
  | { status?: number; json: unknown }
  | { status?: number; html: string }
  | { status?: number; body: string | Uint8Array; contentType: string; headers?: Record<string, string> };
export type RouteHandler = (request: HttpRequest) => Promise<HttpResult>;

interface State {
  caller?: Caller;
  body?: unknown;
}

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
});

/** Reads `sub` and `role` from the authorizer's claims; a missing or unknown one is a 401. */
export function callerFromEvent(event: HttpEvent): Caller {
  const claims = event.requestContext?.authorizer?.jwt?.claims ?? {};
  // Cognito's `sub` is a generated UUID: a pool that stores the staff id in `custom:staffId` uses that.
  const sub = claims['custom:staffId'] ?? claims.sub;
  const role = Role.safeParse(claims.role ?? claims['custom:role']);
  if (typeof sub !== 'string' || !sub || !role.success) throw new UnauthorizedError('missing or invalid token claims (sub, role)');
  return { sub, role: role.data };
}

/** Parses the JSON body; malformed JSON is a 400 naming `body`. */
export function bodyFromEvent(event: HttpEvent): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError([{ path: 'body', message: 'must be valid JSON' }]);
  }
}

/** Compares a given secret with the expected one in constant time (whatever their lengths). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected)) && expected.length > 0;
}

/** Where a handler group finds the provider callback token (Secrets Manager in the cloud); undefined: none configured. */
export type CallbackTokenSource = () => Promise<string | undefined>;

/** Maps a thrown error to the contract's `{error: {code, message}}`; only below 500 is the message exposed. */
export function errorResponse(error: unknown, logger: Logger): APIGatewayProxyStructuredResultV2 {
  if (error instanceof FosterError) {
    if (error.status >= 500) logger.error('request failed', { error });
    else logger.info('request refused', { code: error.code, status: error.status, reason: error.message });
    const extra = error instanceof ValidationError ? { fields: error.fields } : 'details' in error && error.details ? { details: error.details } : {};
    return json(error.status, { error: { code: error.code, message: error.status < 500 ? error.message : 'internal error', ...extra } });
  }
  logger.error('unexpected error', { error });
  return json(500, { error: { code: 'INTERNAL', message: 'internal error' } });
}

/**
 * Builds the Lambda handler of one handler group: the routes it serves, keyed by route key.
 *
 * @example
 * export const handler = createHttpHandler({ 'GET /customers/{id}': (r) => ... }, { logger }, CUSTOMERS_ROUTES);
 */
export function createHttpHandler(
  routes: Partial<Record<RouteKey, RouteHandler>>,
  { logger, callbackToken }: { logger: Logger; callbackToken?: CallbackTokenSource },
  /** The group's part of the route table (functions/http/routes/<group>.ts): its guards and roles. */
  table: readonly RouteSpec[],
) {
  // A handler for a route outside the group's table would skip its guard and roles: refuse to start.
  const strays = Object.keys(routes).filter((key) => !table.some((r) => r.key === key));
  if (strays.length) throw new Error(`routes not in this group's table: ${strays.join(', ')}`);
  const state = new WeakMap<object, State>();
  const base = async (event: HttpEvent): Promise<APIGatewayProxyStructuredResultV2> => {
    const route = routes[event.routeKey as RouteKey];
    if (!route) throw new NotFoundError('route', event.routeKey);
    const { caller, body } = state.get(event) ?? {};
    const result = await route({
      // Reading the caller on a route without a staff token is a bug; it fails closed.
      get caller(): Caller {
        if (!caller) throw new UnauthorizedError('this route has no signed-in caller');
        return caller;
      },
      body,
      params: event.pathParameters ?? {},
      query: event.queryStringParameters ?? {},
      headers: Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    });
    if ('html' in result) {
      return { statusCode: result.status ?? 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: result.html };
    }
    if ('body' in result) {
      const binary = typeof result.body !== 'string';
      return {
        statusCode: result.status ?? 200,
        headers: { 'content-type': result.contentType, ...result.headers },
        body: binary ? Buffer.from(result.body).toString('base64') : (result.body as string),
        isBase64Encoded: binary,
      };
    }
    return json(result.status ?? 200, result.json);
  };

  return middy<HttpEvent, APIGatewayProxyStructuredResultV2, Error, Context>(base)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      before: async function parseRequest(request) {
        // Every log line of the request says which route and which staff member, never a phone.
        logger.appendKeys({ route: request.event.routeKey, requestId: request.event.requestContext?.requestId });
        const spec = table.find((r) => r.key === request.event.routeKey);
        if (spec?.guard === 'callbackToken') {
          // Checked before the body is even parsed: a wrong or missing token reads and writes nothing.
          const expected = await callbackToken?.();
          const given = request.event.queryStringParameters?.token;
          if (!expected || !given || !sameSecret(given, expected)) throw new UnauthorizedError('missing or wrong callback token');
        }
        if (spec && spec.guard !== 'jwt') {
          state.set(request.event, { body: bodyFromEvent(request.event) });
          return;
        }
        const caller = callerFromEvent(request.event);
        logger.appendKeys({ caller: caller.sub, role: caller.role });
        // The route table's roles are checked here too, so a route cannot be reached by a role it
        // does not list even if its use case forgot to ask; scope is still the use case's.
        if (spec && !spec.roles.includes(caller.role))
          throw new ForbiddenError(`role ${caller.role} may not call ${spec.key}; needs ${spec.roles.join(' or ')}`);
        state.set(request.event, { caller, body: bodyFromEvent(request.event) });
      },
      onError: function mapDomainErrors(request) {
        request.response = errorResponse(request.error, logger);
      },
    });
}

import type { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { HttpEvent } from '../functions/http/http.js';
import { ROUTES, type RouteKey } from '../functions/http/routes.js';

// Turns a local HTTP request into the API Gateway HTTP API (payload 2.0) event the cloud would
// deliver: route key matched from the contract's route table, path parameters, query string,
// JWT claims under requestContext.authorizer.jwt.

interface CompiledRoute {
  key: RouteKey;
  group: (typeof ROUTES)[number]['group'];
  guard: (typeof ROUTES)[number]['guard'];
  method: string;
  pattern: RegExp;
  names: string[];
}

const compiled: CompiledRoute[] = ROUTES.map(({ key, group, guard }) => {
  const [method, path] = key.split(' ') as [string, string];
  const names: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    })}$`,
  );
  return { key, group, guard, method, pattern, names };
});

/** A path segment decoded; one that is not percent-encoded UTF-8 (`%C0%AF`, a bare `%`) stays as sent, so the route answers 404 for it instead of failing. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The contract route a method and path hit, with its path parameters; literal paths win over templates. */
export function matchRoute(method: string, path: string) {
  const hits = compiled.filter((r) => r.method === method && r.pattern.test(path));
  const route = hits.find((r) => r.names.length === 0) ?? hits[0];
  if (!route) return { route: undefined, pathExists: compiled.some((r) => r.pattern.test(path)) };
  const values = route.pattern.exec(path)!.slice(1);
  const params = Object.fromEntries(route.names.map((n, i) => [n, decodeSegment(values[i]!)]));
  return { route, params, pathExists: true };
}

export function buildApiEvent(input: {
  routeKey: RouteKey;
  method: string;
  path: string;
  rawQueryString: string;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  claims: Record<string, string>;
  body: string | undefined;
  now: Date;
}): HttpEvent {
  const headers = Object.fromEntries(Object.entries(input.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : String(v ?? '')]));
  const query = new URLSearchParams(input.rawQueryString);
  const queryStringParameters = input.rawQueryString ? Object.fromEntries([...query.keys()].map((k) => [k, query.getAll(k).join(',')])) : undefined;
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: input.path,
    rawQueryString: input.rawQueryString,
    headers,
    queryStringParameters,
    pathParameters: Object.keys(input.params).length ? input.params : undefined,
    body: input.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      requestId: randomUUID(),
      routeKey: input.routeKey,
      stage: '$default',
      time: input.now.toUTCString(),
      timeEpoch: input.now.getTime(),
      http: { method: input.method, path: input.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: input.claims, scopes: [] } },
    },
  };
}

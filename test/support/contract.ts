import * as z from '../../lib/domain/zod.js';
import { successes } from '../../functions/http/openapi.js';
import { routeOf } from '../../functions/http/routes.js';

// The answers the route table documents (functions/http/routes.ts `response`, `produces`,
// `otherAnswers`), checked on every success a test gets: a route that answers a status, a media
// type or a shape its RouteSpec does not document fails the test that called it, by name.

/**
 * Why a success of `routeKey` is not what its route documents, or undefined when it is.
 *
 * @example
 * undocumentedAnswer('GET /assignments', 200, 'application/json; charset=utf-8', '{"items":[]}'); // undefined
 */
export function undocumentedAnswer(routeKey: string, status: number, contentType: string | undefined, text: string): string | undefined {
  if (status < 200 || status > 299) return undefined;
  const route = routeOf(routeKey);
  if (!route) return `${routeKey} is not in the route table`;
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const documented = successes(route);
  const success = documented.find((s) => s.status === status && s.produces === media);
  if (!success) {
    return `${routeKey} answered ${status} ${media || '(no content type)'}; its RouteSpec documents ${documented.map((s) => `${s.status} ${s.produces}`).join(', ')}`;
  }
  if (!success.response) return `${routeKey} has no response schema for ${status} ${media}`;
  let body: unknown = text;
  if (media === 'application/json') {
    try {
      body = JSON.parse(text);
    } catch {
      return `${routeKey} answered ${status} application/json that is not JSON: ${text.slice(0, 200)}`;
    }
  }
  const parsed = z.safeParse(success.response, body);
  return parsed.success ? undefined : `${routeKey} ${status} ${media} does not match its documented schema: ${parsed.error.message}`;
}

/** Throws when a success of `routeKey` is not what its route documents. */
export function assertDocumentedAnswer(routeKey: string, status: number, contentType: string | undefined, text: string): void {
  const problem = undocumentedAnswer(routeKey, status, contentType, text);
  if (problem) throw new Error(problem);
}

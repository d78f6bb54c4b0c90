import { ADMIN_ROUTES } from './routes/admin.js';
import { ASSIGNMENTS_ROUTES } from './routes/assignments.js';
import { VISITS_ROUTES } from './routes/visits.js';
import { CUSTOMERS_ROUTES } from './routes/customers.js';
import { TEAM_ROUTES } from './routes/team.js';
import { PUBLIC_ROUTES } from './routes/public.js';
import { CALLBACKS_ROUTES } from './routes/callbacks.js';
import { FILE_ROUTES } from './routes/file.js';

// The HTTP contract (../shared/ARCHITECTURE.md): every route, the Lambda (handler group) that
// serves it, how it is guarded and which roles may call it. The CDK stack makes one API Gateway
// route per entry (JWT authorizer only where `guard` is 'jwt'); the local runtime matches requests
// against the same list; the OpenAPI document and the security tests are generated from it, so
// none of them can drift from the others or forget a route.
// Each group's routes live in functions/http/routes/<group>.ts, so a Lambda bundles only its own
// routes and their request schemas; ROUTES is their union, the one table everything else reads.

export { HANDLER_GROUPS, type HandlerGroup, type Guard, type MediaType, type OtherAnswer, type RouteSpec } from './route-spec.js';
import type { RouteSpec } from './route-spec.js';

export const ROUTES = [
  ...ADMIN_ROUTES,
  ...ASSIGNMENTS_ROUTES,
  ...VISITS_ROUTES,
  ...CUSTOMERS_ROUTES,
  ...TEAM_ROUTES,
  ...PUBLIC_ROUTES,
  ...CALLBACKS_ROUTES,
  ...FILE_ROUTES,
] as const satisfies readonly RouteSpec[];

export type RouteKey = (typeof ROUTES)[number]['key'];

/** The route table entry of a route key. */
export function routeOf(key: string): RouteSpec | undefined {
  return (ROUTES as readonly RouteSpec[]).find((r) => r.key === key);
}

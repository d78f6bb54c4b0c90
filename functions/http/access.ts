import { ROUTES, type HandlerGroup, type RouteSpec } from './routes.js';

// What a handler group's Lambda may do to the table, read from the route table: a group that
// serves only GET routes is read-only. The stack grants it reads only (infra/permissions.ts) and
// the local runtime refuses its writes (lib/adapters/dynamodb/read-only.ts), so both agree.

/** True when every route of `group` is a GET that writes nothing (a GET may start a job: `writes`). */
export function isReadOnlyGroup(group: HandlerGroup): boolean {
  const routes: readonly RouteSpec[] = ROUTES.filter((r) => r.group === group);
  return routes.length > 0 && routes.every((r) => r.key.startsWith('GET ') && !r.writes);
}

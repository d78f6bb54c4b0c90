import { type RouteSpec } from '../route-spec.js';

/** The routes the public Lambda serves (part of the route table, functions/http/routes.ts). */
export const PUBLIC_ROUTES = [
  // Added in v1.1: the API describes itself (no token; generated from this table).
  {
    key: 'GET /openapi.json',
    group: 'public',
    guard: 'public',
    roles: [],
    summary: 'This API as an OpenAPI 3.1 document',
  },
] as const satisfies readonly RouteSpec[];

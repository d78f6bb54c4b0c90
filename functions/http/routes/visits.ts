import { STAFF, type RouteSpec } from '../route-spec.js';
import { AttemptInput, VisitClosure, VisitCompletion } from '../../../lib/domain/visit.js';

/** The routes the visits Lambda serves (part of the route table, functions/http/routes.ts). */
export const VISITS_ROUTES = [
  {
    key: 'GET /assignments/{id}/letter',
    group: 'visits',
    guard: 'jwt',
    roles: STAFF,
    summary: 'Printable recommendation letter (HTML); 409 until the assignment is approved',
    produces: 'text/html',
    conflicts: true,
  },
  {
    key: 'POST /visits/{id}/attempts',
    group: 'visits',
    guard: 'jwt',
    roles: ['agent'],
    summary: 'Log one phone invitation attempt (outcome, invitation reason)',
    body: AttemptInput,
  },
  {
    key: 'POST /visits/{id}/completion',
    group: 'visits',
    guard: 'jwt',
    roles: ['agent'],
    summary: 'Visit done: known services given, sale; queues the rating SMS; a sale at visit 2 ends the programme',
    body: VisitCompletion,
  },
  // Added to v1: closing a visit as unreachable once the minimum attempts are made.
  {
    key: 'POST /visits/{id}/closure',
    group: 'visits',
    guard: 'jwt',
    roles: ['agent'],
    summary: 'Close a visit as unreachable after the minimum attempts',
    body: VisitClosure,
  },
] as const satisfies readonly RouteSpec[];

import { MANAGERS, type RouteSpec } from '../route-spec.js';
import { AlertsQuery, ExportPartQuery, ExportQuery, MetricsQuery } from '../../../lib/domain/team.js';

/** The routes the team Lambda serves (part of the route table, functions/http/routes.ts). */
export const TEAM_ROUTES = [
  {
    key: 'GET /team/metrics',
    group: 'team',
    guard: 'jwt',
    roles: [...MANAGERS, 'admin'],
    summary: 'Per-agent figures for a month',
    query: MetricsQuery,
  },
  // Added in v1.1 (issue 13): the managers' view.
  {
    key: 'GET /team/alerts',
    group: 'team',
    guard: 'jwt',
    roles: MANAGERS,
    summary: 'Customers and assignments needing a look, newest first, paginated',
    query: AlertsQuery,
  },
  {
    key: 'GET /team/dashboard',
    group: 'team',
    guard: 'public',
    roles: [],
    summary: "The managers' dashboard page (HTML, no data; it signs in itself)",
    produces: 'text/html',
  },
  {
    key: 'GET /team/dashboard/assets/{name}',
    group: 'team',
    guard: 'public',
    roles: [],
    summary: "The dashboard's script and style",
    produces: 'text/javascript',
  },
  {
    key: 'GET /assignments/export',
    group: 'team',
    guard: 'jwt',
    roles: MANAGERS,
    summary: 'Assignments in scope as CSV (UTF-8 with BOM); over 10,000 rows answers 202 with an export to fetch',
    query: ExportQuery,
    produces: 'text/csv',
    writes: true,
  },
  {
    key: 'GET /assignments/exports/{id}',
    group: 'team',
    guard: 'jwt',
    roles: MANAGERS,
    summary: 'An asynchronous export: its status, or with ?part=n one CSV part',
    query: ExportPartQuery,
  },
] as const satisfies readonly RouteSpec[];

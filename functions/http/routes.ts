// The HTTP contract v1 (../shared/ARCHITECTURE.md): every route, and the Lambda (handler group)
// that serves it. The CDK stack makes one API Gateway route per entry; the local runtime matches
// requests against the same list, so the two cannot drift apart.

export const HANDLER_GROUPS = ['admin', 'assignments', 'customers', 'visits'] as const;
export type HandlerGroup = (typeof HANDLER_GROUPS)[number];

export const ROUTES = [
  { key: 'PUT /admin/staff', group: 'admin' },
  { key: 'PUT /admin/customers', group: 'admin' },
  { key: 'POST /admin/staff/{id}/departure', group: 'admin' },
  { key: 'GET /assignments', group: 'assignments' },
  { key: 'GET /assignments/{id}/candidates', group: 'assignments' },
  { key: 'POST /assignments/{id}/proposal', group: 'assignments' },
  { key: 'POST /assignments/{id}/review', group: 'assignments' },
  { key: 'POST /assignments/approval', group: 'assignments' },
  { key: 'POST /assignments/escalation', group: 'assignments' },
  { key: 'GET /assignments/{id}/letter', group: 'visits' },
  { key: 'GET /me/customers', group: 'customers' },
  { key: 'GET /customers/{id}', group: 'customers' },
  { key: 'GET /team/metrics', group: 'customers' },
  // Added to v1: customer replies nobody could file, for supervisors to follow up.
  { key: 'GET /sms/unmatched', group: 'customers' },
  { key: 'POST /visits/{id}/attempts', group: 'visits' },
  { key: 'POST /visits/{id}/completion', group: 'visits' },
  // Added to v1: closing a visit as unreachable once the minimum attempts are made.
  { key: 'POST /visits/{id}/closure', group: 'visits' },
] as const satisfies readonly { key: string; group: HandlerGroup }[];

export type RouteKey = (typeof ROUTES)[number]['key'];

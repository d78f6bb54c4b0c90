import type { z } from 'zod';
import { CustomerBatch } from '../../lib/domain/customer.js';
import {
  AssignmentListQuery,
  Closure,
  Completion,
  IdBatch,
  MyCustomersQuery,
  Proposal,
  Review,
  TeamMetricsQuery,
  UnmatchedQuery,
} from '../../lib/domain/requests.js';
import {
  ApprovalResponse,
  AssignmentListResponse,
  AssignmentResponse,
  AttemptResponse,
  CandidatesResponse,
  CustomerResponse,
  DepartureResponse,
  EscalationResponse,
  LetterResponse,
  MyCustomersResponse,
  OpenApiResponse,
  TeamMetricsResponse,
  UnmatchedResponse,
  UpsertCustomersResponse,
  UpsertStaffResponse,
  VisitEndResponse,
} from '../../lib/domain/responses.js';
import { StaffBatch, type Role } from '../../lib/domain/staff.js';
import { AttemptInput } from '../../lib/domain/visit.js';

// The HTTP contract (../shared/ARCHITECTURE.md): every route, the Lambda (handler group) that
// serves it, how it is guarded and which roles may call it. The CDK stack makes one API Gateway
// route per entry (JWT authorizer only where `guard` is 'jwt'); the local runtime matches requests
// against the same list; the OpenAPI document and the security tests are generated from it, so
// none of them can drift from the others or forget a route.

export const HANDLER_GROUPS = ['admin', 'assignments', 'customers', 'visits', 'public'] as const;
export type HandlerGroup = (typeof HANDLER_GROUPS)[number];

/**
 * How a route is protected:
 * - `jwt`: a staff token (Cognito in the cloud, a locally signed one under `npm start`); `roles` may call it.
 * - `callbackToken`: a provider callback; a secret token in the query string, compared in constant time.
 * - `public`: no credentials; the route must serve no personal data.
 */
export type Guard = 'jwt' | 'callbackToken' | 'public';

/** Managers who see results in their scope. */
const MANAGERS = ['supervisor', 'deptManager', 'districtManager'] as const satisfies readonly Role[];
const STAFF = ['agent', 'supervisor', 'deptManager', 'districtManager', 'admin'] as const satisfies readonly Role[];

/** One route of the contract. */
export interface RouteSpec {
  readonly key: string;
  readonly group: HandlerGroup;
  readonly guard: Guard;
  /** Roles allowed past the route (the use case still checks scope). Empty unless `guard` is 'jwt'. */
  readonly roles: readonly Role[];
  /** One line for the OpenAPI document. */
  readonly summary: string;
  /**
   * Zod schemas of the request body, the query string and the success answer, for the OpenAPI
   * document and the fuzz tests. They live in lib/domain (never in a use-case module, which would
   * pull that use case into every Lambda's bundle) and are the same objects the use case parses with.
   */
  readonly body?: z.ZodType;
  readonly query?: z.ZodType;
  readonly response?: z.ZodType;
  /** Status of a success. @default 200 */
  readonly status?: number;
  /** Media type of a success. @default 'application/json' */
  readonly produces?: 'application/json' | 'text/html';
  /** Whether a 409 (state or rule conflict) may come back. @default true for every method but GET */
  readonly conflicts?: boolean;
}

export const ROUTES = [
  {
    key: 'PUT /admin/staff',
    group: 'admin',
    guard: 'jwt',
    roles: ['admin'],
    summary: 'Upsert staff records',
    body: StaffBatch,
    response: UpsertStaffResponse,
  },
  {
    key: 'PUT /admin/customers',
    group: 'admin',
    guard: 'jwt',
    roles: ['admin'],
    summary: 'Upsert customers and their policies',
    body: CustomerBatch,
    response: UpsertCustomersResponse,
  },
  {
    key: 'POST /admin/staff/{id}/departure',
    group: 'admin',
    guard: 'jwt',
    roles: ['admin'],
    summary: 'An agent leaves: their customers become orphans pre-assigned to the supervisor',
    response: DepartureResponse,
  },
  {
    key: 'GET /assignments',
    group: 'assignments',
    guard: 'jwt',
    roles: MANAGERS,
    summary: "Assignments in the caller's scope, by state",
    query: AssignmentListQuery,
    response: AssignmentListResponse,
  },
  {
    key: 'GET /assignments/{id}/candidates',
    group: 'assignments',
    guard: 'jwt',
    roles: [...MANAGERS, 'admin'],
    summary: 'Ranked agents who may receive the orphan, with remaining monthly capacity',
    response: CandidatesResponse,
  },
  {
    key: 'POST /assignments/{id}/proposal',
    group: 'assignments',
    guard: 'jwt',
    roles: ['supervisor'],
    summary: 'Supervisor proposes an agent',
    body: Proposal,
    response: AssignmentResponse,
  },
  {
    key: 'POST /assignments/{id}/review',
    group: 'assignments',
    guard: 'jwt',
    roles: ['deptManager'],
    summary: 'Department manager accepts or reassigns',
    body: Review,
    response: AssignmentResponse,
  },
  {
    key: 'POST /assignments/approval',
    group: 'assignments',
    guard: 'jwt',
    roles: ['districtManager'],
    summary: 'District manager approves: agent changes, texts queued, visits scheduled',
    body: IdBatch,
    response: ApprovalResponse,
  },
  {
    key: 'POST /assignments/escalation',
    group: 'assignments',
    guard: 'jwt',
    roles: ['districtManager'],
    summary: 'Assign overdue orphans by region to collectors, else service clerks',
    body: IdBatch,
    response: EscalationResponse,
  },
  {
    key: 'GET /assignments/{id}/letter',
    group: 'visits',
    guard: 'jwt',
    roles: STAFF,
    summary: 'Printable recommendation letter (HTML); 409 until the assignment is approved',
    response: LetterResponse,
    produces: 'text/html',
    conflicts: true,
  },
  {
    key: 'GET /me/customers',
    group: 'customers',
    guard: 'jwt',
    roles: ['agent'],
    summary: "The agent's orphan customers with policies and visit status",
    query: MyCustomersQuery,
    response: MyCustomersResponse,
  },
  { key: 'GET /customers/{id}', group: 'customers', guard: 'jwt', roles: STAFF, summary: 'One customer file, in scope', response: CustomerResponse },
  {
    key: 'GET /team/metrics',
    group: 'customers',
    guard: 'jwt',
    roles: [...MANAGERS, 'admin'],
    summary: 'Per-agent figures for a month',
    query: TeamMetricsQuery,
    response: TeamMetricsResponse,
  },
  // Added to v1: customer replies nobody could file, for supervisors to follow up.
  {
    key: 'GET /sms/unmatched',
    group: 'customers',
    guard: 'jwt',
    roles: [...MANAGERS, 'admin'],
    summary: 'Customer replies foster could not file',
    query: UnmatchedQuery,
    response: UnmatchedResponse,
  },
  {
    key: 'POST /visits/{id}/attempts',
    group: 'visits',
    guard: 'jwt',
    roles: ['agent'],
    summary: 'Log one phone invitation attempt',
    body: AttemptInput,
    response: AttemptResponse,
  },
  {
    key: 'POST /visits/{id}/completion',
    group: 'visits',
    guard: 'jwt',
    roles: ['agent'],
    summary: 'Visit done: services given, sale; queues the rating SMS',
    body: Completion,
    response: VisitEndResponse,
  },
  // Added to v1: closing a visit as unreachable once the minimum attempts are made.
  {
    key: 'POST /visits/{id}/closure',
    group: 'visits',
    guard: 'jwt',
    roles: ['agent'],
    summary: 'Close a visit as unreachable after the minimum attempts',
    body: Closure,
    response: VisitEndResponse,
  },
  // Added in v1.1: the API describes itself (no token; generated from this table).
  {
    key: 'GET /openapi.json',
    group: 'public',
    guard: 'public',
    roles: [],
    summary: 'This API as an OpenAPI 3.1 document',
    response: OpenApiResponse,
  },
] as const satisfies readonly RouteSpec[];

export type RouteKey = (typeof ROUTES)[number]['key'];

/** The route table entry of a route key. */
export function routeOf(key: string): RouteSpec | undefined {
  return (ROUTES as readonly RouteSpec[]).find((r) => r.key === key);
}

import type * as z from '../../lib/domain/zod.js';
import { CustomerBatch } from '../../lib/domain/customer.js';
import { AssignmentListQuery, IdBatch, MyCustomersQuery, Proposal, Review, UnmatchedQuery } from '../../lib/domain/requests.js';
import { StaffBatch, type Role } from '../../lib/domain/staff.js';
import { AutoProposalRequest, ProposalBatch, ReviewBatch } from '../../lib/domain/bulk.js';
import { HistoryQuery } from '../../lib/domain/history.js';
import { ExperienceInput } from '../../lib/domain/experience.js';
import { AssessmentInput } from '../../lib/domain/segment.js';
import {
  AssessmentResponse,
  Created,
  ExperienceGivenResponse,
  ExperienceMatrixResponse,
  HistoryPageResponse,
  ReferralInput,
  ReferralsQuery,
  ReferralsResponse,
} from '../../lib/domain/file-api.js';
import { AlertsQuery, ExportPartQuery, ExportQuery, MetricsQuery } from '../../lib/domain/team.js';
import { AttemptInput, VisitClosure, VisitCompletion } from '../../lib/domain/visit.js';
import { CallbackTokenQuery, TencentCallbackAnswer, TencentReplyCallback, TencentStatusCallback } from '../../lib/domain/provider-callbacks.js';

// The HTTP contract (../shared/ARCHITECTURE.md): every route, the Lambda (handler group) that
// serves it, how it is guarded and which roles may call it. The CDK stack makes one API Gateway
// route per entry (JWT authorizer only where `guard` is 'jwt'); the local runtime matches requests
// against the same list; the OpenAPI document and the security tests are generated from it, so
// none of them can drift from the others or forget a route.

export const HANDLER_GROUPS = ['admin', 'assignments', 'customers', 'visits', 'team', 'callbacks', 'file', 'public'] as const;
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

/** What a success may carry. */
export type MediaType = 'application/json' | 'text/html' | 'text/csv' | 'text/javascript' | 'text/css';

/** A success besides a route's main one (a 202 when the work goes to the background, a second media type). */
export interface OtherAnswer {
  /** @default the route's status */
  readonly status?: number;
  /** @default 'application/json' */
  readonly produces?: MediaType;
  readonly response: z.core.$ZodType;
  /** When this answer comes instead of the main one. */
  readonly when: string;
}

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
  readonly body?: z.core.$ZodType;
  readonly query?: z.core.$ZodType;
  readonly response?: z.core.$ZodType;
  /** A GET that writes (it starts a background job), so its group is not read-only. @default false for GET */
  readonly writes?: boolean;
  /** Status of a success. @default 200 */
  readonly status?: number;
  /** Media type of a success. @default 'application/json' */
  readonly produces?: MediaType;
  /** Successes other than the main one: another status or media type, each with its schema and when it comes. */
  readonly otherAnswers?: readonly OtherAnswer[];
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
  },
  {
    key: 'PUT /admin/customers',
    group: 'admin',
    guard: 'jwt',
    roles: ['admin'],
    summary: 'Upsert customers and their policies',
    body: CustomerBatch,
  },
  {
    key: 'POST /admin/staff/{id}/departure',
    group: 'admin',
    guard: 'jwt',
    roles: ['admin'],
    summary: 'An agent leaves: their customers become orphans pre-assigned to the supervisor',
  },
  {
    key: 'GET /assignments',
    group: 'assignments',
    guard: 'jwt',
    roles: MANAGERS,
    summary: "Assignments in the caller's scope, by state",
    query: AssignmentListQuery,
  },
  {
    key: 'GET /assignments/{id}/candidates',
    group: 'assignments',
    guard: 'jwt',
    roles: [...MANAGERS, 'admin'],
    summary: 'Ranked agents who may receive the orphan, with remaining monthly capacity',
  },
  {
    key: 'POST /assignments/{id}/proposal',
    group: 'assignments',
    guard: 'jwt',
    roles: ['supervisor'],
    summary: 'Supervisor proposes an agent',
    body: Proposal,
  },
  {
    key: 'POST /assignments/{id}/review',
    group: 'assignments',
    guard: 'jwt',
    roles: ['deptManager'],
    summary: 'Department manager accepts or reassigns',
    body: Review,
  },
  {
    key: 'POST /assignments/approval',
    group: 'assignments',
    guard: 'jwt',
    roles: ['districtManager'],
    summary: 'District manager approves: agent changes, texts queued, visits scheduled',
    body: IdBatch,
  },
  {
    key: 'POST /assignments/escalation',
    group: 'assignments',
    guard: 'jwt',
    roles: ['districtManager'],
    summary: 'Assign overdue orphans (and preAssigned ones a full team cannot take) by region to collectors, else service clerks',
    body: IdBatch,
  },
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
    key: 'GET /me/customers',
    group: 'customers',
    guard: 'jwt',
    roles: ['agent'],
    summary: "The agent's orphan customers with policies and visit status",
    query: MyCustomersQuery,
  },
  { key: 'GET /customers/{id}', group: 'customers', guard: 'jwt', roles: STAFF, summary: 'One customer file, in scope' },
  {
    key: 'GET /team/metrics',
    group: 'team',
    guard: 'jwt',
    roles: [...MANAGERS, 'admin'],
    summary: 'Per-agent figures for a month',
    query: MetricsQuery,
  },
  // Added to v1 (issue 11): bulk work for managers and background departures.
  {
    key: 'POST /assignments/proposals',
    group: 'assignments',
    guard: 'jwt',
    roles: ['supervisor'],
    summary: 'Supervisor proposes agents for up to 500 orphans; per-item results',
    body: ProposalBatch,
  },
  {
    key: 'POST /assignments/reviews',
    group: 'assignments',
    guard: 'jwt',
    roles: ['deptManager'],
    summary: 'Department manager accepts or reassigns up to 500 proposals; per-item results',
    body: ReviewBatch,
  },
  {
    key: 'POST /assignments/proposals/auto',
    group: 'assignments',
    guard: 'jwt',
    roles: ['supervisor'],
    summary: 'Best agent with capacity for each preAssigned orphan (or the ids given); dryRun plans only',
    body: AutoProposalRequest,
  },
  {
    key: 'GET /admin/jobs/{id}',
    group: 'admin',
    guard: 'jwt',
    roles: ['admin'],
    summary: 'Progress and result of a background job (a large departure)',
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
  // Added to v1: customer replies nobody could file, for supervisors to follow up.
  {
    key: 'GET /sms/unmatched',
    group: 'customers',
    guard: 'jwt',
    roles: [...MANAGERS, 'admin'],
    summary: 'Customer replies foster could not file',
    query: UnmatchedQuery,
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
  // Added in v1.1: the API describes itself (no token; generated from this table).
  {
    key: 'GET /openapi.json',
    group: 'public',
    guard: 'public',
    roles: [],
    summary: 'This API as an OpenAPI 3.1 document',
  },
  // SMS provider callbacks (Tencent Cloud SMS): no staff token; the shared secret in `?token=`.
  {
    key: 'POST /sms/replies/tencent',
    group: 'callbacks',
    guard: 'callbackToken',
    roles: [],
    summary: "Tencent Cloud SMS reply callback: a customer's SMS, filed like any reply",
    body: TencentReplyCallback,
    query: CallbackTokenQuery,
    response: TencentCallbackAnswer,
  },
  {
    key: 'POST /sms/status/tencent',
    group: 'callbacks',
    guard: 'callbackToken',
    roles: [],
    summary: 'Tencent Cloud SMS delivery receipts: texts marked delivered or undelivered',
    body: TencentStatusCallback,
    query: CallbackTokenQuery,
    response: TencentCallbackAnswer,
  },
  // The customer file (issue 12): reads stay with the customers group, writes go to the file group.
  {
    key: 'GET /customers/{id}/history',
    group: 'customers',
    guard: 'jwt',
    roles: STAFF,
    summary: "A customer's history, newest first, a page at a time",
    query: HistoryQuery,
    response: HistoryPageResponse,
  },
  {
    key: 'GET /customers/{id}/referrals',
    group: 'customers',
    guard: 'jwt',
    roles: STAFF,
    summary: 'Who referred the customer and the tree of people they brought',
    query: ReferralsQuery,
    response: ReferralsResponse,
  },
  {
    key: 'GET /experiences',
    group: 'customers',
    guard: 'jwt',
    roles: STAFF,
    summary: 'The experience matrix: six experiences by cost, a mark per quadrant',
    response: ExperienceMatrixResponse,
  },
  {
    key: 'POST /customers/{id}/assessment',
    group: 'file',
    guard: 'jwt',
    roles: [...MANAGERS, 'agent'],
    summary: 'Judge ability and/or willingness by hand, with evidence (the agent of the customer or a manager over them)',
    body: AssessmentInput,
    response: AssessmentResponse,
  },
  {
    key: 'POST /customers/{id}/experiences',
    group: 'file',
    guard: 'jwt',
    roles: ['agent'],
    summary: 'Record an experience given to the customer (their agent)',
    body: ExperienceInput,
    response: ExperienceGivenResponse,
    status: 201,
  },
  {
    key: 'POST /customers/{id}/referrals',
    group: 'file',
    guard: 'jwt',
    roles: [...MANAGERS, 'agent'],
    summary: 'Record a referral: an existing customer or a new prospect file',
    body: ReferralInput,
    response: Created,
    status: 201,
  },
] as const satisfies readonly RouteSpec[];

export type RouteKey = (typeof ROUTES)[number]['key'];

/** The route table entry of a route key. */
export function routeOf(key: string): RouteSpec | undefined {
  return (ROUTES as readonly RouteSpec[]).find((r) => r.key === key);
}

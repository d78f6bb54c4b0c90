import type * as z from '../../lib/domain/zod.js';
import {
  ApprovalResponse,
  AssignmentListResponse,
  AssignmentResponse,
  AttemptResponse,
  CandidatesResponse,
  CustomerResponse,
  DashboardAssetResponse,
  DashboardPageResponse,
  DepartureJobResponse,
  DepartureResponse,
  EscalationResponse,
  ExportAcceptedResponse,
  ExportCsvResponse,
  ExportStatusResponse,
  LetterResponse,
  MyCustomersResponse,
  OpenApiResponse,
  TeamAlertsResponse,
  TeamMetricsResponse,
  UnmatchedResponse,
  UpsertCustomersResponse,
  UpsertStaffResponse,
  VisitEndResponse,
} from '../../lib/domain/responses.js';
import { AutoProposalResult, ProposalBatchResult, ReviewBatchResult } from '../../lib/domain/bulk.js';
import { Job } from '../../lib/domain/job.js';
import { ROUTES, type OtherAnswer, type RouteKey, type RouteSpec } from './routes.js';

// What each route answers on success, by route key, for the routes whose answer schema lives in
// lib/domain/responses.ts: part of the route table (functions/http/routes.ts), kept beside it so
// that only the OpenAPI document (the public Lambda) and the tests bundle these schemas. The route
// table is in every Lambda, and a Lambda never parses its own answers: in the table they would cost
// every API bundle about 7 KB of its 200 KB budget. A route whose schema is in the table itself
// (`response:`) needs no entry here; a route in neither fails test/unit/openapi.test.ts.

export const ROUTE_ANSWERS = {
  'PUT /admin/staff': { response: UpsertStaffResponse },
  'PUT /admin/customers': { response: UpsertCustomersResponse },
  'POST /admin/staff/{id}/departure': {
    response: DepartureResponse,
    otherAnswers: [{ status: 202, response: DepartureJobResponse, when: 'from asyncDepartureThreshold orphans on: the departure runs as a background job' }],
  },
  'GET /assignments': { response: AssignmentListResponse },
  'GET /assignments/{id}/candidates': { response: CandidatesResponse },
  'POST /assignments/{id}/proposal': { response: AssignmentResponse },
  'POST /assignments/{id}/review': { response: AssignmentResponse },
  'POST /assignments/approval': { response: ApprovalResponse },
  'POST /assignments/escalation': { response: EscalationResponse },
  'GET /assignments/{id}/letter': { response: LetterResponse },
  'GET /me/customers': { response: MyCustomersResponse },
  'GET /customers/{id}': { response: CustomerResponse },
  'GET /team/metrics': { response: TeamMetricsResponse },
  'GET /team/alerts': { response: TeamAlertsResponse },
  'GET /team/dashboard': { response: DashboardPageResponse },
  'GET /team/dashboard/assets/{name}': {
    response: DashboardAssetResponse,
    otherAnswers: [{ produces: 'text/css', response: DashboardAssetResponse, when: 'the style, app.css' }],
  },
  'GET /assignments/export': {
    response: ExportCsvResponse,
    otherAnswers: [{ status: 202, response: ExportAcceptedResponse, when: 'over 10,000 rows: the export runs in the background; poll its status' }],
  },
  'GET /assignments/exports/{id}': {
    response: ExportStatusResponse,
    otherAnswers: [{ produces: 'text/csv', response: ExportCsvResponse, when: 'with ?part=n: that part of a ready export' }],
  },
  'GET /sms/unmatched': { response: UnmatchedResponse },
  'POST /visits/{id}/attempts': { response: AttemptResponse },
  'POST /visits/{id}/completion': { response: VisitEndResponse },
  'POST /visits/{id}/closure': { response: VisitEndResponse },
  'GET /openapi.json': { response: OpenApiResponse },
  'POST /assignments/proposals': { response: ProposalBatchResult },
  'POST /assignments/reviews': { response: ReviewBatchResult },
  'POST /assignments/proposals/auto': { response: AutoProposalResult },
  'GET /admin/jobs/{id}': { response: Job },
} as const satisfies Partial<Record<RouteKey, { readonly response: z.core.$ZodType; readonly otherAnswers?: readonly OtherAnswer[] }>>;

/** A route with what it answers: its own `response`, else its entry in ROUTE_ANSWERS. */
export function withAnswers(route: RouteSpec): RouteSpec {
  const answers = (ROUTE_ANSWERS as Partial<Record<string, Pick<RouteSpec, 'response' | 'otherAnswers'>>>)[route.key];
  return answers ? { ...route, ...answers } : route;
}

/** Every route of the table with what it answers. */
export const DOCUMENTED_ROUTES: readonly RouteSpec[] = (ROUTES as readonly RouteSpec[]).map(withAnswers);

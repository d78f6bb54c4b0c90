import { z } from 'zod';
import { AssignmentState } from './assignment.js';
import { InvitationReason } from './invitation.js';
import { ALERT_KINDS } from './team.js';
import { Attempt, Sold, VisitState } from './visit.js';

// What each route of the HTTP contract answers on success, for the OpenAPI document
// (functions/http/openapi.ts) and the tests that hold the answers to it. The contract lets fields be
// added, never renamed or removed: clients must ignore fields they do not know, so these schemas
// list what a client may rely on, and the document does not forbid more.

const Count = z.number().int().nonnegative();
const Instant = z.string().describe('ISO-8601 instant');
const Day = z.string().describe('YYYY-MM-DD (Asia/Shanghai)');

/** A 400's field list, also used for upload warnings: `[3].phone`, `must be a valid mobile phone number`. */
export const FieldIssue = z.object({ path: z.string(), message: z.string() });

/** `{"error": {"code", "message"}}`, with the failing fields on a 400 and details on some 409s. */
export const ErrorResponse = z.object({
  error: z.object({
    code: z.string().describe('VALIDATION_FAILED, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, INVALID_STATE, CAP_REACHED, ...'),
    message: z.string().describe('on a 400, starts with the failing field'),
    fields: z.array(FieldIssue).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

export const UpsertStaffResponse = z.object({ upserted: Count, warnings: z.array(FieldIssue).optional() });
export const UpsertCustomersResponse = z.object({
  upserted: Count,
  issued: Count.optional().describe("policies newly counted as issued after an approval (承保), in the agents' month figures"),
  keptAgent: Count.optional().describe('customers kept with the agent foster handed them to, though the upload names the departed one'),
  warnings: z.array(FieldIssue).optional(),
});
export const DepartureResponse = z.object({ orphans: Count, created: Count, deadline: Instant });

export const AssignmentListResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      customerId: z.string(),
      customerName: z.string(),
      state: AssignmentState,
      ownerId: z.string(),
      agentId: z.string().optional(),
      departedAgentId: z.string(),
      region: z.string(),
      deadline: Instant,
    }),
  ),
  next: z.string().optional().describe('absent on the last page'),
});

export const CandidatesResponse = z.object({
  assignmentId: z.string(),
  month: z.string(),
  cap: Count,
  items: z.array(
    z.object({
      rank: z.number().int().positive(),
      agentId: z.string(),
      name: z.string(),
      joinedOn: Day,
      region: z.string(),
      newAgent: z.boolean(),
      capacityLeft: Count,
      assignedThisMonth: Count,
      regionMatch: z.boolean(),
      eligible: z.boolean(),
      reasons: z.array(z.string()),
    }),
  ),
});

export const AssignmentResponse = z.object({
  id: z.string(),
  customerId: z.string(),
  state: AssignmentState,
  ownerId: z.string(),
  agentId: z.string().optional(),
  deadline: Instant,
});

const BatchFailure = z.object({ id: z.string(), code: z.string(), message: z.string() });
export const ApprovalResponse = z.object({ approved: z.array(z.string()), failed: z.array(BatchFailure) });
export const EscalationResponse = z.object({
  approved: z.array(z.string()),
  assigned: z.array(z.object({ id: z.string(), agentId: z.string() })),
  failed: z.array(BatchFailure),
});

/** The recommendation letter, a printable HTML page. */
export const LetterResponse = z.string().describe('text/html; charset=utf-8');

const Policy = z.object({ id: z.string(), product: z.string(), kind: z.string(), annualPremium: z.number(), issuedOn: Day });

/** What an open visit suggests inviting the customer with: the reason to call with now, the ones still to try, their labels. */
const Invitation = z.object({
  reason: InvitationReason,
  alternates: z.array(InvitationReason),
  labels: z.partialRecord(InvitationReason, z.string()).describe('Chinese label of each reason'),
});

const VisitSummary = z.object({
  id: z.string(),
  number: z.number().int().min(1).max(3),
  dueOn: Day,
  state: VisitState,
  attempts: Count,
  minimumAttempts: Count,
  invitation: Invitation.optional().describe('on the open visit'),
  rating: z.number().int().min(1).max(5).optional(),
});

export const MyCustomersResponse = z.object({
  items: z.array(
    z.object({
      customerId: z.string(),
      name: z.string(),
      phone: z.string(),
      region: z.string(),
      assignmentId: z.string(),
      policies: z.array(Policy),
      nextVisit: VisitSummary.nullable(),
      visits: z.array(VisitSummary),
      lastRating: z.number().int().min(1).max(5).nullable(),
    }),
  ),
  total: Count,
  next: z.string().optional().describe('absent on the last page'),
});

const Rating = z.number().int().min(1).max(5);

/** The end of the three-visit programme: visit 3 ended, or a sale at visit 2 cancelled visit 3. */
const ProgrammeEnded = z.object({ at: Instant, reason: z.enum(['visit3Ended', 'soldAtVisit2']) });

export const CustomerResponse = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string(),
  region: z.string(),
  agentId: z.string(),
  birthDate: Day.optional(),
  ability: z.enum(['high', 'low']).optional(),
  willingness: z.enum(['high', 'low']).optional(),
  policies: z.array(Policy),
  quadrant: z.enum(['develop', 'maintain', 'cultivate', 'pamper']).nullable(),
  status: z.enum(['active', 'maintenance']),
  optedOut: z.boolean().describe('the customer asked not to be texted'),
  programmeEnded: ProgrammeEnded.nullable(),
  rating: z.object({ count: Count, average: z.number(), last: Rating.optional() }).nullable(),
  assignment: z.object({ id: z.string(), state: AssignmentState, agentId: z.string().nullable(), deadline: Instant }).nullable(),
  visits: z.array(
    z.object({
      id: z.string(),
      number: z.number().int().min(1).max(3),
      dueOn: Day,
      state: VisitState,
      agentId: z.string(),
      attempts: Count,
      attemptLog: z.array(Attempt),
      invitation: Invitation.optional().describe('on the open visit'),
      rating: Rating.optional(),
      comment: z.string().optional(),
      corrections: z.array(z.object({ rating: Rating, comment: z.string().optional(), at: Instant })).optional(),
      sold: Sold.optional(),
      services: z.array(z.string()).optional().describe('what was done, on a done visit'),
      note: z.string().optional().describe("the agent's note on completing or closing the visit"),
      completedAt: Instant.optional(),
      ratingRequestUndelivered: z.boolean().optional().describe('the rating request never reached the customer'),
    }),
  ),
  failedTexts: z
    .array(
      z.object({
        id: z.string(),
        purpose: z.string(),
        template: z.string().optional(),
        visitId: z.string().optional(),
        reason: z.string().describe('permanent, optedOutAtProvider, retriesExhausted (never sent) or undelivered (sent, the receipt said it failed)'),
        error: z.string().optional().describe("the provider's code"),
        at: Instant,
      }),
    )
    .describe('texts that never reached the customer, newest first'),
});

/** The month's events, counted by the writes themselves. */
const MetricsEvents = z.object({
  assigned: Count,
  attempts: Count,
  visitsDone: Count,
  ratingRequests: Count,
  ratingReplies: Count,
  healthTests: Count.describe("visits 3 done with the health test (service code 'healthTest')"),
  soldLife: Count,
  soldCard: Count,
  undelivered: Count.describe('rating requests that never reached the customer; no longer in ratingRequests'),
  issuedLife: Count.describe('life policies issued (承保) after the approval, from the uploaded policy data'),
  issuedCard: Count.describe('card policies issued after the approval'),
});
/** Where customers stand (now for this month, at the month's end for a past one, zero for a future one). */
const StateFigures = z.object({
  lateInvitations: Count.describe('customers approved more than firstInvitationDays ago whose visit 1 has no attempt'),
  neverContacted: Count.describe('customers approved more than neverContactedDays ago whose visit 1 has no attempt'),
  unreachable: Count.describe('customers whose latest ended visit nobody answered'),
  maintenance: Count,
});
const MetricsFigures = MetricsEvents.extend(StateFigures.shape).extend({
  averageRating: z.number().nullable().describe('null without a reply'),
  replyRate: z.number().nullable().describe('replies over requests; null without a request'),
  visitsByNumber: z.object({ '1': Count, '2': Count, '3': Count }),
});
export const TeamMetricsResponse = z.object({
  month: z.string().describe('YYYY-MM'),
  stateAsOf: z
    .string()
    .nullable()
    .describe("what the state figures describe: an ISO-8601 instant (this month), 'monthEnd' (a past month), null (a future month)"),
  items: z.array(
    MetricsFigures.extend({
      agentId: z.string(),
      name: z.string(),
      supervisorId: z.string().nullable(),
      departedAt: Instant.optional().describe('an agent who left: shown up to the month they left'),
    }),
  ),
  totals: MetricsFigures,
});

/** `GET /team/alerts`: what needs a manager's look, newest first. */
export const TeamAlertsResponse = z.object({
  items: z.array(
    z.object({
      kind: z.enum(ALERT_KINDS),
      since: Instant.describe('when it started: approval day, due day, deadline or reply time'),
      ageDays: z.number().int(),
      customerId: z.string().nullable(),
      customerName: z.string().optional(),
      agentId: z.string().nullable(),
      ownerId: z.string().optional(),
      visitId: z.string().optional(),
      visitNumber: z.number().int().min(1).max(3).optional(),
      assignmentId: z.string().optional(),
      replyId: z.string().optional(),
    }),
  ),
  next: z.string().optional().describe('absent on the last page'),
});

/** The dashboard page: HTML with no data (it signs in and calls the JWT routes). */
export const DashboardPageResponse = z.string().describe('text/html; charset=utf-8');
/** The dashboard's script (app.js) or style (app.css), gzip when accepted, cached for good (the page asks with ?v=<hash>). */
export const DashboardAssetResponse = z.string().describe('text/javascript or text/css; charset=utf-8');

/** An assignment export (or one part): UTF-8 with BOM, CRLF, a header row in Chinese (lib/domain/team.ts EXPORT_COLUMNS). */
export const ExportCsvResponse = z.string().describe('text/csv; charset=utf-8, sent as an attachment');

const ExportStatus = z.enum(['pending', 'ready', 'failed']);
/** `GET /assignments/export` over 10,000 rows: 202, the export runs in the background. */
export const ExportAcceptedResponse = z.object({
  exportId: z.string(),
  status: ExportStatus,
  poll: z.string().describe('GET this path for the status: /assignments/exports/{id}'),
});
/** `GET /assignments/exports/{id}`: where a background export stands. */
export const ExportStatusResponse = z.object({
  id: z.string(),
  status: ExportStatus,
  createdAt: Instant,
  finishedAt: Instant.optional(),
  rows: Count.optional(),
  parts: Count.optional(),
  files: z.array(z.string()).optional().describe('when ready: the path of each CSV part'),
  error: z.string().optional(),
});

export const UnmatchedResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      receivedAt: Instant,
      outcome: z.string(),
      from: z.string().describe('masked: +86****1234'),
      body: z.string(),
      customerId: z.string().optional(),
      visitId: z.string().optional(),
      rating: Rating.optional(),
    }),
  ),
});

export const AttemptResponse = z.object({
  visitId: z.string(),
  number: z.number().int().min(1).max(3),
  attempts: Count,
  minimumAttempts: Count,
  missingForUnreachable: Count,
  reason: InvitationReason.describe('the invitation reason logged (the suggested one when the request names none)'),
  invitation: Invitation.describe('what to invite with next'),
  retryBy: Day.optional().describe('after a refusal: try again by this day'),
});

export const VisitEndResponse = z.object({
  visit: z.object({ id: z.string(), number: z.number().int().min(1).max(3), state: VisitState, completedAt: Instant.optional() }),
  nextVisit: z.object({ id: z.string(), number: z.number().int().min(1).max(3), dueOn: Day, state: VisitState }).nullable(),
  ratingRequested: z.boolean(),
  customerStatus: z.enum(['active', 'maintenance']),
  programmeEnded: ProgrammeEnded.optional().describe('when this visit ended the programme'),
});

/** `GET /openapi.json`: an OpenAPI 3.1 document. */
export const OpenApiResponse = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

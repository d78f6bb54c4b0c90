import * as z from './zod.js';
import { AssignmentState } from './assignment.js';
import { Source } from './customer-file.js';
import { InvitationReason } from './invitation.js';
import { ALERT_KINDS } from './team.js';
import { Attempt, Sold, VisitState } from './visit.js';

// What each route of the HTTP contract answers on success, for the OpenAPI document
// (functions/http/openapi.ts) and the tests that hold the answers to it. The contract lets fields be
// added, never renamed or removed: clients must ignore fields they do not know, so these schemas
// list what a client may rely on, and the document does not forbid more.

const Count = z.int().check(z.nonnegative());
const Instant = z.string().check(z.describe('ISO-8601 instant'));
const Day = z.string().check(z.describe('YYYY-MM-DD (Asia/Shanghai)'));

/** A 400's field list, also used for upload warnings: `[3].phone`, `must be a valid mobile phone number`. */
export const FieldIssue = z.object({ path: z.string(), message: z.string() });

/** `{"error": {"code", "message"}}`, with the failing fields on a 400 and details on some 409s. */
export const ErrorResponse = z.object({
  error: z.object({
    code: z.string().check(z.describe('VALIDATION_FAILED, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, INVALID_STATE, CAP_REACHED, ...')),
    message: z.string().check(z.describe('on a 400, starts with the failing field')),
    fields: z.optional(z.array(FieldIssue)),
    details: z.optional(z.record(z.string(), z.unknown())),
  }),
});

export const UpsertStaffResponse = z.object({ upserted: Count, warnings: z.optional(z.array(FieldIssue)) });
export const UpsertCustomersResponse = z.object({
  upserted: Count,
  issued: z.optional(Count).check(z.describe("policies newly counted as issued after an approval (承保), in the agents' month figures")),
  keptAgent: z.optional(Count).check(z.describe('customers kept with the agent foster handed them to, though the upload names the departed one')),
  warnings: z.optional(z.array(FieldIssue)),
});
export const DepartureResponse = z.object({ orphans: Count, created: Count, deadline: Instant });
/** A departure past `asyncDepartureThreshold` orphans answers 202 and runs as a job (`GET /admin/jobs/{id}`). */
export const DepartureJobResponse = z.object({ jobId: z.string(), orphans: Count });

export const AssignmentListResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      customerId: z.string(),
      customerName: z.string(),
      state: AssignmentState,
      ownerId: z.string(),
      agentId: z.optional(z.string()),
      departedAgentId: z.string(),
      region: z.string(),
      deadline: Instant,
    }),
  ),
  next: z.optional(z.string()).check(z.describe('absent on the last page')),
});

export const CandidatesResponse = z.object({
  assignmentId: z.string(),
  month: z.string(),
  cap: Count,
  items: z.array(
    z.object({
      rank: z.int().check(z.positive()),
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
  agentId: z.optional(z.string()),
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
export const LetterResponse = z.string().check(z.describe('text/html; charset=utf-8'));

const Policy = z.object({ id: z.string(), product: z.string(), kind: z.string(), annualPremium: z.number(), issuedOn: Day });

/** What an open visit suggests inviting the customer with: the reason to call with now, the ones still to try, their labels. */
const Invitation = z.object({
  reason: InvitationReason,
  alternates: z.array(InvitationReason),
  labels: z.partialRecord(InvitationReason, z.string()).check(z.describe('Chinese label of each reason')),
});

const VisitSummary = z.object({
  id: z.string(),
  number: z.int().check(z.gte(1), z.lte(3)),
  dueOn: Day,
  state: VisitState,
  attempts: Count,
  minimumAttempts: Count,
  invitation: z.optional(Invitation).check(z.describe('on the open visit')),
  rating: z.optional(z.int().check(z.gte(1), z.lte(5))),
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
      nextVisit: z.nullable(VisitSummary),
      visits: z.array(VisitSummary),
      lastRating: z.nullable(z.int().check(z.gte(1), z.lte(5))),
    }),
  ),
  total: Count,
  next: z.optional(z.string()).check(z.describe('absent on the last page')),
});

const Rating = z.int().check(z.gte(1), z.lte(5));

/** The end of the three-visit programme: visit 3 ended, or a sale at visit 2 cancelled visit 3. */
const ProgrammeEnded = z.object({ at: Instant, reason: z.enum(['visit3Ended', 'soldAtVisit2']) });

export const CustomerResponse = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string(),
  region: z.string(),
  agentId: z.string(),
  birthDate: z.optional(Day),
  ability: z.optional(z.enum(['high', 'low'])),
  willingness: z.optional(z.enum(['high', 'low'])),
  policies: z.array(Policy),
  quadrant: z.nullable(z.enum(['develop', 'maintain', 'cultivate', 'pamper'])),
  segment: z.object({
    quadrant: z.string(),
    ability: z.string(),
    willingness: z.string(),
    reason: z.string(),
    since: z.nullable(z.string()).check(z.describe('null while the segment is only derived from the evidence, never stored')),
  }),
  nextActions: z
    .array(z.object({ experience: z.string(), mark: z.string(), why: z.string() }))
    .check(z.describe("the quadrant's experiences, in the order to offer them")),
  care: z.object({
    active: z.boolean(),
    paused: z.boolean(),
    perWeek: z.number(),
    sentThisWeek: Count,
    sentThisMonth: Count,
    nextOn: z.nullable(z.string()),
    since: z.optional(z.string()),
    why: z.optional(z.string()),
  }),
  referrals: z.object({ referredBy: z.optional(z.string()), referred: z.array(z.string()) }),
  source: z.nullable(Source),
  status: z.enum(['active', 'maintenance']),
  optedOut: z.boolean().check(z.describe('the customer asked not to be texted')),
  programmeEnded: z.nullable(ProgrammeEnded),
  rating: z.nullable(z.object({ count: Count, average: z.number(), last: z.optional(Rating) })),
  assignment: z.nullable(z.object({ id: z.string(), state: AssignmentState, agentId: z.nullable(z.string()), deadline: Instant })),
  visits: z.array(
    z.object({
      id: z.string(),
      number: z.int().check(z.gte(1), z.lte(3)),
      dueOn: Day,
      state: VisitState,
      agentId: z.string(),
      attempts: Count,
      attemptLog: z.array(Attempt),
      invitation: z.optional(Invitation).check(z.describe('on the open visit')),
      rating: z.optional(Rating),
      comment: z.optional(z.string()),
      corrections: z.optional(z.array(z.object({ rating: Rating, comment: z.optional(z.string()), at: Instant }))),
      sold: z.optional(Sold),
      services: z.optional(z.array(z.string())).check(z.describe('what was done, on a done visit')),
      note: z.optional(z.string()).check(z.describe("the agent's note on completing or closing the visit")),
      completedAt: z.optional(Instant),
      ratingRequestUndelivered: z.optional(z.boolean()).check(z.describe('the rating request never reached the customer')),
    }),
  ),
  failedTexts: z
    .array(
      z.object({
        id: z.string(),
        purpose: z.string(),
        template: z.optional(z.string()),
        visitId: z.optional(z.string()),
        reason: z.string().check(z.describe('permanent, optedOutAtProvider, retriesExhausted (never sent) or undelivered (sent, the receipt said it failed)')),
        error: z.optional(z.string()).check(z.describe("the provider's code")),
        at: Instant,
      }),
    )
    .check(z.describe('texts that never reached the customer, newest first')),
});

/** The month's events, counted by the writes themselves. */
const MetricsEvents = z.object({
  assigned: Count,
  attempts: Count,
  visitsDone: Count,
  ratingRequests: Count,
  ratingReplies: Count,
  healthTests: Count.check(z.describe("visits 3 done with the health test (service code 'healthTest')")),
  soldLife: Count,
  soldCard: Count,
  undelivered: Count.check(z.describe('rating requests that never reached the customer; no longer in ratingRequests')),
  issuedLife: Count.check(z.describe('life policies issued (承保) after the approval, from the uploaded policy data')),
  issuedCard: Count.check(z.describe('card policies issued after the approval')),
});
/** Where customers stand (now for this month, at the month's end for a past one, zero for a future one). */
const StateFigures = z.object({
  lateInvitations: Count.check(z.describe('customers approved more than firstInvitationDays ago whose visit 1 has no attempt')),
  neverContacted: Count.check(z.describe('customers approved more than neverContactedDays ago whose visit 1 has no attempt')),
  unreachable: Count.check(z.describe('customers whose latest ended visit nobody answered')),
  maintenance: Count,
  quadrants: z
    .object({ develop: Count, maintain: Count, cultivate: Count, pamper: Count })
    .check(
      z.describe(
        "the agent's current customers (foster's files that name the agent, i.e. approved to them) by quadrant; a customer with no segment yet counts in none; a departed agent has none",
      ),
    ),
});
const MetricsFigures = z.extend(z.extend(MetricsEvents, StateFigures.shape), {
  averageRating: z.nullable(z.number()).check(z.describe('null without a reply')),
  replyRate: z.nullable(z.number()).check(z.describe('replies over requests; null without a request')),
  visitsByNumber: z.object({ '1': Count, '2': Count, '3': Count }),
});
export const TeamMetricsResponse = z.object({
  month: z.string().check(z.describe('YYYY-MM')),
  stateAsOf: z
    .nullable(z.string())
    .check(z.describe("what the state figures describe: an ISO-8601 instant (this month), 'monthEnd' (a past month), null (a future month)")),
  items: z.array(
    z.extend(MetricsFigures, {
      agentId: z.string(),
      name: z.string(),
      supervisorId: z.nullable(z.string()),
      departedAt: z.optional(Instant).check(z.describe('an agent who left: shown up to the month they left')),
    }),
  ),
  totals: MetricsFigures,
});

/** `GET /team/alerts`: what needs a manager's look, newest first. */
export const TeamAlertsResponse = z.object({
  items: z.array(
    z.object({
      kind: z.enum(ALERT_KINDS),
      since: Instant.check(z.describe('when it started: approval day, due day, deadline or reply time')),
      ageDays: z.int(),
      customerId: z.nullable(z.string()),
      customerName: z.optional(z.string()),
      agentId: z.nullable(z.string()),
      ownerId: z.optional(z.string()),
      visitId: z.optional(z.string()),
      visitNumber: z.optional(z.int().check(z.gte(1), z.lte(3))),
      assignmentId: z.optional(z.string()),
      replyId: z.optional(z.string()),
    }),
  ),
  next: z.optional(z.string()).check(z.describe('absent on the last page')),
});

/** The dashboard page: HTML with no data (it signs in and calls the JWT routes). */
export const DashboardPageResponse = z.string().check(z.describe('text/html; charset=utf-8'));
/** The dashboard's script (app.js) or style (app.css), gzip when accepted, cached for good (the page asks with ?v=<hash>). */
export const DashboardAssetResponse = z.string().check(z.describe('text/javascript or text/css; charset=utf-8'));

/** An assignment export (or one part): UTF-8 with BOM, CRLF, a header row in Chinese (lib/domain/team.ts EXPORT_COLUMNS). */
export const ExportCsvResponse = z.string().check(z.describe('text/csv; charset=utf-8, sent as an attachment'));

const ExportStatus = z.enum(['pending', 'ready', 'failed']);
/** `GET /assignments/export` over 10,000 rows: 202, the export runs in the background. */
export const ExportAcceptedResponse = z.object({
  exportId: z.string(),
  status: ExportStatus,
  poll: z.string().check(z.describe('GET this path for the status: /assignments/exports/{id}')),
});
/** `GET /assignments/exports/{id}`: where a background export stands. */
export const ExportStatusResponse = z.object({
  id: z.string(),
  status: ExportStatus,
  createdAt: Instant,
  finishedAt: z.optional(Instant),
  rows: z.optional(Count),
  parts: z.optional(Count),
  files: z.optional(z.array(z.string())).check(z.describe('when ready: the path of each CSV part')),
  error: z.optional(z.string()),
});

export const UnmatchedResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      receivedAt: Instant,
      outcome: z.string(),
      from: z.string().check(z.describe('masked: +86****1234')),
      body: z.string(),
      customerId: z.optional(z.string()),
      visitId: z.optional(z.string()),
      rating: z.optional(Rating),
    }),
  ),
});

export const AttemptResponse = z.object({
  visitId: z.string(),
  number: z.int().check(z.gte(1), z.lte(3)),
  attempts: Count,
  minimumAttempts: Count,
  missingForUnreachable: Count,
  reason: InvitationReason.check(z.describe('the invitation reason logged (the suggested one when the request names none)')),
  invitation: Invitation.check(z.describe('what to invite with next')),
  retryBy: z.optional(Day).check(z.describe('after a refusal: try again by this day')),
});

export const VisitEndResponse = z.object({
  visit: z.object({ id: z.string(), number: z.int().check(z.gte(1), z.lte(3)), state: VisitState, completedAt: z.optional(Instant) }),
  nextVisit: z.nullable(z.object({ id: z.string(), number: z.int().check(z.gte(1), z.lte(3)), dueOn: Day, state: VisitState })),
  ratingRequested: z.boolean(),
  customerStatus: z.enum(['active', 'maintenance']),
  programmeEnded: z.optional(ProgrammeEnded).check(z.describe('when this visit ended the programme')),
});

/** `GET /openapi.json`: an OpenAPI 3.1 document. */
export const OpenApiResponse = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

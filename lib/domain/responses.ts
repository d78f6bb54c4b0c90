import { z } from 'zod';
import { AssignmentState } from './assignment.js';
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

const VisitSummary = z.object({
  id: z.string(),
  number: z.number().int().min(1).max(3),
  dueOn: Day,
  state: VisitState,
  attempts: Count,
  minimumAttempts: Count,
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
      rating: Rating.optional(),
      comment: z.string().optional(),
      corrections: z.array(z.object({ rating: Rating, comment: z.string().optional(), at: Instant })).optional(),
      sold: Sold.optional(),
      services: z.array(z.string()).optional().describe('what was done, on a done visit'),
      note: z.string().optional().describe("the agent's note on completing or closing the visit"),
      completedAt: Instant.optional(),
    }),
  ),
});

const MetricsRow = z.object({
  assigned: Count,
  attempts: Count,
  visitsDone: Count,
  ratingReplies: Count,
  averageRating: z.number().nullable(),
  soldLife: Count,
  soldCard: Count,
});
export const TeamMetricsResponse = z.object({
  month: z.string(),
  items: z.array(MetricsRow.extend({ agentId: z.string(), name: z.string(), supervisorId: z.string().nullable() })),
  totals: MetricsRow,
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
  retryBy: Day.optional().describe('after a refusal: try again by this day'),
});

export const VisitEndResponse = z.object({
  visit: z.object({ id: z.string(), number: z.number().int().min(1).max(3), state: VisitState, completedAt: Instant.optional() }),
  nextVisit: z.object({ id: z.string(), number: z.number().int().min(1).max(3), dueOn: Day, state: VisitState }).nullable(),
  ratingRequested: z.boolean(),
  customerStatus: z.enum(['active', 'maintenance']),
});

/** `GET /openapi.json`: an OpenAPI 3.1 document. */
export const OpenApiResponse = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

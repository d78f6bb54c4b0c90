import { MANAGERS, type RouteSpec } from '../route-spec.js';
import { AssignmentListQuery, IdBatch, Proposal, Review } from '../../../lib/domain/requests.js';
import { AutoProposalRequest, ProposalBatch, ReviewBatch } from '../../../lib/domain/bulk.js';

/** The routes the assignments Lambda serves (part of the route table, functions/http/routes.ts). */
export const ASSIGNMENTS_ROUTES = [
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
] as const satisfies readonly RouteSpec[];

import { MANAGERS, STAFF, type RouteSpec } from '../route-spec.js';
import { MyCustomersQuery, UnmatchedQuery } from '../../../lib/domain/requests.js';
import { HistoryQuery } from '../../../lib/domain/history.js';
import { ExperienceMatrixResponse, HistoryPageResponse, ReferralsQuery, ReferralsResponse } from '../../../lib/domain/file-api.js';

/** The routes the customers Lambda serves (part of the route table, functions/http/routes.ts). */
export const CUSTOMERS_ROUTES = [
  {
    key: 'GET /me/customers',
    group: 'customers',
    guard: 'jwt',
    roles: ['agent'],
    summary: "The agent's orphan customers with policies and visit status",
    query: MyCustomersQuery,
  },
  { key: 'GET /customers/{id}', group: 'customers', guard: 'jwt', roles: STAFF, summary: 'One customer file, in scope' },
  // Added to v1: customer replies nobody could file, for supervisors to follow up.
  {
    key: 'GET /sms/unmatched',
    group: 'customers',
    guard: 'jwt',
    roles: [...MANAGERS, 'admin'],
    summary: 'Customer replies foster could not file',
    query: UnmatchedQuery,
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
] as const satisfies readonly RouteSpec[];

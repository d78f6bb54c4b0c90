import { type RouteSpec } from '../route-spec.js';
import { CustomerBatch } from '../../../lib/domain/customer.js';
import { StaffBatch } from '../../../lib/domain/staff.js';

/** The routes the admin Lambda serves (part of the route table, functions/http/routes.ts). */
export const ADMIN_ROUTES = [
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
    key: 'GET /admin/jobs/{id}',
    group: 'admin',
    guard: 'jwt',
    roles: ['admin'],
    summary: 'Progress and result of a background job (a large departure)',
  },
] as const satisfies readonly RouteSpec[];

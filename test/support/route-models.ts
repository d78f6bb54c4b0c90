import { ROUTES, type RouteSpec } from '../../functions/http/routes.js';
import type { Role } from '../../lib/domain/staff.js';
import type { CustomerInput } from '../../lib/domain/customer.js';
import { ADMIN, customers, STAFF } from './fixtures.js';
import { LOCAL_CALLBACK_TOKEN } from '../../local/runtime.js';
import type { TestRuntime } from './local-runtime.js';

// A model of every route of the route table, for the generated tests (security matrix, fuzz): a
// valid request naming an existing target, and how the route's scope shows to a caller of an
// allowed role outside it. A route without a model fails `test/unit/route-models.test.ts`, so a new
// route is never left out of the matrix or the fuzz.

/** How a caller of an allowed role but outside the target's scope is answered. */
export type ScopeRule =
  /** 403: the path names one thing (a customer, an assignment, a visit) in someone else's scope. */
  | 'target'
  /** 2xx with the caller's own data only: none of the world's in-scope ids appear. */
  | 'list'
  /** 2xx with every listed id refused per item (a batch of ids out of scope). */
  | 'items'
  /** No scope beyond the role (admin-only routes, public routes, a caller's own exports). */
  | 'none';

export interface RouteModel {
  /** Path parameters of an existing, in-scope target. */
  readonly params?: Readonly<Record<string, string>>;
  /** A valid query string (without `?`). */
  readonly query?: string;
  /** A valid body. */
  readonly body?: unknown;
  readonly scope: ScopeRule;
}

/** The world the models name: A0 departed, W-001 approved to A1, W-002 proposed to A1, W-003 preAssigned; B1's W-B01. */
export const WORLD_CUSTOMERS: CustomerInput[] = [...customers('A0', 3, 'W-'), ...customers('B1', 1, 'W-B')];
/** The fixture staff and an admin with a staff record (the team figures need one). */
export const WORLD_STAFF = [
  ...STAFF,
  { ...STAFF[0]!, id: ADMIN.sub, name: '欧阳安全', phone: '+8613800000099', role: 'admin' as const, kind: 'manager' as const },
];
export const IN_SCOPE_IDS = ['W-001', 'W-002', 'W-003'];
const EXPORT_ID = '0b0c1d2e-3f40-4152-8364-758697a8b9ca';

/** A caller of each role inside the world's scope (team SUP1, department DEP1, district D1). */
export const IN_SCOPE: Record<Role, { sub: string; role: Role }> = {
  agent: { sub: 'A1', role: 'agent' },
  supervisor: { sub: 'SUP1', role: 'supervisor' },
  deptManager: { sub: 'MGR1', role: 'deptManager' },
  districtManager: { sub: 'DM1', role: 'districtManager' },
  admin: ADMIN,
};
/** A caller of each role outside it (admin has no outside). */
export const OUT_OF_SCOPE: Partial<Record<Role, { sub: string; role: Role }>> = {
  agent: { sub: 'B1', role: 'agent' },
  supervisor: { sub: 'SUP3', role: 'supervisor' },
  deptManager: { sub: 'MGR2', role: 'deptManager' },
  districtManager: { sub: 'DM2', role: 'districtManager' },
};

export const ROUTE_MODELS: Readonly<Record<string, RouteModel>> = {
  'PUT /admin/staff': { body: [STAFF.find((s) => s.id === 'A3')], scope: 'none' },
  'PUT /admin/customers': { body: [WORLD_CUSTOMERS[2]], scope: 'none' },
  'POST /admin/staff/{id}/departure': { params: { id: 'A4' }, scope: 'none' },
  'GET /assignments': { query: 'state=preAssigned', scope: 'list' },
  'GET /assignments/{id}/candidates': { params: { id: 'W-003~A0' }, scope: 'target' },
  'POST /assignments/{id}/proposal': { params: { id: 'W-003~A0' }, body: { agentId: 'A2' }, scope: 'target' },
  'POST /assignments/{id}/review': { params: { id: 'W-002~A0' }, body: { decision: 'accept' }, scope: 'target' },
  'POST /assignments/approval': { body: { ids: ['W-002~A0'] }, scope: 'items' },
  'POST /assignments/escalation': { body: { ids: ['W-003~A0'] }, scope: 'items' },
  'POST /assignments/proposals': { body: { items: [{ id: 'W-003~A0', agentId: 'A2' }] }, scope: 'items' },
  'POST /assignments/reviews': { body: { items: [{ id: 'W-002~A0', decision: 'accept' }] }, scope: 'items' },
  'POST /assignments/proposals/auto': { body: { ids: ['W-003~A0'], dryRun: true }, scope: 'items' },
  'GET /admin/jobs/{id}': { params: { id: 'departure-A4-20261123020000000' }, scope: 'none' },
  'GET /assignments/{id}/letter': { params: { id: 'W-001~A0' }, scope: 'target' },
  'GET /me/customers': { scope: 'list' },
  'GET /customers/{id}': { params: { id: 'W-001' }, scope: 'target' },
  'GET /team/metrics': { query: 'month=2026-11', scope: 'list' },
  'GET /team/alerts': { query: 'limit=10', scope: 'list' },
  'GET /team/dashboard': { scope: 'none' },
  'GET /team/dashboard/assets/{name}': { params: { name: 'app.css' }, scope: 'none' },
  'GET /assignments/export': { query: 'format=csv', scope: 'list' },
  'GET /assignments/exports/{id}': { params: { id: EXPORT_ID }, scope: 'none' },
  'GET /sms/unmatched': { scope: 'list' },
  'POST /visits/{id}/attempts': { params: { id: 'W-001~A0~1' }, body: { outcome: 'noAnswer' }, scope: 'target' },
  'POST /visits/{id}/completion': { params: { id: 'W-001~A0~1' }, body: { services: ['policyService'], sold: 'none' }, scope: 'target' },
  'POST /visits/{id}/closure': { params: { id: 'W-001~A0~1' }, body: { reason: 'unreachable' }, scope: 'target' },
  'GET /customers/{id}/history': { params: { id: 'W-001' }, query: 'limit=10', scope: 'target' },
  'GET /customers/{id}/referrals': { params: { id: 'W-001' }, query: 'depth=2', scope: 'target' },
  'GET /experiences': { scope: 'none' },
  'GET /openapi.json': { scope: 'none' },
  'POST /customers/{id}/assessment': { params: { id: 'W-001' }, body: { ability: 'high', evidence: '年缴保费两万，自述有加保打算' }, scope: 'target' },
  'POST /customers/{id}/experiences': { params: { id: 'W-001' }, body: { experience: 'routine', note: '生日短信' }, scope: 'target' },
  'POST /customers/{id}/referrals': { params: { id: 'W-001' }, body: { name: '林小雨', phone: '+8613900000077' }, scope: 'target' },
  'POST /sms/replies/tencent': {
    query: `token=${LOCAL_CALLBACK_TOKEN}`,
    body: { nationcode: '86', mobile: '13900000001', text: '5分', time: 1764122400 },
    scope: 'none',
  },
  'POST /sms/status/tencent': {
    query: `token=${LOCAL_CALLBACK_TOKEN}`,
    body: [{ report_status: 'SUCCESS', errmsg: 'DELIVRD', sid: 'unknown-serial' }],
    scope: 'none',
  },
};

export const routes = (): readonly RouteSpec[] => ROUTES;

/** The model of `key`; throws naming the route when there is none (add it above). */
export function modelOf(key: string): RouteModel {
  const model = ROUTE_MODELS[key];
  if (!model) throw new Error(`route ${key} has no model in test/support/route-models.ts: add one so the security matrix and the fuzz cover it`);
  return model;
}

/** Percent-encodes every UTF-8 byte that is not unreserved (a lone surrogate goes as U+FFFD, as a client would send it). */
export function encodeSegment(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

/** The path of `key` with `params` substituted (URL-encoded; a value starting `raw:` goes as written). */
export function pathOf(key: string, params: Readonly<Record<string, string>> = {}): string {
  const template = key.split(' ')[1]!;
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name] ?? '';
    return value.startsWith('raw:') ? value.slice(4) : encodeSegment(value);
  });
}

/** Loads the world through the API of a test runtime. */
export async function seedWorld(t: TestRuntime): Promise<void> {
  const tok = (c: { sub: string; role: string }) => t.token(c.sub, c.role);
  const call = async (method: string, path: string, who: { sub: string; role: string }, body?: unknown) => {
    const res = await t.request(method, path, { token: await tok(who), body });
    if (res.status >= 300) throw new Error(`seeding ${method} ${path}: ${res.status} ${res.text}`);
  };
  await call('PUT', '/admin/staff', ADMIN, WORLD_STAFF);
  await call('PUT', '/admin/customers', ADMIN, WORLD_CUSTOMERS);
  await call('POST', '/admin/staff/A0/departure', ADMIN);
  for (const id of ['W-001~A0', 'W-002~A0']) await call('POST', `/assignments/${id}/proposal`, IN_SCOPE.supervisor, { agentId: 'A1' });
  await call('POST', '/assignments/W-001~A0/review', IN_SCOPE.deptManager, { decision: 'accept' });
  await call('POST', '/assignments/approval', IN_SCOPE.districtManager, { ids: ['W-001~A0'] });
}

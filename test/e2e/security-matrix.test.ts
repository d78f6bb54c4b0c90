import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type RouteSpec } from '../../functions/http/routes.js';
import { ROLES, type Role } from '../../lib/domain/staff.js';
import { IN_SCOPE, IN_SCOPE_IDS, modelOf, OUT_OF_SCOPE, pathOf, seedWorld, WORLD_CUSTOMERS, WORLD_STAFF } from '../support/route-models.js';
import { startTestRuntime } from '../support/runtime.js';

// The security matrix, generated from the route table (each route's guard and roles) and the route
// models, on the local runtime (its token check plays API Gateway's JWT authorizer): every JWT route
// refuses a missing or bad token with 401, every role it does not list with 403, a listed role out
// of scope with 403 (or its own data only), and lets the in-scope caller through; every callback
// route refuses a missing or wrong token; every public route serves no customer or staff data.

const SECRET = 'security-matrix-test-key';
const key = new TextEncoder().encode(SECRET);
const jwtRoutes = (ROUTES as readonly RouteSpec[]).filter((r) => r.guard === 'jwt');
const callbackRoutes = (ROUTES as readonly RouteSpec[]).filter((r) => r.guard === 'callbackToken');
const publicRoutes = (ROUTES as readonly RouteSpec[]).filter((r) => r.guard === 'public');
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** Tokens that must never pass, each for an admin (the widest role). */
async function badTokens(): Promise<Record<string, string | undefined>> {
  const claims = { role: 'admin' };
  const base = () => new SignJWT(claims).setSubject('ADM').setIssuer('foster-local').setAudience('foster-api').setIssuedAt();
  return {
    none: undefined,
    garbage: 'not.a.jwt',
    'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'ADM', role: 'admin', iss: 'foster-local', aud: 'foster-api', exp: 4102444800 })}.`,
    'wrong signature': await base().setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode('another-key')),
    expired: await base()
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(key),
  };
}

describe('security matrix (local runtime)', () => {
  let t: Awaited<ReturnType<typeof startTestRuntime>>;
  let bad: Record<string, string | undefined>;
  const call = async (route: RouteSpec, token?: string, query?: string) => {
    const model = modelOf(route.key);
    const [method] = route.key.split(' ') as [string];
    const q = query ?? model.query;
    return t.request(method, `${pathOf(route.key, model.params)}${q ? `?${q}` : ''}`, { token, body: model.body });
  };
  const as = (who: { sub: string; role: string }) => t.token(who.sub, who.role);

  beforeAll(async () => {
    t = await startTestRuntime({ tokenSecret: SECRET });
    await seedWorld(t);
    bad = await badTokens();
  });
  afterAll(() => t.runtime.close());

  it('covers every route of the table with one guard', () => {
    expect(jwtRoutes.length + callbackRoutes.length + publicRoutes.length).toBe(ROUTES.length);
    expect(jwtRoutes.length).toBeGreaterThan(0);
  });

  describe.each(jwtRoutes.map((r) => [r.key, r] as const))('%s', (_key, route) => {
    it.each(['none', 'garbage', 'alg none', 'wrong signature', 'expired'])('returns 401 with token: %s', async (kind) => {
      const res = await call(route, bad[kind]);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    });

    const refused = ROLES.filter((r) => !route.roles.includes(r));
    if (refused.length) {
      it.each(refused)('returns 403 to role %s', async (role: Role) => {
        const res = await call(route, await as(IN_SCOPE[role]));
        expect(res.status).toBe(403);
        expect(res.body.error.code).toEqual(expect.any(String));
      });
    }

    const outside = route.roles.filter((r) => OUT_OF_SCOPE[r]);
    const rule = modelOf(route.key).scope;
    if (outside.length && rule !== 'none') {
      it.each(outside)(`answers role %s out of scope (${rule})`, async (role: Role) => {
        const res = await call(route, await as(OUT_OF_SCOPE[role]!));
        if (rule === 'target') expect(res.status).toBe(403);
        else {
          expect(res.status).toBeLessThan(300);
          if (rule === 'list') for (const id of IN_SCOPE_IDS) expect(res.text).not.toContain(id);
          // A batch out of scope: nothing done, each id refused, no customer's details in the answer.
          if (rule === 'items') {
            // What the batch did: approved, escalated, proposed, reviewed or planned (the bulk routes).
            expect(res.body.approved ?? res.body.proposed ?? res.body.reviewed ?? res.body.plan).toEqual([]);
            for (const c of WORLD_CUSTOMERS) expect(res.text).not.toContain(c.phone.slice(3));
          }
        }
      });
    }
  });

  // In scope last: these may change the world (a proposal, a departure).
  describe.each(jwtRoutes.map((r) => [r.key, r] as const))('%s in scope', (_key, route) => {
    it.each([...route.roles])('lets role %s through', async (role: Role) => {
      const res = await call(route, await as(IN_SCOPE[role]));
      expect([401, 403], `${route.key} as ${role}: ${res.text.slice(0, 200)}`).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
    });
  });

  const callbackCases: [string, RouteSpec | undefined][] = callbackRoutes.length
    ? callbackRoutes.map((r) => [r.key, r])
    : [['(none in the table yet)', undefined]];
  it.each(callbackCases)('returns 401 on callback route %s without or with a wrong token', async (_key, route) => {
    if (!route) return;
    for (const token of [undefined, 'wrong-token']) {
      const res = await call(route, undefined, token ? `token=${token}` : '');
      expect(res.status).toBe(401);
    }
  });

  it.each(publicRoutes.map((r) => [r.key, r] as const))('serves no customer or staff data on public route %s', async (_key, route) => {
    const res = await call(route);
    expect(res.status).toBeLessThan(400);
    const secrets = [...WORLD_CUSTOMERS.flatMap((c) => [c.id, c.name, c.phone, c.phone.slice(3)]), ...WORLD_STAFF.flatMap((s) => [s.name, s.phone.slice(3)])];
    for (const secret of secrets) expect(res.text).not.toContain(secret);
  });
});

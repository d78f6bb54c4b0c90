import { beforeAll, describe, expect, it } from 'vitest';
import { createAdminHandler } from '../../functions/http/admin.js';
import { createCustomersHandler } from '../../functions/http/customers.js';
import { createTestDeps } from '../support/deps.js';
import { ADMIN, as, customers, STAFF } from '../support/fixtures.js';
import { callRoute } from '../support/http.js';

describe('admin upserts and GET /customers/{id} (DynamoDB Local)', () => {
  let env: Awaited<ReturnType<typeof createTestDeps>>;
  let admin: ReturnType<typeof createAdminHandler>;
  let read: ReturnType<typeof createCustomersHandler>;

  beforeAll(async () => {
    env = await createTestDeps();
    admin = createAdminHandler(env.deps);
    read = createCustomersHandler(env.deps);
    expect((await callRoute(admin, 'PUT /admin/staff', { as: ADMIN, body: STAFF })).status).toBe(200);
    const loaded = await callRoute(admin, 'PUT /admin/customers', {
      as: ADMIN,
      body: [...customers('A1', 3), ...customers('B1', 1), ...customers('E1', 1)],
    });
    expect(loaded.body).toEqual({ upserted: 5 });
  });

  describe('PUT /admin/customers', () => {
    it('returns 400 naming the index and field when one phone is bad, and writes nothing', async () => {
      const batch = customers('A2', 3, 'BAD-');
      batch[2]!.phone = '12345';
      env.counter.reset();

      const res = await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: batch });

      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.message).toMatch(/^\[2\]\.phone: /);
      expect(env.counter.byCommand.BatchWriteItem).toBeUndefined();
      expect((await callRoute(read, 'GET /customers/{id}', { as: ADMIN, params: { id: 'BAD-001' } })).status).toBe(404);
    });

    it('returns 400 naming the body when the JSON is malformed', async () => {
      const res = await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, rawBody: '[{"id": "X"' });

      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe('body: must be valid JSON');
    });

    it('accepts an agent not loaded yet and names it in a warning', async () => {
      const batch = customers('A1', 2, 'UNK-');
      batch[1]!.agentId = 'NOBODY';

      const res = await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: batch });

      expect(res.status).toBe(200);
      expect(res.body).toEqual({ upserted: 2, warnings: [{ path: '[1].agentId', message: 'no staff NOBODY yet' }] });
    });

    it('returns 400 when the same id appears twice in one batch', async () => {
      const batch = [...customers('A1', 1, 'DUP-'), ...customers('A1', 1, 'DUP-')];

      const res = await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: batch });

      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual(['[1].id']);
    });

    it('returns 400 when a batch holds more than 1,000 customers', async () => {
      const res = await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: customers('A1', 1001, 'BIG-') });

      expect(res.status).toBe(400);
    });

    it('returns 403 when the caller is not an admin', async () => {
      const res = await callRoute(admin, 'PUT /admin/customers', { as: as('SUP1', 'supervisor'), body: customers('A1', 1, 'SUPW-') });

      expect(res.status).toBe(403);
    });

    it('normalises phone numbers to E.164 and replaces the profile on a second upsert', async () => {
      const [first] = customers('A1', 1, 'NORM-');
      await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: [{ ...first, phone: '139 0000 0001' }] });
      await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: [{ ...first, phone: '139 0000 0001', name: '改名' }] });

      const res = await callRoute(read, 'GET /customers/{id}', { as: ADMIN, params: { id: 'NORM-001' } });

      // quadrant: the segment's (issue 12): a 3,000 premium and no relationship yet is develop.
      expect(res.body).toMatchObject({ id: 'NORM-001', name: '改名', phone: '+8613900000001', quadrant: 'develop', visits: [] });
    });
  });

  describe('PUT /admin/staff', () => {
    it('accepts a supervisor not loaded yet and names it in a warning', async () => {
      const res = await callRoute(admin, 'PUT /admin/staff', {
        as: ADMIN,
        body: [{ ...STAFF[9], id: 'NEW1', phone: '+8613700000001', supervisorId: 'GHOST' }],
      });

      expect(res.status).toBe(200);
      expect(res.body.warnings).toEqual([{ path: '[0].supervisorId', message: 'no staff GHOST yet' }]);
    });

    it('returns 400 naming the index and field for a bad role, and writes nothing', async () => {
      const res = await callRoute(admin, 'PUT /admin/staff', {
        as: ADMIN,
        body: [
          { ...STAFF[9], id: 'NEW2', phone: '+8613700000002' },
          { ...STAFF[9], id: 'NEW3', phone: '+8613700000003', role: 'boss' },
        ],
      });

      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual(['[1].role']);
      expect((await env.deps.store.getStaff(['NEW2'])).size).toBe(0);
    });
  });

  describe('GET /customers/{id}', () => {
    it.each([
      ['an admin', ADMIN, 200],
      ['the customer’s agent', as('A1', 'agent'), 200],
      ['another agent', as('A2', 'agent'), 403],
      ['the agent’s supervisor', as('SUP1', 'supervisor'), 200],
      ['another team’s supervisor', as('SUP2', 'supervisor'), 403],
      ['the department manager', as('MGR1', 'deptManager'), 200],
      ['another department’s manager', as('MGR2', 'deptManager'), 403],
      ['the district manager', as('DM1', 'districtManager'), 200],
      ['another district’s manager', as('DM2', 'districtManager'), 403],
    ] as const)('returns %s a %s', async (_who, caller, status) => {
      const res = await callRoute(read, 'GET /customers/{id}', { as: caller, params: { id: 'KA1-001' } });

      expect(res.status).toBe(status);
    });

    it('returns the profile with policies and quadrant', async () => {
      const res = await callRoute(read, 'GET /customers/{id}', { as: ADMIN, params: { id: 'KA1-002' } });

      expect(res.body).toMatchObject({
        id: 'KA1-002',
        agentId: 'A1',
        policies: [{ product: '平安福', kind: 'life', annualPremium: 3000 }],
        quadrant: 'develop',
        visits: [],
      });
    });

    it('returns 404 for an unknown customer and 401 without claims', async () => {
      expect((await callRoute(read, 'GET /customers/{id}', { as: ADMIN, params: { id: 'NOPE' } })).status).toBe(404);
      expect((await callRoute(read, 'GET /customers/{id}', { params: { id: 'KA1-001' } })).status).toBe(401);
    });

    it('costs one query for the agent (the opt-out is on the file) and one more batch get for a manager', async () => {
      env.counter.reset();
      await callRoute(read, 'GET /customers/{id}', { as: as('A1', 'agent'), params: { id: 'KA1-001' } });
      expect(env.counter.byCommand).toEqual({ Query: 1 });

      env.counter.reset();
      await callRoute(read, 'GET /customers/{id}', { as: as('SUP1', 'supervisor'), params: { id: 'KA1-001' } });
      expect(env.counter.byCommand).toEqual({ Query: 1, BatchGetItem: 1 });
    });
  });
});

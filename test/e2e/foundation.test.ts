import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../local/demo.js';
import { generateDemo } from '../../local/demo-data.js';
import { startTestRuntime } from '../support/runtime.js';

describe('local runtime over HTTP: foundation', () => {
  let t: Awaited<ReturnType<typeof startTestRuntime>>;
  const demo = generateDemo({ customers: 300 });
  const customer = demo.customers[0]!;
  const otherAgent = demo.staff.find((s) => s.role === 'agent' && s.kind === 'formal' && s.id !== customer.agentId)!;

  beforeAll(async () => {
    t = await startTestRuntime();
    await loadDemo(t.runtime.deps, { customers: 300 });
  });
  afterAll(async () => t.runtime.close());

  it('serves a demo customer to an admin token', async () => {
    const res = await t.request('GET', `/customers/${customer.id}`, { token: await t.token('ADMIN01', 'admin') });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: customer.id, name: customer.name, agentId: customer.agentId });
    expect(res.body.policies).toHaveLength(customer.policies.length);
  });

  it('returns 403 when an agent reads another agent’s customer', async () => {
    const res = await t.request('GET', `/customers/${customer.id}`, { token: await t.token(otherAgent.id, 'agent') });

    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('returns 401 without a token and with a forged one', async () => {
    expect((await t.request('GET', `/customers/${customer.id}`)).status).toBe(401);
    const forged = `${(await t.token('ADMIN01', 'admin')).slice(0, -4)}AAAA`;
    expect((await t.request('GET', `/customers/${customer.id}`, { token: forged })).status).toBe(401);
  });

  it('returns 400 naming the field for malformed JSON or a bad phone, and writes nothing', async () => {
    const token = await t.token('ADMIN01', 'admin');

    const malformed = await t.request('PUT', '/admin/customers', { token, raw: '[{' });
    const badPhone = await t.request('PUT', '/admin/customers', {
      token,
      body: [
        { ...customer, id: 'NEW-1' },
        { ...customer, id: 'NEW-2', phone: '+86 123' },
      ],
    });

    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toContain('body');
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.message).toMatch(/^\[1\]\.phone/);
    expect((await t.request('GET', '/customers/NEW-1', { token })).status).toBe(404);
  });

  it('returns 404 for a path outside the contract and 400 for a bad token request', async () => {
    expect((await t.request('GET', '/nowhere')).status).toBe(404);
    const res = await t.request('POST', '/_local/token', { body: { sub: 'X', role: 'king' } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('role');
  });
});

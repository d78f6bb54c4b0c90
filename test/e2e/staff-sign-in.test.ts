import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInMember } from '../support/fixtures.js';
import { startTestRuntime } from '../support/runtime.js';

// Staff sign-in follows the staff upload, locally as in the cloud: the upload (and a departure)
// go through the StaffDirectory port, and the local runtime refuses the tokens of departed and
// inactive staff, and tokens issued before a role change signed the member out everywhere.

const member = signInMember;
const SUPERVISOR = member('SUP1', { role: 'supervisor', kind: 'manager', supervisorId: null, email: 'sup1@example.com' });

describe('staff sign-in through the local runtime', () => {
  let t: Awaited<ReturnType<typeof startTestRuntime>>;
  let admin: string;

  beforeAll(async () => {
    t = await startTestRuntime();
    admin = await t.token('ADMIN01', 'admin');
    const res = await t.request('PUT', '/admin/staff', { token: admin, body: [SUPERVISOR, member('A1'), member('A2'), member('A3')] });
    expect(res.status).toBe(200);
  });
  afterAll(async () => t.runtime.close());

  it('creates each uploaded member in the directory with their role, keeping the upload answer', async () => {
    // Act
    const res = await t.request('PUT', '/admin/staff', { token: admin, body: [member('A4', { email: 'a4@example.com' })] });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ upserted: 1 });
    expect(t.runtime.directory.user('A4')).toMatchObject({ staffId: 'A4', role: 'agent', email: 'a4@example.com', enabled: true });
    expect(t.runtime.directory.user('SUP1')).toMatchObject({ role: 'supervisor', email: 'sup1@example.com' });
  });

  it('returns 401 to a member made inactive, and serves a new token once they are active again', async () => {
    // Arrange
    const token = await t.token('A1', 'agent');
    expect((await t.request('GET', '/me/customers', { token })).status).toBe(200);

    // Act
    await t.request('PUT', '/admin/staff', { token: admin, body: [member('A1', { status: 'inactive' })] });
    const inactive = await t.request('GET', '/me/customers', { token });
    await t.request('PUT', '/admin/staff', { token: admin, body: [member('A1', { status: 'active' })] });
    const oldToken = await t.request('GET', '/me/customers', { token });
    await new Promise((resolve) => setTimeout(resolve, 5)); // a new token is issued after the sign-out instant
    const newToken = await t.request('GET', '/me/customers', { token: await t.token('A1', 'agent') });

    // Assert
    expect(inactive.status).toBe(401);
    expect(inactive.body.error.message).toContain('inactive');
    expect(t.runtime.directory.user('A1')?.enabled).toBe(true);
    expect(oldToken.status).toBe(401);
    expect(newToken.status).toBe(200);
  });

  it('returns 401 to a token issued before a role change, and serves a new one with the new role', async () => {
    // Arrange
    const before = await t.token('A2', 'agent');

    // Act
    await t.request('PUT', '/admin/staff', { token: admin, body: [member('A2', { role: 'supervisor', kind: 'manager' })] });
    const old = await t.request('GET', '/me/customers', { token: before });
    await new Promise((resolve) => setTimeout(resolve, 5)); // a new token is issued after the sign-out instant
    const fresh = await t.request('GET', '/assignments?state=preAssigned', { token: await t.token('A2', 'supervisor') });

    // Assert
    expect(old.status).toBe(401);
    expect(old.body.error.message).toContain('signed out');
    expect(fresh.status).toBe(200);
  });

  it('returns 401 to a departed agent', async () => {
    // Arrange
    const token = await t.token('A3', 'agent');

    // Act
    const departure = await t.request('POST', '/admin/staff/A3/departure', { token: admin });
    const after = await t.request('GET', '/me/customers', { token });

    // Assert
    expect(departure.status).toBe(200);
    expect(after.status).toBe(401);
    expect(t.runtime.directory.user('A3')?.enabled).toBe(false);
  });

  it('still serves a caller without a staff record (an administrator)', async () => {
    expect((await t.request('GET', '/customers/NOBODY', { token: admin })).status).toBe(404);
  });
});

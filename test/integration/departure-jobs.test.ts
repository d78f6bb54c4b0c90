import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdminHandler } from '../../functions/http/admin.js';
import { createAssignmentsHandler } from '../../functions/http/assignments.js';
import { createDepartureJobHandler } from '../../functions/departure-job.js';
import { keys } from '../../lib/adapters/dynamodb/model.js';
import { createTestDeps } from '../support/deps.js';
import { ADMIN, as, customers, STAFF } from '../support/fixtures.js';
import { callRoute } from '../support/http.js';

// Departures of at least asyncDepartureThreshold (1,000) orphans on DynamoDB Local: 202 with a job
// id, the work in the background (here the local in-process queue, as `npm start` runs it), the
// job's progress and result at GET /admin/jobs/{id}; repeated and concurrent departures run it once.

const SUP1 = as('SUP1', 'supervisor');
const ORPHANS = 1000;

describe('departure jobs (DynamoDB Local)', () => {
  let env: Awaited<ReturnType<typeof createTestDeps>>;
  let admin: ReturnType<typeof createAdminHandler>;
  const depart = (id: string) => callRoute(admin, 'POST /admin/staff/{id}/departure', { as: ADMIN, params: { id } });
  const job = (id: string) => callRoute(admin, 'GET /admin/jobs/{id}', { as: ADMIN, params: { id } });

  beforeAll(async () => {
    env = await createTestDeps({ now: '2026-11-23T02:00:00Z' });
    admin = createAdminHandler(env.deps);
    await callRoute(admin, 'PUT /admin/staff', { as: ADMIN, body: STAFF });
    for (const agent of ['A0', 'A3']) {
      const list = customers(agent, ORPHANS, `J${agent}-`);
      for (let i = 0; i < list.length; i += 1000) await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: list.slice(i, i + 1000) });
    }
  }, 120_000);

  it('answers 202 with a job id, runs the departure in the background and reports the result', async () => {
    const res = await depart('A0');
    const queued = await job(res.body.jobId);
    expect(await env.jobs.idle()).toEqual([]);
    const done = await job(res.body.jobId);

    expect(res.status).toBe(202);
    expect(res.body).toEqual({ jobId: expect.stringMatching(/^departure-A0-/), orphans: ORPHANS });
    expect(queued.body).toMatchObject({ id: res.body.jobId, type: 'departure', staffId: 'A0', orphans: ORPHANS });
    expect(done.body).toMatchObject({
      state: 'done',
      processed: ORPHANS,
      created: ORPHANS,
      attempts: 1,
      result: { orphans: ORPHANS, created: ORPHANS, deadline: '2026-11-28T15:59:59.999Z' },
    });
    const list = await callRoute(createAssignmentsHandler(env.deps), 'GET /assignments', { as: SUP1, query: 'state=preAssigned&limit=500' });
    expect(list.body.items).toHaveLength(500);
    expect(list.body.next).toBeDefined();
  });

  it('answers a repeated departure with the same job and does no work twice', async () => {
    const first = await job((await depart('A0')).body.jobId);
    env.counter.reset();

    const again = await depart('A0');
    await env.jobs.idle();
    const after = await job(again.body.jobId);

    expect(again.status).toBe(202);
    expect(again.body.jobId).toBe(first.body.id);
    expect(after.body).toMatchObject({ state: 'done', attempts: 1, finishedAt: first.body.finishedAt });
    expect(env.counter.byCommand.TransactWriteItems ?? 0).toBe(0);
  });

  it('runs a concurrent pair of departures once, under one job', async () => {
    env.counter.reset();

    const [a, b] = await Promise.all([depart('A3'), depart('A3')]);
    await env.jobs.idle();
    const done = await job(a.body.jobId);

    expect([a.status, b.status]).toEqual([202, 202]);
    expect(b.body.jobId).toBe(a.body.jobId);
    expect(done.body).toMatchObject({ state: 'done', attempts: 1, created: ORPHANS });
    // 1,000 assignments, 100 a transaction, written once.
    expect(env.counter.byCommand.TransactWriteItems).toBe(ORPHANS / 100);
  });

  it('lets a retried delivery take over a job whose worker died, and redoes nothing already done', async () => {
    const id = (await depart('A3')).body.jobId as string;
    // The worker that was running it died two minutes ago.
    await env.client.send(
      new UpdateCommand({
        TableName: env.tableName,
        Key: keys.job(id),
        UpdateExpression: 'SET #state = :running, heartbeatAt = :old',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':running': 'running', ':old': '2026-11-23T01:58:00.000Z' },
      }),
    );
    const worker = createDepartureJobHandler(env.deps);

    const retried = await worker({ type: 'departure', jobId: id });
    const duplicate = await worker({ type: 'departure', jobId: id });
    const done = await job(id);

    expect(retried).toEqual({ ran: true, state: 'done' });
    expect(duplicate).toEqual({ ran: false });
    expect(done.body).toMatchObject({ state: 'done', attempts: 2, created: 0, result: { orphans: ORPHANS, created: 0 } });
  });

  it('returns 404 for an unknown job and 403 to anyone but an admin', async () => {
    expect((await job('departure-NOPE-1')).status).toBe(404);
    expect((await callRoute(admin, 'GET /admin/jobs/{id}', { as: SUP1, params: { id: 'departure-NOPE-1' } })).status).toBe(403);
  });
});

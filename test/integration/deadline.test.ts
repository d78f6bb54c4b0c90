import { describe, expect, it } from 'vitest';
import { createAdminHandler } from '../../functions/http/admin.js';
import { runScheduledEvent } from '../../functions/scheduled.js';
import { drainOutbox } from '../../lib/use-cases/outbox/drain-outbox.js';
import { createTestDeps } from '../support/deps.js';
import { ADMIN, customers, STAFF } from '../support/fixtures.js';
import { callRoute } from '../support/http.js';

describe('assignment deadline (DynamoDB Local)', () => {
  it('still texts the supervisor when an earlier run marked the assignments overdue and died before texting', async () => {
    const env = await createTestDeps({ now: '2026-11-23T02:00:00Z' });
    const admin = createAdminHandler(env.deps);
    await callRoute(admin, 'PUT /admin/staff', { as: ADMIN, body: STAFF });
    await callRoute(admin, 'PUT /admin/customers', { as: ADMIN, body: customers('A0', 4, 'D-') });
    await callRoute(admin, 'POST /admin/staff/{id}/departure', { as: ADMIN, params: { id: 'A0' } });
    env.clock.set(new Date('2026-11-29T01:00:00Z'));
    // The crashed run: states changed, no texts queued.
    const due = await env.deps.store.assignmentsByDeadline('2026-11-28', env.clock.now().toISOString());
    await env.deps.store.markOverdue(due, env.clock.now().toISOString());

    const retry = await runScheduledEvent(env.deps, { type: 'assignmentDeadline', deadlineDate: '2026-11-28' });
    await drainOutbox(env.deps);

    expect(retry).toMatchObject({ marked: 0, texted: 2 });
    const supPhone = STAFF.find((s) => s.id === 'SUP1')!.phone;
    expect(
      env.sms
        .sent()
        .filter((m) => m.to === supPhone && m.body.includes('超过分配期限'))
        .map((m) => m.body),
    ).toEqual([expect.stringContaining('4名孤儿单客户超过分配期限')]);
  });
});

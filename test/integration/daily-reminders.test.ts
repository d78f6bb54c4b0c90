import { beforeAll, describe, expect, it } from 'vitest';
import { createVisitsHandler } from '../../functions/http/visits.js';
import { runScheduledEvent } from '../../functions/scheduled.js';
import { drainOutbox } from '../../lib/use-cases/outbox/drain-outbox.js';
import { approveOrphans } from '../support/chain.js';
import { createTestDeps } from '../support/deps.js';
import { as, customers, STAFF } from '../support/fixtures.js';
import { callRoute } from '../support/http.js';

// The daily reminder run on DynamoDB Local: one run a day at 09:00 Shanghai reads the day's due,
// late and retry visits from the sharded indexes. Runs that are missed (the hourly sweep catches up,
// today's after the hour, yesterday's any time), delivered late, or delivered twice at once still
// text each reminder exactly once.

const phoneOf = (id: string) => STAFF.find((s) => s.id === id)!.phone;
const daily = (day: string) => ({ type: 'dailyReminders', scheduledTime: `${day}T01:00:00Z` });

describe('daily reminders (DynamoDB Local)', () => {
  let env: Awaited<ReturnType<typeof createTestDeps>>;
  const orphans = customers('A0', 3, 'R-');
  const textsTo = (agent: string, fragment: string) =>
    env.sms
      .sent()
      .filter((m) => m.to === phoneOf(agent) && m.body.includes(fragment))
      .map((m) => m.body);
  const at = async (iso: string, run: () => Promise<unknown>) => {
    env.clock.set(new Date(iso), { allowBackwards: true });
    await run();
    await drainOutbox(env.deps);
  };

  beforeAll(async () => {
    // Approved on 2026-11-23: visit 1 due on 2026-12-08, late reminders on 2026-12-11.
    env = await createTestDeps({ now: '2026-11-23T02:00:00Z' });
    await approveOrphans(env, orphans, (c) => (c.id === 'R-001' ? 'A1' : 'A2'));
    await drainOutbox(env.deps);
  });

  it('texts each due reminder once when the run is missed, the sweep catches up and the run then arrives late', async () => {
    // No run at 09:00; the 10:30 sweep finds the day not done.
    await at('2026-12-08T02:30:00Z', () => runScheduledEvent(env.deps, { type: 'sweep' }));
    await at('2026-12-08T03:00:00Z', () => runScheduledEvent(env.deps, daily('2026-12-08'))); // the scheduler's late retry
    await at('2026-12-08T03:30:00Z', () => runScheduledEvent(env.deps, { type: 'sweep' }));

    expect(textsTo('A1', '今日（2026-12-08）到期')).toEqual([expect.stringContaining('客户1的第1次约访')]);
    expect(textsTo('A2', '今日（2026-12-08）到期').sort()).toEqual([expect.stringContaining('客户2的第1次约访'), expect.stringContaining('客户3的第1次约访')]);
  });

  it('texts each late reminder once when the run is delivered twice at once', async () => {
    await at('2026-12-11T01:00:00Z', () => Promise.all([runScheduledEvent(env.deps, daily('2026-12-11')), runScheduledEvent(env.deps, daily('2026-12-11'))]));
    await at('2026-12-11T02:30:00Z', () => runScheduledEvent(env.deps, { type: 'sweep' }));

    expect(textsTo('A1', '已于2026-12-08到期')).toHaveLength(1);
    expect(textsTo('A2', '已于2026-12-08到期')).toHaveLength(2);
  });

  it("texts a retry reminder once, from yesterday's run the sweep makes up before today's reminder hour", async () => {
    const visits = createVisitsHandler(env.deps);
    const attempt = (id: string, outcome: string) =>
      callRoute(visits, 'POST /visits/{id}/attempts', { as: as('A2', 'agent'), params: { id }, body: { outcome } });
    env.clock.set(new Date('2026-12-12T02:00:00Z'));
    await attempt('R-002~A0~1', 'refused');
    await attempt('R-003~A0~1', 'refused');
    await attempt('R-003~A0~1', 'noAnswer'); // tried again: no reminder needed

    // The whole of 2026-12-13 is missed; the sweep at 02:00 on the 14th runs the 13th.
    await at('2026-12-13T18:00:00Z', () => runScheduledEvent(env.deps, { type: 'sweep' }));
    await at('2026-12-14T01:00:00Z', () => runScheduledEvent(env.deps, daily('2026-12-14')));
    await at('2026-12-14T02:30:00Z', () => runScheduledEvent(env.deps, { type: 'sweep' }));
    await at('2026-12-14T03:00:00Z', () => runScheduledEvent(env.deps, daily('2026-12-13'))); // a very late duplicate

    expect(textsTo('A2', '婉拒')).toEqual([expect.stringContaining('客户2上次婉拒了邀约，请在2026-12-17前再次邀约')]);
  });
});

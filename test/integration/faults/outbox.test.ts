import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSnsSmsGateway } from '../../../lib/adapters/sns/sms-gateway.js';
import { CLAIM_STALE_SECONDS } from '../../../lib/domain/outbox.js';
import { newSms } from '../../../lib/domain/sms.js';
import type { SmsGateway } from '../../../lib/ports/sms-gateway.js';
import { drainOutbox } from '../../../lib/use-cases/outbox/drain-outbox.js';
import { createTestDeps } from '../../support/deps.js';
import { injectFaults, retriesWithoutDelay } from '../../support/faults.js';

// The sender's faults on DynamoDB Local: the provider refusing or timing out, and the Lambda dying
// after the provider accepted a text but before foster marked it sent. The at-least-once window
// (README, "Delivery guarantees"): a text goes twice only in that last case, and the second copy
// goes no sooner than the sender's claim goes stale (CLAIM_STALE_SECONDS, 5 minutes), once.

const sns = mockClient(SNSClient);
// Class-wide mocks: put the real send back for the next test file of this worker (isolate: false).
afterAll(() => {
  sns.restore();
});
const PHONE = '+8613800138000';
const minutes = (n: number) => n * 60_000;

async function setup(gateway?: (env: Awaited<ReturnType<typeof createTestDeps>>) => SmsGateway) {
  const env = await createTestDeps({ now: '2026-11-23T02:00:00Z', clientConfig: { retryStrategy: retriesWithoutDelay() } });
  const faults = injectFaults(env.client);
  const deps = gateway ? { ...env.deps, sms: gateway(env) } : env.deps;
  await env.deps.store.queueSms([
    newSms({
      id: 'text-1',
      to: PHONE,
      template: 'overdue',
      params: { count: 3, deadline: '2026-11-28' },
      purpose: 'overdue',
      now: env.clock.now(),
      staffId: 'SUP1',
    }),
  ]);
  /** Moves the clock on by `n` minutes and drains. */
  const drainAfter = async (n: number) => {
    env.clock.set(new Date(env.clock.now().getTime() + minutes(n)));
    return drainOutbox(deps);
  };
  const state = async () => (await env.deps.store.getSms(['text-1']))[0]!;
  return { env, faults, drainAfter, state };
}

describe('outbox sender faults (DynamoDB Local)', () => {
  afterEach(() => sns.reset());

  it('retries a text SNS refused at a later drain and sends it once', async () => {
    sns
      .on(PublishCommand)
      .rejectsOnce(Object.assign(new Error('internal'), { name: 'InternalErrorException' }))
      .resolves({ MessageId: 'sns-1' });
    const { drainAfter, state } = await setup(() => createSnsSmsGateway({ client: new SNSClient({ region: 'local' }) }));

    const first = await drainAfter(0);
    expect([first.sent, sns.commandCalls(PublishCommand).length]).toEqual([0, 1]);
    for (const step of [1, 5, 10, 60]) await drainAfter(step);

    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
    expect(await state()).toMatchObject({ state: 'sent', providerMessageId: 'sns-1' });
  });

  it('sends a text whose publish timed out at most twice, never twice in one drain', async () => {
    // The provider may have delivered the timed-out one: that is the at-least-once window.
    sns
      .on(PublishCommand)
      .rejectsOnce(Object.assign(new Error('socket timeout'), { name: 'TimeoutError' }))
      .resolves({ MessageId: 'sns-2' });
    const { drainAfter, state } = await setup(() => createSnsSmsGateway({ client: new SNSClient({ region: 'local' }) }));

    await drainAfter(0);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    for (const step of [1, 5, 10, 60]) await drainAfter(step);

    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
    expect(await state()).toMatchObject({ state: 'sent', providerMessageId: 'sns-2' });
  });

  it('sends a text twice at most when the sender dies after the provider accepted it, never within the claim window', async () => {
    const { env, faults, drainAfter, state } = await setup();
    // Write 0 claims the text; write 1 records it sent: it never lands (the Lambda died).
    faults.arm({ kind: 'ThrottlingException', when: 'before', at: 1, times: 3 });
    await drainAfter(0).catch(() => undefined);
    faults.disarm();
    const sentFirst = env.sms.sent().filter((m) => m.to === PHONE).length;
    await drainAfter(CLAIM_STALE_SECONDS / 60 - 1);
    const withinWindow = env.sms.sent().filter((m) => m.to === PHONE).length;
    for (const step of [2, 10, 60]) await drainAfter(step);

    const copies = env.sms.sent().filter((m) => m.to === PHONE);
    expect([sentFirst, withinWindow, copies.length]).toEqual([1, 1, 2]);
    expect(new Date(copies[1]!.sentAt).getTime() - new Date(copies[0]!.sentAt).getTime()).toBeGreaterThanOrEqual(CLAIM_STALE_SECONDS * 1000);
    expect(await state()).toMatchObject({ state: 'sent' });
  });

  it('sends a text once when its claim is lost after it was written, and two drains at once send it once', async () => {
    const { env, faults, drainAfter } = await setup();
    // The claim lands but its answer is lost: the text stays claimed and goes out after the window.
    faults.arm({ kind: 'ProvisionedThroughputExceededException', when: 'after', at: 0, times: 1 });
    await drainAfter(0);
    faults.disarm();
    await Promise.all([drainAfter(6), drainAfter(0), drainAfter(0)]);
    await drainAfter(60);

    expect(env.sms.sent().filter((m) => m.to === PHONE)).toHaveLength(1);
  });
});

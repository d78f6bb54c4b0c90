import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLambdaJobQueue } from '../../lib/adapters/lambda/job-queue.js';
import { createEventBridgeScheduleCleanup } from '../../lib/adapters/scheduler/eventbridge-schedule-cleanup.js';
import { createLocalJobQueue } from '../../lib/adapters/local/job-queue.js';
import { ScheduledEventSchema } from '../../functions/scheduled.js';

const lambda = mockClient(LambdaClient);
const scheduler = mockClient(SchedulerClient);
// Class-wide mocks: put the real send back for the next test file of this worker (isolate: false).
afterAll(() => {
  lambda.restore();
  scheduler.restore();
});

describe('createLambdaJobQueue', () => {
  afterEach(() => lambda.reset());

  it('starts a job with an asynchronous (Event) invocation of the departure-job function', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const queue = createLambdaJobQueue({ client: new LambdaClient({ region: 'ap-southeast-1' }), functionName: 'foster-departure-job' });

    await queue.enqueue({ type: 'departure', jobId: 'departure-S1-20261123' });

    const call = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(call).toMatchObject({ FunctionName: 'foster-departure-job', InvocationType: 'Event' });
    expect(JSON.parse(new TextDecoder().decode(call.Payload as Uint8Array))).toEqual({ type: 'departure', jobId: 'departure-S1-20261123' });
  });
});

describe('createLocalJobQueue', () => {
  it('runs a job after the caller returns and reports its failure when idle', async () => {
    const order: string[] = [];
    const queue = createLocalJobQueue(async (job) => {
      order.push(`run ${job.jobId}`);
      if (job.jobId === 'bad') throw new Error('boom');
    });

    await queue.enqueue({ type: 'departure', jobId: 'ok' });
    await queue.enqueue({ type: 'departure', jobId: 'bad' });
    order.push('returned');
    const errors = await queue.idle();

    expect(order).toEqual(['returned', 'run ok', 'run bad']);
    expect(errors).toEqual([new Error('boom')]);
  });
});

describe('createEventBridgeScheduler list', () => {
  afterEach(() => scheduler.reset());

  it("lists the group's schedules with a name prefix across pages", async () => {
    scheduler
      .on(ListSchedulesCommand)
      .resolvesOnce({ Schedules: [{ Name: 'due.A1.C1.A0.1' }], NextToken: 't1' })
      .resolvesOnce({ Schedules: [{ Name: 'due.A2.C2.A0.1' }] });
    const eventbridge = createEventBridgeScheduleCleanup({ client: new SchedulerClient({ region: 'ap-southeast-1' }), groupName: 'foster' });

    const names = await eventbridge.list('due.');

    expect(names).toEqual(['due.A1.C1.A0.1', 'due.A2.C2.A0.1']);
    expect(scheduler).toHaveReceivedCommandWith(ListSchedulesCommand, { GroupName: 'foster', NamePrefix: 'due.' });
  });
});

describe('ScheduledEventSchema', () => {
  it("accepts the daily run's payload with the time EventBridge Scheduler puts in, and refuses a bad time", () => {
    expect(ScheduledEventSchema.safeParse({ type: 'dailyReminders', scheduledTime: '2026-12-08T01:00:00Z' }).success).toBe(true);
    expect(ScheduledEventSchema.safeParse({ type: 'dailyReminders', scheduledTime: '<aws.scheduler.scheduled-time>' }).success).toBe(false);
  });
});

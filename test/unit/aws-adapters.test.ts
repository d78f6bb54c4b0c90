import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient } from '@aws-sdk/client-scheduler';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { atExpression, createEventBridgeScheduler } from '../../lib/adapters/scheduler/eventbridge-scheduler.js';
import { createEventBridgeScheduleCleanup } from '../../lib/adapters/scheduler/eventbridge-schedule-cleanup.js';
import { createSnsSmsGateway } from '../../lib/adapters/sns/sms-gateway.js';

const sns = mockClient(SNSClient);
const scheduler = mockClient(SchedulerClient);
// Class-wide mocks: put the real send back for the next test file of this worker (isolate: false).
afterAll(() => {
  sns.restore();
  scheduler.restore();
});

describe('createSnsSmsGateway', () => {
  afterEach(() => sns.reset());

  it('publishes a Transactional SMS with the sender id and returns the SNS message id', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-123' });
    const gateway = createSnsSmsGateway({ client: new SNSClient({ region: 'ap-southeast-1' }), senderId: 'PINGAN' });

    const out = await gateway.send({ id: 'm1', to: '+8613800138000', body: '您好' });

    expect(out).toEqual({ providerMessageId: 'sns-123' });
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      PhoneNumber: '+8613800138000',
      Message: '您好',
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'PINGAN' },
      },
    });
  });

  it('throws when SNS returns no message id, so the outbox retries instead of losing the reply key', async () => {
    sns.on(PublishCommand).resolves({});
    const gateway = createSnsSmsGateway({ client: new SNSClient({ region: 'ap-southeast-1' }) });

    await expect(gateway.send({ id: 'm1', to: '+8613800138000', body: 'x' })).rejects.toThrow('no MessageId');
  });
});

describe('createEventBridgeScheduler', () => {
  afterEach(() => scheduler.reset());
  const options = {
    client: new SchedulerClient({ region: 'ap-southeast-1' }),
    groupName: 'foster',
    targetArn: 'arn:aws:lambda:ap-southeast-1:1:function:foster-scheduled',
    roleArn: 'arn:aws:iam::1:role/scheduler',
    deadLetterArn: 'arn:aws:sqs:ap-southeast-1:1:scheduler-dlq',
    now: () => new Date('2026-11-23T00:00:00Z'),
  };

  it('creates a one-time schedule at Shanghai local time that deletes itself, with retries and a DLQ', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});

    await createEventBridgeScheduler(options).scheduleOnce({
      name: 'due.A1.C1.S0.1',
      at: new Date('2026-12-08T01:00:00Z'),
      event: { type: 'visitReminder', visitId: 'C1~S0~1', late: false },
    });

    expect(scheduler).toHaveReceivedCommandWith(CreateScheduleCommand, {
      Name: 'due.A1.C1.S0.1',
      GroupName: 'foster',
      ScheduleExpression: 'at(2026-12-08T09:00:00)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      ActionAfterCompletion: 'DELETE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: expect.objectContaining({
        Arn: options.targetArn,
        Input: JSON.stringify({ type: 'visitReminder', visitId: 'C1~S0~1', late: false }),
        DeadLetterConfig: { Arn: options.deadLetterArn },
        RetryPolicy: expect.objectContaining({ MaximumRetryAttempts: 185 }),
      }),
    });
  });

  it('treats an existing schedule of the same name as done (a retry makes no second one)', async () => {
    scheduler.on(CreateScheduleCommand).rejects(new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} }));

    await expect(
      createEventBridgeScheduler(options).scheduleOnce({ name: 'x', at: new Date('2026-12-08T01:00:00Z'), event: { type: 'sweep' } }),
    ).resolves.toBeUndefined();
  });

  it('treats cancelling a schedule that already fired as done', async () => {
    scheduler.on(DeleteScheduleCommand).rejects(new ResourceNotFoundException({ message: 'gone', Message: 'gone', $metadata: {} }));

    await expect(createEventBridgeScheduleCleanup({ client: options.client, groupName: options.groupName }).cancel('x')).resolves.toBeUndefined();
    expect(scheduler).toHaveReceivedCommandWith(DeleteScheduleCommand, { Name: 'x', GroupName: 'foster' });
  });

  it('never asks for a time in the past: at least one minute ahead', () => {
    expect(atExpression(new Date('2026-11-22T00:00:00Z'), new Date('2026-11-23T00:00:00Z'))).toBe('at(2026-11-23T08:01:00)');
  });
});

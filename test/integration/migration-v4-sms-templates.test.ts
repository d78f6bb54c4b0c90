import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SmsMessage } from '../../lib/domain/sms.js';
import { describe, expect, it } from 'vitest';
import { keys } from '../../lib/adapters/dynamodb/model.js';
import { createLogger } from '../../lib/adapters/logger.js';
import { recoverTemplate, v4SmsTemplates } from '../../lib/migrations/v4-sms-templates.js';
import { migrate } from '../../lib/migrations/runner.js';
import { createTestTable } from '../support/dynamo.js';

// Migration v4 on data written the version-1 way: queued texts with their rendered body only.

const logger = createLogger({ serviceName: 'test', logLevel: 'ERROR' });
const now = new Date('2026-11-26T02:00:00Z');

/** An outbox item as version 1 wrote it: body, no template. */
const v1Sms = (id: string, body: string, state = 'queued') => ({
  ...keys.sms(id),
  entity: 'sms',
  id,
  to: '+8613900000001',
  body,
  purpose: 'ratingRequest',
  state,
  createdAt: '2026-11-25T02:00:00.000Z',
  sendAfter: '2026-11-25T02:00:00.000Z',
});

describe('migration v4-sms-templates', () => {
  it('recovers the template and parameters of texts rendered with any company name', () => {
    expect(recoverTemplate('尊敬的张三，感谢您接受某保险代理人李四的服务。请回复数字1-5为本次服务评分（5为非常满意），可附上您的意见。回复TD退订。')).toEqual({
      template: 'ratingRequest',
      params: { customerName: '张三', agentName: '李四' },
    });
    expect(recoverTemplate('提醒：客户王五的第2次约访已于2026-12-01到期，尚未完成，请尽快邀约拜访。')).toEqual({
      template: 'visitReminderLate',
      params: { customerName: '王五', visitNumber: '2', dueOn: '2026-12-01' },
    });
    expect(recoverTemplate('hello')).toBeUndefined();
  });

  it('gives queued version-1 texts their template, leaves sent ones and unknown bodies alone, and can run twice', async () => {
    const { client, tableName, store } = await createTestTable();
    const put = (item: Record<string, unknown>) => client.send(new PutCommand({ TableName: tableName, Item: item }));
    await put(v1Sms('queued-rating', '尊敬的张三，感谢您接受平安代理人李四的服务。请回复数字1-5为本次服务评分（5为非常满意），可附上您的意见。回复TD退订。'));
    await put(
      v1Sms('sent-rating', '尊敬的赵六，感谢您接受平安代理人李四的服务。请回复数字1-5为本次服务评分（5为非常满意），可附上您的意见。回复TD退订。', 'sent'),
    );
    await put(v1Sms('queued-free-text', '一段没有模板的旧短信'));

    const first = await migrate({ client, tableName, logger, now, migrations: [v4SmsTemplates] });
    // Rerun as after a crash: a plain scan over the same table.
    await v4SmsTemplates.run({
      client,
      tableName,
      logger,
      now,
      scan: async (input, onPage) =>
        onPage(((await client.send(new ScanCommand({ ...input, TableName: tableName }))).Items ?? []) as Record<string, unknown>[]),
    });
    const [rating, sent, free] = (await Promise.all(['queued-rating', 'sent-rating', 'queued-free-text'].map(async (id) => (await store.getSms([id]))[0]))).map(
      (m) => m!,
    ) as [SmsMessage, SmsMessage, SmsMessage];

    expect(first.ran).toEqual(['v4-sms-templates']);
    expect(rating).toMatchObject({ template: 'ratingRequest', params: { customerName: '张三', agentName: '李四' } });
    expect(rating.body).toBeUndefined();
    expect(sent.template).toBeUndefined();
    expect(free).toMatchObject({ body: '一段没有模板的旧短信' });
    expect(free.template).toBeUndefined();
  });
});

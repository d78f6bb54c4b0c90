import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SMS_TEMPLATES, SmsTemplate, type SmsParams } from '../domain/sms.js';
import type { Migration } from './runner.js';

// v4: texts still waiting in the outbox that were queued with their rendered body only (schema
// version 1) get the template key and parameters the body was rendered from, so a provider that
// sends registered templates (Tencent Cloud SMS) can send them. The body is matched against every
// template with the company, app and service line as wildcards (they are configuration). A body no
// template matches keeps its body: SNS still sends it, Tencent fails it at once (foster.NoTemplate).

const CONFIG_MARK = '\u0001';
const PARAM_MARK = '\u0002';

/** Each template as a regex whose named groups are its parameters. */
const MATCHERS = SmsTemplate.options.map((template) => {
  const spec = SMS_TEMPLATES[template];
  const params = Object.fromEntries(spec.params.map((p) => [p, `${PARAM_MARK}${p}${PARAM_MARK}`]));
  const rendered = spec.text({ companyName: CONFIG_MARK, agentApp: CONFIG_MARK, serviceLine: CONFIG_MARK }, params);
  const source = rendered
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replaceAll(CONFIG_MARK, '.+?')
    .replace(new RegExp(`${PARAM_MARK}(\\w+)${PARAM_MARK}`, 'g'), '(?<$1>.+?)');
  return { template, regex: new RegExp(`^${source}$`, 'su') };
});

/** The template and parameters a rendered text came from, if any template matches it. */
export function recoverTemplate(body: string): { template: SmsTemplate; params: SmsParams } | undefined {
  for (const { template, regex } of MATCHERS) {
    const match = regex.exec(body);
    if (match) return { template, params: { ...(match.groups ?? {}) } };
  }
  return undefined;
}

export const v4SmsTemplates: Migration = {
  version: 4,
  name: 'v4-sms-templates',
  async run(ctx) {
    let recovered = 0;
    let kept = 0;
    await ctx.scan(
      {
        FilterExpression: 'entity = :sms AND attribute_not_exists(template) AND #state IN (:queued, :sending)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sms': 'sms', ':queued': 'queued', ':sending': 'sending' },
      },
      async (items) => {
        for (const item of items) {
          const found = typeof item.body === 'string' ? recoverTemplate(item.body) : undefined;
          if (!found) {
            kept++;
            continue;
          }
          try {
            await ctx.client.send(
              new UpdateCommand({
                TableName: ctx.tableName,
                Key: { pk: item.pk, sk: item.sk },
                UpdateExpression: 'SET template = :t, params = :p REMOVE body',
                ConditionExpression: 'attribute_not_exists(template)',
                ExpressionAttributeValues: { ':t': found.template, ':p': found.params },
              }),
            );
            recovered++;
          } catch (error) {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
          }
        }
      },
    );
    ctx.logger.info('queued texts given their templates', { recovered, keptBodyOnly: kept });
  },
};

import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Job } from '../../domain/job.js';
import type { JobStore } from '../../ports/job-store.js';
import { ENTITY, indexKeys, keys, strip } from './model.js';
import { ifExists } from './operations.js';

// Jobs: created with a conditional put (one item whatever the number of callers), claimed with a
// conditional update (one worker at a time; a worker whose heartbeat went stale is taken over),
// their progress doubling as the heartbeat. Kept 30 days.

type Ctx = { client: DynamoDBDocumentClient; tableName: string };

const KEEP_DAYS = 30;

export function createJobStore({ client, tableName }: Ctx): JobStore {
  const get = async (id: string) => {
    const out = await client.send(new GetCommand({ TableName: tableName, Key: keys.job(id), ConsistentRead: true }));
    return out.Item ? strip<Job>(out.Item) : undefined;
  };
  const update = (id: string, expression: string, values: Record<string, unknown>, condition = 'attribute_exists(pk)') => {
    // Attribute names go through placeholders (several are reserved words); only the ones used: DynamoDB refuses others.
    const names = Object.fromEntries(
      ['state', 'error', 'result', 'processed', 'created', 'attempts'].filter((n) => `${expression} ${condition}`.includes(`#${n}`)).map((n) => [`#${n}`, n]),
    );
    return client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.job(id),
        UpdateExpression: expression,
        ConditionExpression: condition,
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
  };

  return {
    async countCustomersOfAgent(agentId) {
      let count = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const out = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: { ':pk': indexKeys.customersByAgent(agentId, '').gsi1pk },
            Select: 'COUNT',
            ExclusiveStartKey: start,
          }),
        );
        count += out.Count ?? 0;
        start = out.LastEvaluatedKey;
      } while (start);
      return count;
    },

    async createJob(job) {
      const made = await ifExists(() =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.job(job.id),
              entity: ENTITY.job,
              ...job,
              expiresAt: Math.floor(new Date(job.createdAt).getTime() / 1000) + KEEP_DAYS * 86_400,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      if (made) return { created: true, job };
      const stored = await get(job.id);
      return { created: false, job: stored ?? job };
    },

    getJob: get,

    async claimJob(id, at, staleBefore) {
      const out = await ifExists(() =>
        update(
          id,
          'SET #state = :running, startedAt = if_not_exists(startedAt, :at), heartbeatAt = :at REMOVE #error ADD #attempts :one',
          { ':running': 'running', ':queued': 'queued', ':failed': 'failed', ':at': at, ':stale': staleBefore, ':one': 1 },
          '#state = :queued OR #state = :failed OR (#state = :running AND heartbeatAt < :stale)',
        ),
      );
      return out?.Attributes ? strip<Job>(out.Attributes) : undefined;
    },

    async jobProgress(id, { processed, created }, at) {
      await update(id, 'SET #processed = :p, #created = :c, heartbeatAt = :at', { ':p': processed, ':c': created, ':at': at });
    },

    async finishJob(id, end, at) {
      if (end.state === 'done') {
        await update(id, 'SET #state = :s, #result = :r, finishedAt = :at', { ':s': 'done', ':r': end.result, ':at': at });
      } else {
        await update(id, 'SET #state = :s, #error = :e, finishedAt = :at', { ':s': 'failed', ':e': end.error, ':at': at });
      }
    },
  };
}

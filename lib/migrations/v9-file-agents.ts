import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { ENTITY, keys } from '../adapters/dynamodb/model.js';
import { mapConcurrent } from '../adapters/dynamodb/operations.js';
import { noQuadrants } from '../domain/team.js';
import type { Migration } from './runner.js';
import { countFiles, writeQuadrantCounts } from './v8-quadrant-counters.js';

// v9 (the quadrant mix counts each agent's current customers): from this version an upload puts
// the agent it names on the customer's file, as an approval always did, so a customer who never was
// an orphan counts for their agent too. This does it once for the files written before: one scan of
// the profiles, files and agent states; a file whose agent is not its profile's gets the profile's
// (and loses agentSince, the approval day of the agent it leaves; its version moves on, so a writer
// that read it before retries). Then every agent's quadrant counters are set to a recount, as v8
// did, and an agent counted before with no file left is set to zero. A rerun writes the same.

export const v9FileAgents: Migration = {
  version: 9,
  name: 'file-agents',
  async run(ctx) {
    const profileAgent = new Map<string, string>();
    const fileAgent = new Map<string, string | undefined>();
    const stateAgents = new Set<string>();
    await ctx.scan(
      {
        FilterExpression: 'entity IN (:customer, :file, :state)',
        ProjectionExpression: 'entity, id, customerId, agentId',
        ExpressionAttributeValues: { ':customer': ENTITY.customer, ':file': ENTITY.customerFile, ':state': ENTITY.agentState },
      },
      async (items) => {
        for (const item of items) {
          if (item.entity === ENTITY.customer) profileAgent.set(item.id as string, item.agentId as string);
          else if (item.entity === ENTITY.customerFile) fileAgent.set(item.customerId as string, item.agentId as string | undefined);
          else stateAgents.add(item.agentId as string);
        }
      },
    );

    const moved = [...fileAgent].flatMap(([customerId, agentId]) => {
      const current = profileAgent.get(customerId);
      return current && current !== agentId ? [{ customerId, agentId: current }] : [];
    });
    await mapConcurrent(moved, 8, async ({ customerId, agentId }) => {
      try {
        await ctx.client.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.customerFile(customerId),
            UpdateExpression: 'SET agentId = :agent, version = if_not_exists(version, :zero) + :one REMOVE agentSince',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':agent': agentId, ':zero': 0, ':one': 1 },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error; // the file is gone: nothing to move
      }
    });

    const { counts, departed } = await countFiles(ctx);
    for (const agentId of stateAgents) if (!counts.has(agentId)) counts.set(agentId, noQuadrants());
    await writeQuadrantCounts(ctx, counts, departed);
    ctx.logger.info('files follow their customers’ agents', { files: moved.length });
  },
};

import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { ENTITY, keys } from '../adapters/dynamodb/model.js';
import { mapConcurrent } from '../adapters/dynamodb/operations.js';
import type { Quadrant } from '../domain/quadrant.js';
import { noQuadrants } from '../domain/team.js';
import type { Migration } from './runner.js';
import { writeQuadrantCounts } from './v8-quadrant-counters.js';

// v9 (the quadrant mix counts each agent's current customers): from this version an upload puts
// the agent it names on the customer's file, as an approval always did, so a customer who never was
// an orphan counts for their agent too. This does it once for the files written before: one scan of
// the profiles, files and agent states; a file whose agent is not its profile's gets the profile's
// (and loses agentSince, the approval day of the agent it leaves; its version moves on, so a writer
// that read it before retries). Then every agent's quadrant counters are set to a count of the
// files from the same scan, as v8 did, and an agent counted before with no file left is set to
// zero. A rerun writes the same.

export const v9FileAgents: Migration = {
  version: 9,
  name: 'file-agents',
  async run(ctx) {
    const profileAgent = new Map<string, string>();
    const files = new Map<string, { agentId?: string; quadrant?: Quadrant }>();
    const stateAgents = new Set<string>();
    const departed = new Set<string>();
    await ctx.scan(
      {
        FilterExpression: 'entity IN (:customer, :file, :state, :staff)',
        ProjectionExpression: 'entity, id, customerId, agentId, #status, #segment.#quadrant',
        ExpressionAttributeNames: { '#status': 'status', '#segment': 'segment', '#quadrant': 'quadrant' },
        ExpressionAttributeValues: { ':customer': ENTITY.customer, ':file': ENTITY.customerFile, ':state': ENTITY.agentState, ':staff': ENTITY.staff },
      },
      async (items) => {
        for (const item of items) {
          if (item.entity === ENTITY.customer) profileAgent.set(item.id as string, item.agentId as string);
          else if (item.entity === ENTITY.customerFile)
            files.set(item.customerId as string, {
              agentId: item.agentId as string | undefined,
              quadrant: (item.segment as { quadrant?: Quadrant } | undefined)?.quadrant,
            });
          else if (item.entity === ENTITY.staff) {
            if (item.status === 'departed') departed.add(item.id as string);
          } else stateAgents.add(item.agentId as string);
        }
      },
    );

    const moved = [...files].flatMap(([customerId, { agentId }]) => {
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

    // Counted from the same scan, each file under the agent it has now; agents counted before with no file left: zero.
    const counts = new Map([...stateAgents].map((agentId) => [agentId, noQuadrants()]));
    for (const { customerId, agentId } of moved) files.get(customerId)!.agentId = agentId;
    for (const { agentId, quadrant } of files.values()) {
      if (!agentId || !quadrant) continue;
      const of = counts.get(agentId) ?? noQuadrants();
      of[quadrant] += 1;
      counts.set(agentId, of);
    }
    await writeQuadrantCounts(ctx, counts, departed);
    ctx.logger.info('files follow their customers’ agents', { files: moved.length });
  },
};

import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { agentStateShard } from '../adapters/dynamodb/items.js';
import { ENTITY, indexKeys, keys } from '../adapters/dynamodb/model.js';
import { mapConcurrent } from '../adapters/dynamodb/operations.js';
import { QUADRANTS, type Quadrant } from '../domain/quadrant.js';
import { noQuadrants, quadrantCounter, type QuadrantCounts } from '../domain/team.js';
import type { Migration, MigrationContext } from './runner.js';

// v8 (issue 13, the quadrant mix of GET /team/metrics): the writes keep a count per agent and
// quadrant of the customer files naming the agent, from this version on. This builds them once:
// one scan of the files (and staff), then per agent every quadrant's count set, not added, so a
// rerun writes the same. Other state counters are left as they are. An agent who left stays out
// of the month-end index, as their departure left them.

export const v8QuadrantCounters: Migration = {
  version: 8,
  name: 'quadrant-counters',
  async run(ctx) {
    const { counts, departed } = await countFiles(ctx);
    await writeQuadrantCounts(ctx, counts, departed);
  },
};

/** Every file's agent and quadrant counted from one scan of the files and staff; departed: the agents who left. */
async function countFiles(ctx: MigrationContext): Promise<{ counts: Map<string, QuadrantCounts>; departed: Set<string> }> {
  const counts = new Map<string, QuadrantCounts>();
  const departed = new Set<string>();
  await ctx.scan(
    {
      FilterExpression: 'entity IN (:file, :staff)',
      ProjectionExpression: 'entity, id, customerId, agentId, #status, #segment.#quadrant',
      ExpressionAttributeNames: { '#status': 'status', '#segment': 'segment', '#quadrant': 'quadrant' },
      ExpressionAttributeValues: { ':file': ENTITY.customerFile, ':staff': ENTITY.staff },
    },
    async (items) => {
      for (const item of items) {
        if (item.entity === ENTITY.staff) {
          if (item.status === 'departed') departed.add(item.id as string);
          continue;
        }
        const agentId = item.agentId as string | undefined;
        const quadrant = (item.segment as { quadrant?: Quadrant } | undefined)?.quadrant;
        if (!agentId || !quadrant) continue;
        const of = counts.get(agentId) ?? noQuadrants();
        of[quadrant] += 1;
        counts.set(agentId, of);
      }
    },
  );
  return { counts, departed };
}

/** Sets (not adds) each agent's quadrant counters; agents who did not leave enter the month-end index. */
export async function writeQuadrantCounts(ctx: MigrationContext, counts: ReadonlyMap<string, QuadrantCounts>, departed: ReadonlySet<string>): Promise<void> {
  await mapConcurrent([...counts], 8, async ([agentId, of]) => {
    const indexed = !departed.has(agentId);
    await ctx.client.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.agentState(agentId),
        UpdateExpression: [
          'SET agentId = :agent, entity = :entity',
          ...QUADRANTS.map((q, i) => `#q${i} = :q${i}`),
          ...(indexed ? ['gsi4pk = :gsi4pk', 'gsi4sk = :gsi4sk'] : []),
        ].join(', '),
        ExpressionAttributeNames: Object.fromEntries(QUADRANTS.map((q, i) => [`#q${i}`, quadrantCounter(q)])),
        ExpressionAttributeValues: {
          ':agent': agentId,
          ':entity': ENTITY.agentState,
          ...Object.fromEntries(QUADRANTS.map((q, i) => [`:q${i}`, of[q]])),
          ...(indexed ? { ':gsi4pk': indexKeys.agentStates(agentStateShard(agentId), agentId).gsi4pk, ':gsi4sk': agentId } : {}),
        },
      }),
    );
  });
  ctx.logger.info('quadrant counters built', {
    agents: counts.size,
    files: [...counts.values()].reduce((n, c) => n + QUADRANTS.reduce((m, q) => m + c[q], 0), 0),
  });
}

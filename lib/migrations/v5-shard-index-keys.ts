import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Assignment } from '../domain/assignment.js';
import type { Visit } from '../domain/visit.js';
import { assignmentItem, visitItem } from '../adapters/dynamodb/items.js';
import { ENTITY, strip } from '../adapters/dynamodb/model.js';
import { mapConcurrent } from '../util/map-concurrent.js';
import type { Migration } from './runner.js';

// v5: the index keys a burst piles into one partition are write-sharded (model.ts SHARDS): owner,
// department, district, deadline day, due day. Every assignment and visit is rewritten with the keys
// this code derives from it; an item changed meanwhile (its version moved) was written by new code
// already and is left alone. A rerun finds nothing left to change.

const INDEX_ATTRIBUTES = ['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk'];

/** The item as this code writes it, or undefined when it already is. */
export function reshard(item: Record<string, unknown>): Record<string, unknown> | undefined {
  const next =
    item.entity === ENTITY.assignment ? assignmentItem(strip<Assignment>(item)) : item.entity === ENTITY.visit ? visitItem(strip<Visit>(item)) : undefined;
  if (!next) return undefined;
  return INDEX_ATTRIBUTES.every((k) => next[k] === item[k]) ? undefined : next;
}

export const shardIndexKeys: Migration = {
  version: 5,
  name: 'shard-index-keys',
  async run(ctx) {
    let rewritten = 0;
    await ctx.scan(
      {
        FilterExpression: 'entity IN (:a, :v)',
        ExpressionAttributeValues: { ':a': ENTITY.assignment, ':v': ENTITY.visit },
      },
      async (items) => {
        await mapConcurrent(items, 16, async (item) => {
          const next = reshard(item);
          if (!next) return;
          try {
            await ctx.client.send(
              new PutCommand({
                TableName: ctx.tableName,
                Item: next,
                ConditionExpression: 'version = :v',
                ExpressionAttributeValues: { ':v': item.version },
              }),
            );
            rewritten++;
          } catch (error) {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
          }
        });
      },
    );
    ctx.logger.info('index keys sharded', { rewritten });
  },
};

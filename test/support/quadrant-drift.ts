import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENTITY } from '../../lib/adapters/dynamodb/model.js';
import { QUADRANTS, type Quadrant } from '../../lib/domain/quadrant.js';
import { quadrantCounter } from '../../lib/domain/team.js';

// The drift check of the quadrant counters: reads every customer file and agent state item of a
// test table (a Scan, which only tests and migrations may do) and recounts the files by the agent
// they name and their quadrant. Any counter that differs from the recount is drift.

export interface QuadrantDrift {
  agentId: string;
  quadrant: Quadrant;
  counter: number;
  files: number;
}

/** Every agent and quadrant whose counter differs from a recount of the files; empty when none does. */
export async function quadrantDrift(client: DynamoDBDocumentClient, tableName: string): Promise<QuadrantDrift[]> {
  const files = new Map<string, number>();
  const counters = new Map<string, number>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'entity IN (:file, :state)',
        ExpressionAttributeValues: { ':file': ENTITY.customerFile, ':state': ENTITY.agentState },
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    for (const item of page.Items ?? []) {
      if (item.entity === ENTITY.agentState) {
        for (const q of QUADRANTS) counters.set(`${item.agentId as string}\u0000${q}`, Number(item[quadrantCounter(q)] ?? 0));
        continue;
      }
      const quadrant = (item.segment as { quadrant?: Quadrant } | undefined)?.quadrant;
      if (!item.agentId || !quadrant) continue;
      const key = `${item.agentId as string}\u0000${quadrant}`;
      files.set(key, (files.get(key) ?? 0) + 1);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return [...new Set([...files.keys(), ...counters.keys()])]
    .map((key) => {
      const [agentId, quadrant] = key.split('\u0000') as [string, Quadrant];
      return { agentId, quadrant, counter: counters.get(key) ?? 0, files: files.get(key) ?? 0 };
    })
    .filter((d) => d.counter !== d.files)
    .sort((a, b) => `${a.agentId}${a.quadrant}`.localeCompare(`${b.agentId}${b.quadrant}`));
}

import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// A whole table as text, for tests that prove a request changed nothing (compare before and after)
// or that two runs ended in the same state. A Scan is fine here: tests only, never a request path.

type Item = Record<string, unknown>;

/** Every item of the table, keys sorted, items sorted by pk and sk: equal text means equal tables. */
export async function dumpTable(client: DynamoDBDocumentClient, tableName: string): Promise<string> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...((page.Items ?? []) as Item[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items
    .map((item) => canonical(item))
    .sort()
    .join('\n');
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The dump with every UUID replaced by `<uuid>` and lines re-sorted: two runs of the same
 * operations (random message ids from the SMS gateway aside) must give the same text.
 */
// A history entry's id ends in 8 random hex digits (lib/domain/history.ts: `00-kind-1a2b3c4d`).
const HISTORY_ID = /(\d{2}-[A-Za-z]+-)[0-9a-f]{8}(?![0-9a-f])/g;

export function withoutUuids(dump: string): string {
  return dump
    .split('\n')
    .map((line) => line.replace(UUID, '<uuid>').replace(HISTORY_ID, '$1<id>'))
    .sort()
    .join('\n');
}

/** JSON with object keys in sorted order at every depth (sets become sorted arrays). */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Set) return [...(v as Set<unknown>)].map(String).sort();
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

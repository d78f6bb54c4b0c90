import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// One document client per process, configured the same way everywhere: undefined fields dropped,
// class instances refused. `countRequests` lets tests and benchmarks read the round trips an
// operation costs, the figure that matters in the cloud.

/** A DocumentClient over a fresh DynamoDBClient. */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
}

/** Round trips by command name since the counter was made or last reset. */
export interface RequestCounter {
  readonly byCommand: Readonly<Record<string, number>>;
  total(): number;
  reset(): void;
}

/** Counts every request the client sends (retries included), by command name. */
export function countRequests(client: DynamoDBDocumentClient | DynamoDBClient): RequestCounter {
  const byCommand: Record<string, number> = {};
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      byCommand[name] = (byCommand[name] ?? 0) + 1;
      return next(args);
    },
    { step: 'finalizeRequest', name: `fosterRequestCounter${Math.random().toString(36).slice(2)}` },
  );
  return {
    byCommand,
    total: () => Object.values(byCommand).reduce((a, b) => a + b, 0),
    reset: () => {
      for (const k of Object.keys(byCommand)) delete byCommand[k];
    },
  };
}

/** Capacity units DynamoDB reported since the counter was made or last reset: what the bill counts. */
export interface CapacityCounter {
  readonly read: number;
  readonly write: number;
  reset(): void;
}

const READ_COMMANDS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const WRITE_COMMANDS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/**
 * Asks DynamoDB for `ReturnConsumedCapacity: 'TOTAL'` on every read and write the client sends and
 * sums the capacity units it reports (table and indexes), reads and writes apart. For benchmarks.
 */
export function countCapacity(client: DynamoDBDocumentClient | DynamoDBClient): CapacityCounter {
  const totals = { read: 0, write: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? '').replace(/Command$/, '');
      const kind = READ_COMMANDS.has(name) ? 'read' : WRITE_COMMANDS.has(name) ? 'write' : undefined;
      if (!kind) return next(args);
      const out = await next({ ...args, input: { ReturnConsumedCapacity: 'TOTAL', ...args.input } });
      const consumed = (out.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
      for (const c of [consumed ?? []].flat()) totals[kind] += c.CapacityUnits ?? 0;
      return out;
    },
    { step: 'initialize', name: `fosterCapacityCounter${Math.random().toString(36).slice(2)}` },
  );
  return {
    get read() {
      return totals.read;
    },
    get write() {
      return totals.write;
    },
    reset: () => {
      totals.read = 0;
      totals.write = 0;
    },
  };
}

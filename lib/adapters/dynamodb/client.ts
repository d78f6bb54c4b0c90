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

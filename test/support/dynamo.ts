import { CreateTableCommand, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { countRequests, createDocumentClient, type RequestCounter } from '../../lib/adapters/dynamodb/client.js';
import { createDynamoStore } from '../../lib/adapters/dynamodb/store.js';
import { ALL_STORE_PARTS } from '../../lib/adapters/dynamodb/store-parts.js';
import { createTableInput } from '../../lib/adapters/dynamodb/table.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/dynamodb-local.js';
import type { Store } from '../../lib/ports/store.js';

/** A fresh table in the run's DynamoDB Local, with a store on it and a round-trip counter; `clientConfig` adds to the client's settings (e.g. a retry strategy). */
export async function createTestTable(clientConfig: DynamoDBClientConfig = {}) {
  const client = createDocumentClient({ endpoint: inject('dynamoEndpoint'), region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, ...clientConfig });
  const tableName = `foster-test-${randomUUID().slice(0, 8)}`;
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  const counter: RequestCounter = countRequests(client);
  const store: Store = createDynamoStore({ client, tableName, parts: ALL_STORE_PARTS });
  return { client, tableName, store, counter };
}

import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../local/dynamodb-local.js';

// Starts one DynamoDB Local (in memory, free loopback port) for the whole test run and stops it
// after; test files reach it through `inject('dynamoEndpoint')`.

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  // Java's start-up can take minutes on a shared, loaded CI machine; the default 60 s was seen to fail there.
  const ddb = await startDynamoDbLocal({ startTimeoutMs: 240_000 });
  project.provide('dynamoEndpoint', ddb.endpoint);
  return async () => {
    await ddb.stop();
  };
}

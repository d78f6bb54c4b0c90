import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../local/dynamodb-local.js';
import { scanLogs } from './support/log-scan.js';

// Starts one DynamoDB Local (in memory, free loopback port) for the whole test run and stops it
// after; test files reach it through `inject('dynamoEndpoint')`. Every log line the run writes
// lands in a folder (test/support/log-capture.ts) scanned at the end: a whole phone number in any
// of them, or a UUID the phone mask damaged, fails the run.

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    logDir: string;
  }
}

export default async function setup(project: TestProject) {
  // Java's start-up can take minutes on a shared, loaded CI machine; the default 60 s was seen to fail there.
  const ddb = await startDynamoDbLocal({ startTimeoutMs: 240_000 });
  project.provide('dynamoEndpoint', ddb.endpoint);
  const logDir = mkdtempSync(join(tmpdir(), 'foster-test-logs-'));
  project.provide('logDir', logDir);
  return async () => {
    await ddb.stop();
    const scan = scanLogs(logDir);
    rmSync(logDir, { recursive: true, force: true });
    const failure =
      scan.phones.length || scan.mangled.length
        ? `log scan of ${scan.lines} lines: ${scan.phones.length} with a whole phone number, ${scan.mangled.length} with a damaged UUID\n${[...scan.phones, ...scan.mangled].join('\n')}`
        : undefined;
    if (failure) {
      // A throw here is only printed by vitest; the exit code is what fails `npm test`.
      process.exitCode = 1;
      console.error(`\n✗ ${failure}`);
    } else console.log(`\nlog scan: ${scan.lines} log lines, no whole phone number, no damaged UUID`);
  };
}

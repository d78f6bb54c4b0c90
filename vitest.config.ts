import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One DynamoDB Local for the whole run (test/global-setup.ts); each test file makes its own table.

// Node 20 only: the AWS SDK warns once per process that its releases after early January 2027 need
// Node 22. The suite runs on Node 20 and on Node 22 (.ci/run); on 20 the warning would be printed by the
// global setup, by every forked test worker and by every `npm start` the e2e tests spawn (which assert
// on stderr). Set here, in the main process, so all of those inherit it; Node 22 prints nothing.
if (Number(process.versions.node.split('.')[0]) < 22) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts', 'test/support/log-capture.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One worker per core, not vitest's default of one fewer: the slow files wait on DynamoDB Local,
    // Java starts, child processes and esbuild more than they compute. On 2 cores that is 2 workers
    // instead of 1, which took the suite from 302 s to 222 s wall here. At most 4: every file shares one
    // DynamoDB Local (one JVM), and 3 workers on these 2 cores timed tests out.
    maxWorkers: Math.min(availableParallelism(), 4),
    // One module graph per worker instead of one per test file: importing the AWS SDK, CDK and the
    // handlers afresh for each of 60 files cost 40 s of a 365 s run on 2 cores (12.6 s shared).
    // Nothing in the tests relies on a fresh module: mocks are per client, tables per file.
    isolate: false,
    env: { POWERTOOLS_DEV: 'false', POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_REGION: 'local' },
  },
});

import { defineConfig } from 'vitest/config';

// One DynamoDB Local for the whole run (test/global-setup.ts); each test file makes its own table.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts', 'test/support/log-capture.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_DEV: 'false', POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_REGION: 'local' },
  },
});

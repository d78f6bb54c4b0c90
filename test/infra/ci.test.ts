import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/function-settings.js';

// CI runs what the README tells a new user, on the machine's Node and again on the Lambdas' Node 22.

const ci = readFileSync(join(PROJECT_ROOT, '.ci', 'run'), 'utf8');
const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
/** The commands of .ci/run in order, comments and blank lines left out. */
const steps = ci
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

describe('.ci/run', () => {
  it('is valid bash', () => {
    expect(spawnSync('bash', ['-n', join(PROJECT_ROOT, '.ci', 'run')]).status).toBe(0);
  });

  it('runs npm ci, the linter, the suite, then the suite again on Node 22 from the npm registry', () => {
    const at = (pattern: RegExp) => steps.findIndex((l) => pattern.test(l));
    const tests = steps.flatMap((l, i) => (/\bnpm test$/.test(l) ? [i] : []));
    expect(at(/^npm ci$/)).toBeGreaterThanOrEqual(0);
    expect(at(/\bnpm run lint$/)).toBeGreaterThan(at(/^npm ci$/));
    expect(tests).toHaveLength(2);
    expect(tests[0]).toBeGreaterThan(at(/\bnpm run lint$/));
    expect(at(/npm install --prefix .*NODE22_PACKAGE@\$NODE22_VERSION/)).toBeGreaterThanOrEqual(0);
    expect(ci).toMatch(/NODE22_VERSION=22\.\d+\.\d+/);
    expect(at(/^PATH="\$NODE22_BIN:\$PATH"$/)).toBeGreaterThan(tests[0]!);
    expect(at(/^v22\.\*\)/)).toBeGreaterThan(at(/^PATH="\$NODE22_BIN:\$PATH"$/));
    expect(tests[1]).toBeGreaterThan(at(/^v22\.\*\)/));
  });

  it('installs the Debian packages the suite needs when they are missing', () => {
    for (const pkg of ['openjdk-17-jre-headless', 'chromium', 'fonts-noto-cjk']) expect(ci).toContain(`missing+=(${pkg})`);
  });
});

describe('README', () => {
  it('gives the test command CI runs', () => {
    const line = readme.split('\n').find((l) => /^npm run lint && npm test\b/.test(l));
    expect(line).toBeDefined();
    for (const command of ['npm run lint', 'npm test']) expect(steps.some((s) => s.endsWith(command))).toBe(true);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDocumentClient } from '../../lib/adapters/dynamodb/client.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/dynamodb-local.js';
import { prepareFuzz, runFuzz, type FuzzTarget } from '../support/fuzz.js';
import { startTestRuntime } from '../support/runtime.js';

// Fuzzed requests on every route of the route table, through the local runtime and the real
// handlers on DynamoDB Local (the model and the property: test/support/fuzz.ts, shared with
// `npm run bench -- fuzz`, which runs 10,000). Never a 5xx; a refusal is 400/401/403/404/409 with
// the error shape, no stack trace or SDK error name, and leaves the table byte for byte as it was.
// `FUZZ_RUNS` sets the number of cases, `FUZZ_SEED` replays one run.

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

describe('fuzzed requests on every route (local runtime)', () => {
  let t: Awaited<ReturnType<typeof startTestRuntime>>;
  let target: FuzzTarget;
  const tableName = `foster-fuzz-${randomUUID().slice(0, 8)}`;
  const client = createDocumentClient({ endpoint: inject('dynamoEndpoint'), region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });

  beforeAll(async () => {
    t = await startTestRuntime({ tableName });
    target = await prepareFuzz(t, client, tableName);
  });
  afterAll(async () => {
    await t.runtime.close();
    client.destroy();
  });

  it(`answers ${RUNS} fuzzed requests without a 5xx, and refuses bad ones in the error shape, writing nothing`, async () => {
    const outcome = await runFuzz(target, { runs: RUNS, seed: SEED });

    if (outcome.failure) throw new Error(outcome.failure);
    expect(outcome.cases).toBe(RUNS);
    expect(outcome.serverErrors).toBe(0);
    // Every refusal had its table check.
    const refused = Object.entries(outcome.statuses).reduce((n, [status, count]) => n + (Number(status) >= 300 ? count : 0), 0);
    expect(outcome.unchangedChecks).toBe(refused);
    // The cases reached the handlers: some were accepted, some refused for their input.
    expect(outcome.statuses[400]).toBeGreaterThan(0);
    expect(Object.keys(outcome.statuses).some((s) => Number(s) < 300)).toBe(true);
  }, 600_000);
});

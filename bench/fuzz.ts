import { prepareFuzz, runFuzz } from '../test/support/fuzz.js';
import { startRuntimeOn } from '../test/support/local-runtime.js';
import type { BenchReport, Figure } from './results.js';
import { fmt, type startBench } from './support.js';

// The fuzz of every route at bench size: the model and the property of test/e2e/fuzz.test.ts
// (test/support/fuzz.ts), 10,000 cases (`FUZZ_RUNS` to change, `FUZZ_SEED` to replay) through the
// local runtime and the real handlers on the bench's DynamoDB Local. Prints the answers by status,
// the 5xx count (must be 0), the table checks after refusals and cases/s. A broken property stops
// the fuzz at that case; the bench reports it, and the run exits non-zero.

/** Cases the bench runs unless `FUZZ_RUNS` says otherwise. */
export const FUZZ_BENCH_RUNS = 10_000;

export async function benchFuzz(bench: Awaited<ReturnType<typeof startBench>>): Promise<BenchReport> {
  const runs = Number(process.env.FUZZ_RUNS ?? FUZZ_BENCH_RUNS);
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  const tableName = `bench-fuzz-${Date.now()}`;
  const t = await startRuntimeOn(bench.ddb.endpoint, { tableName });
  try {
    const target = await prepareFuzz(t, bench.client, tableName);
    const outcome = await runFuzz(target, { runs, seed });
    const statuses = Object.entries(outcome.statuses).map(([status, n]) => [Number(status), n] as const);
    const accepted = statuses.filter(([s]) => s < 300);
    const refused = statuses.filter(([s]) => s >= 300);
    const count = (list: typeof statuses) => list.reduce((n, [, c]) => n + c, 0);
    const byStatus = (list: typeof statuses) => list.map(([s, n]) => `${s}: ${fmt(n)}`).join(', ') || 'none';

    console.log(
      `fuzz: ${fmt(outcome.cases)} of ${fmt(runs)} cases in ${fmt(outcome.seconds, 1)} s = ${fmt(outcome.cases / outcome.seconds, 1)} cases/s (seed ${outcome.seed}); ` +
        `accepted ${fmt(count(accepted))} (${byStatus(accepted)}); refused ${fmt(count(refused))} (${byStatus(refused)}); ` +
        `5xx: ${outcome.serverErrors}; table unchanged after ${fmt(outcome.unchangedChecks)} of ${fmt(count(refused))} refusals`,
    );
    if (outcome.failure) {
      console.log(`fuzz: PROPERTY BROKEN\n${outcome.failure}`);
      process.exitCode = 1;
    }
    const figures: Figure[] = [
      { name: 'cases run', value: outcome.cases, unit: 'cases', reference: { name: 'cases asked for', value: runs, unit: 'cases' } },
      {
        name: 'throughput',
        value: outcome.cases / outcome.seconds,
        unit: 'cases/s',
        digits: 1,
        detail: `${fmt(outcome.seconds, 1)} s, a whole-table dump after each case`,
      },
      ...accepted.map(([s, n]): Figure => ({ name: `accepted, ${s}`, value: n, unit: 'cases' })),
      ...refused.map(([s, n]): Figure => ({ name: `refused, ${s}`, value: n, unit: 'cases' })),
      { name: '5xx answers', value: outcome.serverErrors, unit: 'cases', budget: 0 },
      {
        name: 'refusals that left the table byte for byte unchanged',
        value: outcome.unchangedChecks,
        unit: 'cases',
        reference: { name: 'refusals', value: count(refused), unit: 'cases' },
      },
      { name: 'broken property (first failing case ends the run)', value: outcome.failure ? 1 : 0, unit: 'cases', budget: 0 },
    ];
    return {
      title: `Fuzzed requests on every route (valid, one field broken, hostile) through the local runtime and the real handlers: test/support/fuzz.ts, as in test/e2e/fuzz.test.ts.`,
      figures,
      notes: [`seed ${outcome.seed} (\`FUZZ_SEED=${outcome.seed}\` replays the run)`, ...(outcome.reason ? [`PROPERTY BROKEN: ${outcome.reason}`] : [])],
    };
  } finally {
    await t.runtime.close();
  }
}

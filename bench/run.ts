import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchApproval } from './approval.js';
import { benchMonth } from './month.js';
import { benchMyCustomers } from './my-customers.js';
import { benchInbound } from './inbound.js';
import { benchUpsertCustomers } from './upsert-customers.js';
import { benchCare } from './care.js';
import { benchSms } from './sms.js';
import { benchTeam } from './team.js';
import { benchFuzz, FUZZ_BENCH_RUNS } from './fuzz.js';
import { peakRssMb, startBench, fmt } from './support.js';
import { benchBundles } from './bundles.js';
import { renderResults, saveResults, thisCommit, thisMachine, type BenchReport, type Section } from './results.js';

// `npm run bench [-- name... [--orphans N]]`: runs the benchmarks against one DynamoDB Local and
// prints their figures. `--orphans N` sizes the month (default 75,000). A full run (no names) also
// writes bench/RESULTS.md; a run of some benchmarks only prints, and leaves the file as it is.

type Options = { orphans?: number };
const BENCHES: Record<string, (bench: Awaited<ReturnType<typeof startBench>>, options: Options) => Promise<BenchReport>> = {
  'upsert-customers': benchUpsertCustomers,
  approval: benchApproval,
  'my-customers': benchMyCustomers,
  inbound: benchInbound,
  care: benchCare,
  sms: benchSms,
  team: benchTeam,
  fuzz: benchFuzz,
  month: benchMonth,
};

/** Benchmarks that need no DynamoDB Local. */
const STANDALONE: Record<string, () => Promise<BenchReport>> = {
  bundles: benchBundles,
};

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = 'bench/RESULTS.md';

const wanted = process.argv.slice(2).filter((a) => a !== '--');
const options: Options = {};
const at = wanted.indexOf('--orphans');
if (at >= 0) {
  const n = Number(wanted[at + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--orphans needs a positive whole number (got ${wanted[at + 1]})`);
  options.orphans = n;
  wanted.splice(at, 2);
}
const unknown = wanted.filter((w) => !(w in BENCHES) && !(w in STANDALONE));
if (unknown.length) throw new Error(`unknown benchmark(s) ${unknown.join(', ')}; known: ${[...Object.keys(BENCHES), ...Object.keys(STANDALONE)].join(', ')}`);

const date = new Date();
const machine = thisMachine();
const commit = thisCommit(ROOT, RESULTS);
const sections: Section[] = [];
const timed = async (name: string, run: () => Promise<BenchReport>) => {
  const started = performance.now();
  const report = await run();
  const seconds = (performance.now() - started) / 1000;
  sections.push({ bench: name, seconds, ...report });
  console.log(`(${name} took ${fmt(seconds, 1)} s)`);
};

for (const [name, run] of Object.entries(STANDALONE)) if (!wanted.length || wanted.includes(name)) await timed(name, run);
if (!wanted.length || wanted.some((w) => w in BENCHES)) {
  const bench = await startBench();
  try {
    for (const [name, run] of Object.entries(BENCHES)) {
      if (wanted.length && !wanted.includes(name)) continue;
      await timed(name, () => run(bench, options));
    }
  } finally {
    await bench.stop();
  }
}
console.log(`peak RSS of the benchmark process: ${fmt(peakRssMb())} MB`);

const env = (name: string, fallback: number) => (process.env[name] ? `${fmt(Number(process.env[name]))} (${name})` : `${fmt(fallback)} (default)`);
const markdown = renderResults(
  {
    date,
    commit,
    machine,
    options: {
      'month orphans': options.orphans === undefined ? `${fmt(75_000)} (default)` : `${fmt(options.orphans)} (--orphans)`,
      'fuzz cases': env('FUZZ_RUNS', FUZZ_BENCH_RUNS),
      'care customers': env('CARE_BENCH_CUSTOMERS', 100_000),
      'sms texts': env('BENCH_SMS_TEXTS', 10_000),
    },
    notes: [`peak RSS of the benchmark process: ${fmt(peakRssMb())} MB`],
  },
  sections,
);
const complete = Object.keys({ ...STANDALONE, ...BENCHES }).every((name) => sections.some((s) => s.bench === name));
const saved = saveResults(join(ROOT, RESULTS), markdown, { complete });
console.log(saved === 'written' ? `wrote ${RESULTS}` : `${RESULTS} left as it was: only a full run (no benchmark names) writes it`);

import { benchApproval } from './approval.js';
import { benchMonth } from './month.js';
import { benchMyCustomers } from './my-customers.js';
import { benchInbound } from './inbound.js';
import { benchUpsertCustomers } from './upsert-customers.js';
import { benchCare } from './care.js';
import { benchSms } from './sms.js';
import { benchTeam } from './team.js';
import { peakRssMb, startBench, fmt } from './support.js';
import { benchBundles } from './bundles.js';

// `npm run bench [-- name... [--orphans N]]`: runs the benchmarks against one DynamoDB Local and
// prints their figures. `--orphans N` sizes the month (default 75,000).

type Options = { orphans?: number };
const BENCHES: Record<string, (bench: Awaited<ReturnType<typeof startBench>>, options: Options) => Promise<void>> = {
  'upsert-customers': benchUpsertCustomers,
  approval: benchApproval,
  'my-customers': benchMyCustomers,
  inbound: benchInbound,
  care: benchCare,
  sms: benchSms,
  team: benchTeam,
  month: benchMonth,
};

/** Benchmarks that need no DynamoDB Local. */
const STANDALONE: Record<string, () => Promise<void>> = {
  bundles: benchBundles,
};

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
for (const [name, run] of Object.entries(STANDALONE)) if (!wanted.length || wanted.includes(name)) await run();
if (!wanted.length || wanted.some((w) => w in BENCHES)) {
  const bench = await startBench();
  try {
    for (const [name, run] of Object.entries(BENCHES)) {
      if (wanted.length && !wanted.includes(name)) continue;
      await run(bench, options);
    }
  } finally {
    await bench.stop();
  }
}
console.log(`peak RSS of the benchmark process: ${fmt(peakRssMb())} MB`);

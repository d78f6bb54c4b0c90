import { benchApproval } from './approval.js';
import { benchMyCustomers } from './my-customers.js';
import { benchInbound } from './inbound.js';
import { benchUpsertCustomers } from './upsert-customers.js';
import { benchCare } from './care.js';
import { benchSms } from './sms.js';
import { benchTeam } from './team.js';
import { peakRssMb, startBench, fmt } from './support.js';
import { benchBundles } from './bundles.js';

// `npm run bench [-- name...]`: runs the benchmarks against one DynamoDB Local and prints their figures.

const BENCHES: Record<string, (bench: Awaited<ReturnType<typeof startBench>>) => Promise<void>> = {
  'upsert-customers': benchUpsertCustomers,
  approval: benchApproval,
  'my-customers': benchMyCustomers,
  inbound: benchInbound,
  care: benchCare,
  sms: benchSms,
  team: benchTeam,
};

/** Benchmarks that need no DynamoDB Local. */
const STANDALONE: Record<string, () => Promise<void>> = {
  bundles: benchBundles,
};

const wanted = process.argv.slice(2).filter((a) => a !== '--');
const unknown = wanted.filter((w) => !(w in BENCHES) && !(w in STANDALONE));
if (unknown.length) throw new Error(`unknown benchmark(s) ${unknown.join(', ')}; known: ${[...Object.keys(BENCHES), ...Object.keys(STANDALONE)].join(', ')}`);
for (const [name, run] of Object.entries(STANDALONE)) if (!wanted.length || wanted.includes(name)) await run();
if (!wanted.length || wanted.some((w) => w in BENCHES)) {
  const bench = await startBench();
  try {
    for (const [name, run] of Object.entries(BENCHES)) {
      if (wanted.length && !wanted.includes(name)) continue;
      await run(bench);
    }
  } finally {
    await bench.stop();
  }
}
console.log(`peak RSS of the benchmark process: ${fmt(peakRssMb())} MB`);

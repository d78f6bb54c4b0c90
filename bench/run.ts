import { benchApproval } from './approval.js';
import { benchMonth } from './month.js';
import { benchMyCustomers } from './my-customers.js';
import { benchInbound } from './inbound.js';
import { benchUpsertCustomers } from './upsert-customers.js';
import { benchSms } from './sms.js';
import { benchTeam } from './team.js';
import { peakRssMb, startBench, fmt } from './support.js';

// `npm run bench [-- name... [--orphans N]]`: runs the benchmarks against one DynamoDB Local and
// prints their figures. `--orphans N` sizes the month (default 75,000).

type Options = { orphans?: number };
const BENCHES: Record<string, (bench: Awaited<ReturnType<typeof startBench>>, options: Options) => Promise<void>> = {
  'upsert-customers': benchUpsertCustomers,
  approval: benchApproval,
  'my-customers': benchMyCustomers,
  inbound: benchInbound,
  month: benchMonth,
  sms: benchSms,
  team: benchTeam,
};

const args = process.argv.slice(2).filter((a) => a !== '--');
const options: Options = {};
const at = args.indexOf('--orphans');
if (at >= 0) {
  const n = Number(args[at + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--orphans needs a positive whole number (got ${args[at + 1]})`);
  options.orphans = n;
  args.splice(at, 2);
}
const wanted = args;
const bench = await startBench();
try {
  for (const [name, run] of Object.entries(BENCHES)) {
    if (wanted.length && !wanted.includes(name)) continue;
    await run(bench, options);
  }
  console.log(`peak RSS of the benchmark process: ${fmt(peakRssMb())} MB`);
} finally {
  await bench.stop();
}

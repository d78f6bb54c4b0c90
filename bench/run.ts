import { benchApproval } from './approval.js';
import { benchMyCustomers } from './my-customers.js';
import { benchInbound } from './inbound.js';
import { benchUpsertCustomers } from './upsert-customers.js';
import { benchSms } from './sms.js';
import { benchTeam } from './team.js';
import { peakRssMb, startBench, fmt } from './support.js';

// `npm run bench [-- name...]`: runs the benchmarks against one DynamoDB Local and prints their figures.

const BENCHES: Record<string, (bench: Awaited<ReturnType<typeof startBench>>) => Promise<void>> = {
  'upsert-customers': benchUpsertCustomers,
  approval: benchApproval,
  'my-customers': benchMyCustomers,
  inbound: benchInbound,
  sms: benchSms,
  team: benchTeam,
};

const wanted = process.argv.slice(2).filter((a) => a !== '--');
const bench = await startBench();
try {
  for (const [name, run] of Object.entries(BENCHES)) {
    if (wanted.length && !wanted.includes(name)) continue;
    await run(bench);
  }
  console.log(`peak RSS of the benchmark process: ${fmt(peakRssMb())} MB`);
} finally {
  await bench.stop();
}

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  BUNDLE_BUDGET_BYTES,
  budgetOf,
  buildLambdaBundle,
  contributors,
  lambdaEntries,
  PAGE_ASSETS_BUDGET_BYTES,
  pageAssets,
  useCasesIn,
  type LambdaBundle,
} from '../infra/bundles.js';
import { PROJECT_ROOT } from '../infra/function-settings.js';
import { SmsTemplate } from '../lib/domain/sms.js';
import type { BenchReport, Figure } from './results.js';

// `npm run bench -- bundles`: builds every Lambda (functions/lambda/*.ts) with the stack's esbuild
// options (infra/bundles.ts) and prints, per Lambda, its minified and gzip size, what fills it, the
// use cases it holds, and its median cold import time over 5 fresh `node` processes, beside the
// import time of the AWS SDK packages it loads (external, from the Lambda runtime) measured the same way.

const RUNS = 5;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

/** What a composition root reads at cold start (functions/env.ts); placeholders, nothing is called. */
const LAMBDA_ENV = {
  AWS_REGION: 'ap-east-1',
  AWS_LAMBDA_FUNCTION_NAME: 'foster-bench',
  TABLE_NAME: 'foster-bench',
  SCHEDULE_GROUP: 'foster-bench',
  SCHEDULED_TARGET_ARN: 'arn:aws:lambda:ap-east-1:000000000000:function:foster-bench-scheduled',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/foster-bench-scheduler',
  SCHEDULER_DLQ_ARN: 'arn:aws:sqs:ap-east-1:000000000000:foster-bench-scheduler-dlq',
  USER_POOL_ID: 'ap-east-1_foster',
  DEPARTURE_JOB_FUNCTION: 'foster-bench-departure-job',
  CALLBACK_TOKEN_SECRET: 'arn:aws:secretsmanager:ap-east-1:000000000000:secret:foster-bench-callback-token',
  // The outbox-tencent variant refuses to load without its provider settings.
  TENCENT_SMS_APP_ID: '1400000000',
  TENCENT_SMS_SIGN_NAME: 'foster',
  TENCENT_SMS_TEMPLATES: JSON.stringify(Object.fromEntries(SmsTemplate.options.map((t, i) => [t, String(2_000_000 + i)]))),
  TENCENT_CREDENTIALS_SECRET: 'arn:aws:secretsmanager:ap-east-1:000000000000:secret:foster-bench-tencent',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Median wall and CPU milliseconds `import()` of `specifiers` takes in a fresh node process, over RUNS
 * processes. CPU time (user + system) moves far less than wall time on a busy machine.
 */
function coldImportMs(specifiers: string[]): { wall: number; cpu: number } {
  const script = `const t = performance.now(); const c = process.cpuUsage(); ${specifiers.map((s) => `await import(${JSON.stringify(s)});`).join(' ')} const u = process.cpuUsage(c); process.stdout.write(JSON.stringify([performance.now() - t, (u.user + u.system) / 1000]));`;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '--eval', script], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...LAMBDA_ENV },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const [w, c] = JSON.parse(out.toString()) as [number, number];
    wall.push(w);
    cpu.push(c);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

const timing = (t: { wall: number; cpu: number }) => `${ms(t.wall)} wall, ${ms(t.cpu)} CPU`;

/** The `@aws-sdk/*` packages a bundle imports (external: the Lambda runtime provides them). */
function sdkImports(bundle: LambdaBundle): string[] {
  const output = Object.values(bundle.metafile.outputs).find((o) => o.entryPoint);
  return [...new Set((output?.imports ?? []).filter((i) => i.external && i.path.startsWith('@aws-sdk/')).map((i) => i.path))].sort();
}

export async function benchBundles(): Promise<BenchReport> {
  console.log(`\n== Lambda bundles (minified, @aws-sdk/* external; budget ${kb(BUNDLE_BUDGET_BYTES)}), node ${process.version}`);
  const reference = ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'];
  const sdkAlone = coldImportMs(reference);
  console.log(`AWS SDK reference: import of ${reference.join(' + ')} alone, median of ${RUNS} fresh processes: ${timing(sdkAlone)}`);

  const over: string[] = [];
  const figures: Figure[] = [];
  for (const lambda of lambdaEntries()) {
    const bundle = await buildLambdaBundle(lambda);
    const file = join(PROJECT_ROOT, 'cdk.out', 'bench-bundles', lambda.name, 'index.mjs');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bundle.code);
    const sdk = sdkImports(bundle);
    const cold = coldImportMs([pathToFileURL(file).href]);
    const sdkCold = sdk.length ? coldImportMs(sdk) : { wall: 0, cpu: 0 };
    const budget = budgetOf(lambda.name);
    const size = bundle.code.length;
    const top = contributors(bundle).slice(0, 6);

    const status =
      size <= BUNDLE_BUDGET_BYTES ? 'within budget' : size <= budget.maxBytes ? `over the shared budget, within its allowance: ${budget.why}` : 'OVER BUDGET';
    console.log(`\n${lambda.name}: ${kb(size)} minified, ${kb(gzipSync(bundle.code).length)} gzip, ${status}`);
    console.log(
      `  cold import (median of ${RUNS}): ${timing(cold)}; its AWS SDK packages alone (${sdk.map((s) => s.slice('@aws-sdk/'.length)).join(', ') || 'none'}): ${timing(sdkCold)}`,
    );
    console.log(`  largest: ${top.map((c) => `${c.source} ${kb(c.bytes)}`).join(', ')}`);
    console.log(
      `  use cases: ${
        useCasesIn(bundle)
          .map((u) => (u.bytes < 100 ? `${u.useCase} (${u.bytes} B of constants)` : u.useCase))
          .join(', ') || 'none'
      }`,
    );
    figures.push(
      {
        name: `${lambda.name}: minified size`,
        value: size / 1024,
        unit: 'KB',
        digits: 1,
        budget: budget.maxBytes / 1024,
        detail: `${kb(gzipSync(bundle.code).length)} gzip${budget.maxBytes > BUNDLE_BUDGET_BYTES ? `; allowance: ${budget.why}` : ''}`,
      },
      {
        name: `${lambda.name}: cold import, median wall`,
        value: cold.wall,
        unit: 'ms',
        reference: {
          name: `its AWS SDK packages alone (${sdk.map((s) => s.slice('@aws-sdk/'.length)).join(', ') || 'none'})`,
          value: sdkCold.wall,
          unit: 'ms',
        },
        detail: `${ms(cold.cpu)} CPU; SDK alone ${ms(sdkCold.cpu)} CPU`,
      },
    );
    if (size > budget.maxBytes) {
      const reason = `${lambda.name} is ${kb(size)}, over ${kb(budget.maxBytes)}: ${top
        .slice(0, 3)
        .map((c) => `${c.source} ${kb(c.bytes)}`)
        .join(', ')}`;
      over.push(reason);
      console.log(`  OVER BUDGET because ${reason}`);
    }
  }
  const assets = pageAssets();
  const assetBytes = assets.reduce((n, a) => n + a.bytes, 0);
  const assetGzip = assets.reduce((n, a) => n + a.gzipBytes, 0);
  console.log(
    `\ndashboard page assets (served by api-team beside its bundle; own budget ${kb(PAGE_ASSETS_BUDGET_BYTES)}): ${kb(assetBytes)} minified, ${kb(assetGzip)} gzip, ${
      assetBytes <= PAGE_ASSETS_BUDGET_BYTES ? 'within budget' : 'OVER BUDGET'
    } (${assets.map((a) => `${a.name} ${kb(a.bytes)}, ${kb(a.gzipBytes)} gzip`).join('; ')})`,
  );
  if (assetBytes > PAGE_ASSETS_BUDGET_BYTES) over.push(`dashboard page assets are ${kb(assetBytes)}, over ${kb(PAGE_ASSETS_BUDGET_BYTES)}`);
  console.log(
    over.length ? `\n${over.length} bundle(s) over budget (test/infra/bundles.test.ts fails):\n  ${over.join('\n  ')}` : '\nevery bundle within its budget',
  );
  figures.push({
    name: 'dashboard page assets (served by api-team)',
    value: assetBytes / 1024,
    unit: 'KB',
    digits: 1,
    budget: PAGE_ASSETS_BUDGET_BYTES / 1024,
    detail: `${kb(assetGzip)} gzip`,
  });
  return {
    title: `Every Lambda built with the stack's esbuild options (minified, @aws-sdk/* external); cold import is the median of ${RUNS} fresh node processes.`,
    figures,
    notes: [`AWS SDK reference: import of ${reference.join(' + ')} alone: ${timing(sdkAlone)}`],
  };
}

if (process.argv[1] === new URL(import.meta.url).pathname) await benchBundles();

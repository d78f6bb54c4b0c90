import { readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { ASSET_NAMES } from '../functions/dashboard/assets.js';
import { buildDashboardAssets } from '../functions/dashboard/build.js';
import { ENTRY_DIR, PROJECT_ROOT, functionSettings, outboxBundling } from './function-settings.js';

// The Lambda bundles exactly as the stack builds them, without synthesizing it: the esbuild options
// are translated from the one bundling settings object (function-settings.ts) the way aws-cdk-lib's
// NodejsFunction turns them into esbuild arguments, so the size budget (test/infra/bundles.test.ts)
// and the benchmark (bench/bundles.ts) measure what is deployed. test/infra/bundles.test.ts checks
// one bundle byte for byte against a NodejsFunction synthesized with the same settings.

/** Minified size budget of each Lambda bundle, `@aws-sdk/*` external. */
export const BUNDLE_BUDGET_BYTES = 200 * 1024;

/**
 * Lambdas allowed past the budget, and why. Only a provider's official SDK earns a place here,
 * and only in the one function that sends (it is reported on its own line by the benchmark).
 */
export const BUNDLE_ALLOWANCES: Readonly<Record<string, { readonly maxBytes: number; readonly why: string }>> = {
  // Tencent Cloud's SMS SDK (tencentcloud-sdk-nodejs-sms, about 550 KB bundled) will send texts from
  // the outbox function and nowhere else; nothing in it can be tree-shaken away.
  'outbox-tencent': { maxBytes: 800 * 1024, why: 'Tencent Cloud SMS SDK (about 550 KB bundled), used only by the sending function' },
};

/**
 * Minified size budget of the dashboard page's assets together (its script, Chart.js included, and
 * its style): files the team function serves beside its bundle (infra/dashboard-sign-in.ts copies
 * them into the bundle's dashboard/ folder), loaded once per page version by a browser, gzip-encoded.
 * They count here, not in the team function's 200 KB: its code never imports them.
 */
export const PAGE_ASSETS_BUDGET_BYTES = 250 * 1024;

/** The dashboard's script and style as the team function serves them, built as at synth (functions/dashboard/build.ts). */
export function pageAssets(): { name: string; bytes: number; gzipBytes: number }[] {
  const assets = buildDashboardAssets();
  return ASSET_NAMES.map((name) => {
    const code = Buffer.from(assets[name]);
    return { name, bytes: code.length, gzipBytes: gzipSync(code).length };
  });
}

/** The budget that applies to a Lambda: its allowance if it has one, else the shared budget. */
export function budgetOf(lambda: string): { maxBytes: number; why?: string } {
  return BUNDLE_ALLOWANCES[lambda] ?? { maxBytes: BUNDLE_BUDGET_BYTES };
}

/** A Lambda bundle to measure: a composition root, with the bundling the stack adds for it. */
export interface LambdaEntry {
  readonly name: string;
  readonly entry: string;
  /** Bundling beyond the shared settings, as the stack gives this function. */
  readonly bundling?: Pick<BundlingOptions, 'define'>;
  /** A build the default deployment does not deploy (another deployment setting's). */
  readonly variant?: string;
}

/**
 * Every Lambda composition root (functions/lambda/<name>.ts, named by <name>) as the default
 * deployment builds it, and the outbox once more per other SMS provider (`outbox-<provider>`): the
 * stack builds the outbox for the deployment's one provider (infra/function-settings.ts outboxBundling).
 */
export function lambdaEntries(): LambdaEntry[] {
  return readdirSync(ENTRY_DIR)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .flatMap((f): LambdaEntry[] => {
      const name = basename(f, '.ts');
      const entry = join(ENTRY_DIR, f);
      if (name !== 'outbox') return [{ name, entry }];
      return [
        { name, entry, bundling: outboxBundling('sns') },
        { name: 'outbox-tencent', entry, bundling: outboxBundling('tencent'), variant: 'sms.provider tencent' },
      ];
    });
}

/** The bundling settings the stack gives every function. */
export function stackBundling(): BundlingOptions {
  const bundling = functionSettings({ environment: {} }).props.bundling;
  if (!bundling) throw new Error('function-settings.ts has no bundling settings');
  return bundling;
}

const HANDLED = new Set<keyof BundlingOptions>([
  'format',
  'target',
  'minify',
  'sourceMap',
  'sourcesContent',
  'mainFields',
  'externalModules',
  'banner',
  'tsconfig',
  'forceDockerBundling',
  'logLevel',
  'esbuildArgs',
  'define',
  'keepNames',
  'footer',
]);

/**
 * The esbuild options NodejsFunction derives from `bundling` (aws-cdk-lib's Bundling.buildEsbuildArgs).
 * A setting this does not translate throws, so the budget can never silently measure another build.
 */
export function esbuildOptions(bundling: BundlingOptions = stackBundling()): BuildOptions {
  const unknown = Object.keys(bundling).filter((k) => !HANDLED.has(k as keyof BundlingOptions));
  if (unknown.length) throw new Error(`infra/bundles.ts does not translate the bundling setting(s) ${unknown.join(', ')}: add them to esbuildOptions()`);
  const options: BuildOptions = {
    bundle: true,
    platform: 'node',
    target: bundling.target,
    format: bundling.format === OutputFormat.ESM ? 'esm' : 'cjs',
    minify: bundling.minify ?? false,
    sourcemap: bundling.sourceMap ? 'linked' : false,
    sourcesContent: bundling.sourcesContent ?? true,
    mainFields: bundling.mainFields ? [...bundling.mainFields] : undefined,
    external: [...(bundling.externalModules ?? ['@aws-sdk/*'])],
    banner: bundling.banner ? { js: bundling.banner } : undefined,
    footer: bundling.footer ? { js: bundling.footer } : undefined,
    define: bundling.define ? { ...bundling.define } : undefined,
    keepNames: bundling.keepNames,
    tsconfig: bundling.tsconfig,
    logLevel: 'warning',
  };
  for (const [arg, value] of Object.entries(bundling.esbuildArgs ?? {})) {
    if (arg === '--charset' && (value === 'utf8' || value === 'ascii')) options.charset = value;
    else throw new Error(`infra/bundles.ts does not translate the esbuild argument ${arg}=${String(value)}: add it to esbuildOptions()`);
  }
  return options;
}

export interface LambdaBundle {
  readonly name: string;
  /** The minified bundle, as deployed (index.mjs). */
  readonly code: Uint8Array;
  readonly metafile: Metafile;
}

/** Builds one Lambda's bundle in memory with the stack's options. */
export async function buildLambdaBundle(
  lambda: LambdaEntry,
  options: BuildOptions = esbuildOptions({ ...stackBundling(), ...lambda.bundling }),
): Promise<LambdaBundle> {
  const outfile = join(PROJECT_ROOT, 'cdk.out', 'bundles', lambda.name, options.format === 'esm' ? 'index.mjs' : 'index.js');
  const result = await build({ ...options, entryPoints: [lambda.entry], outfile, write: false, metafile: true, absWorkingDir: PROJECT_ROOT });
  const code = result.outputFiles.find((f) => f.path === outfile);
  if (!code) throw new Error(`esbuild wrote no ${outfile} for ${lambda.name}`);
  return { name: lambda.name, code: code.contents, metafile: result.metafile };
}

/** Bytes in the bundle per source, grouped by package (`zod`, `@aws-lambda-powertools/logger`) or by folder of this repository (`lib/domain`). */
export function contributors(bundle: LambdaBundle): { source: string; bytes: number }[] {
  const output = Object.values(bundle.metafile.outputs).find((o) => o.entryPoint);
  const totals = new Map<string, number>();
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const source = pkg ? pkg[1]! : relative('.', path).split('/').slice(0, 2).join('/');
    totals.set(source, (totals.get(source) ?? 0) + input.bytesInOutput);
  }
  return [...totals].map(([source, bytes]) => ({ source, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** The use-case modules (lib/use-cases/<capability>/<case>.ts) with code in the bundle, and their bytes. */
export function useCasesIn(bundle: LambdaBundle): { useCase: string; bytes: number }[] {
  const output = Object.values(bundle.metafile.outputs).find((o) => o.entryPoint);
  return Object.entries(output?.inputs ?? {})
    .filter(([path, input]) => path.startsWith('lib/use-cases/') && !path.startsWith('lib/use-cases/shared/') && input.bytesInOutput > 0)
    .map(([path, input]) => ({ useCase: path.slice('lib/use-cases/'.length, -'.ts'.length), bytes: input.bytesInOutput }))
    .sort((a, b) => a.useCase.localeCompare(b.useCase));
}

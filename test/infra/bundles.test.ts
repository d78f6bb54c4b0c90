import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_GROUPS } from '../../functions/http/routes.js';
import {
  BUNDLE_ALLOWANCES,
  BUNDLE_BUDGET_BYTES,
  budgetOf,
  buildLambdaBundle,
  contributors,
  esbuildOptions,
  lambdaEntries,
  PAGE_ASSETS_BUDGET_BYTES,
  pageAssets,
  stackBundling,
  useCasesIn,
  type LambdaBundle,
} from '../../infra/bundles.js';
import { functionSettings } from '../../infra/function-settings.js';

// Lean bundles: every Lambda within 200 KB minified with the AWS SDK external (a smaller bundle
// loads faster at cold start), each bundling only the use cases it serves. bench/bundles.ts prints
// the same figures with gzip sizes and cold import times.

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

let bundles: LambdaBundle[];

beforeAll(async () => {
  bundles = [];
  for (const lambda of lambdaEntries()) bundles.push(await buildLambdaBundle(lambda));
}, 120_000);

describe('Lambda bundles', () => {
  it('builds one bundle per composition root in functions/lambda, every function of both stacks among them', () => {
    // test/infra/stacks.test.ts checks the other way round: every bundle the stacks deploy is one of these, byte for byte.
    const expected = [
      ...HANDLER_GROUPS.map((g) => `api-${g}`),
      'departure-job',
      'inbound-sms',
      'migrate',
      'outbox',
      'outbox-tencent',
      'scheduled',
      'staff-token',
    ];
    expect(bundles.map((b) => b.name).sort()).toEqual(expected.sort());
  });

  it('bundles each optional Store part in every Lambda that calls one of its methods, and in no other', () => {
    // The parts a composition root names (lib/adapters/dynamodb/store.ts StoreParts): a call to a part
    // left out would find no method at run time. A part is in a bundle when its method definitions are.
    const parts = {
      bulk: { methods: ['chooseAgents', 'preAssignedOf'], marker: 'async chooseAgents(' },
      jobs: { methods: ['countCustomersOfAgent', 'createJob', 'getJob', 'claimJob', 'jobProgress', 'finishJob'], marker: 'async claimJob(' },
      reminders: { methods: ['retryRemindersOn', 'queueNewSms', 'hasRun', 'markRun'], marker: 'async retryRemindersOn(' },
    };
    const text = (b: LambdaBundle) => Buffer.from(b.code).toString('utf8');
    for (const b of bundles) {
      for (const [part, { methods, marker }] of Object.entries(parts)) {
        const calls = methods.some((m) => text(b).includes(`.${m}(`));
        expect({ bundle: b.name, part, bundled: text(b).includes(marker) }).toEqual({ bundle: b.name, part, bundled: calls });
      }
    }
    expect(text(bundles.find((b) => b.name === 'api-assignments')!)).toContain('.chooseAgents(');
  });

  it('keeps every Lambda within 200 KB minified, except the named allowances', () => {
    const over = bundles
      .filter((b) => b.code.length > budgetOf(b.name).maxBytes)
      .map((b) => {
        const top = contributors(b)
          .slice(0, 5)
          .map((c) => `${c.source} ${kb(c.bytes)}`)
          .join(', ');
        return `${b.name}: ${kb(b.code.length)} > ${kb(budgetOf(b.name).maxBytes)} (largest: ${top})`;
      });
    expect(over, 'see `npm run bench -- bundles` for what each bundle holds').toEqual([]);
  });

  it('allows more only to existing Lambdas, each with its reason, and never to an API Lambda', () => {
    const names = bundles.map((b) => b.name);
    for (const [name, allowance] of Object.entries(BUNDLE_ALLOWANCES)) {
      expect(names).toContain(name);
      expect(name).not.toMatch(/^api-/);
      expect(allowance.why.length).toBeGreaterThan(20);
      expect(allowance.maxBytes).toBeGreaterThan(BUNDLE_BUDGET_BYTES);
    }
  });

  it('bundles the sending use case only in the outbox function, and nothing but outbox use cases there', () => {
    for (const b of bundles) {
      const useCases = useCasesIn(b).map((u) => u.useCase);
      if (b.name === 'outbox' || b.name.startsWith('outbox-')) {
        expect(useCases.length).toBeGreaterThan(0);
        expect(useCases.filter((u) => !u.startsWith('outbox/'))).toEqual([]);
      } else {
        // A module-level constant may survive tree shaking; the use case's code may not.
        // (Delivery receipts, outbox/delivery-receipts, are recorded by the callbacks function: it sends nothing.)
        expect(useCasesIn(b).filter((u) => u.useCase === 'outbox/drain-outbox' && u.bytes > 100)).toEqual([]);
      }
    }
  });

  it('holds the Tencent Cloud SDK only in the Tencent build of the outbox, and SNS texting only in the SNS one', () => {
    const holds = (b: LambdaBundle, source: string) => contributors(b).some((c) => c.source.startsWith(source) && c.bytes > 0);
    for (const b of bundles) expect(holds(b, 'tencentcloud-sdk-nodejs'), b.name).toBe(b.name === 'outbox-tencent');
    const snsImports = (b: LambdaBundle) => Buffer.from(b.code).toString('utf8').includes('@aws-sdk/client-sns');
    expect(bundles.filter(snsImports).map((b) => b.name)).toEqual(['outbox']);
  });

  it("bundles each API Lambda's own route handlers and no other group's", () => {
    for (const group of HANDLER_GROUPS) {
      const bundle = bundles.find((b) => b.name === `api-${group}`)!;
      const inputs = Object.keys(Object.values(bundle.metafile.outputs).find((o) => o.entryPoint)!.inputs);
      const handlerModules = inputs.filter((p) => /^functions\/http\/[\w-]+\.ts$/.test(p) && HANDLER_GROUPS.some((g) => p === `functions/http/${g}.ts`));
      expect(handlerModules).toEqual([`functions/http/${group}.ts`]);
    }
  });
});

describe('dashboard page assets', () => {
  it('keeps the script and style the team function serves within their own 250 KB budget', () => {
    const assets = pageAssets();
    expect(assets.map((a) => a.name)).toEqual(['app.js', 'app.css']);
    for (const a of assets) expect(a.bytes).toBeGreaterThan(0);
    const total = assets.reduce((n, a) => n + a.bytes, 0);
    expect(total, assets.map((a) => `${a.name} ${kb(a.bytes)}`).join(', ')).toBeLessThanOrEqual(PAGE_ASSETS_BUDGET_BYTES);
  });

  it("leaves the page assets out of the team function's bundle, which only reads them from its folder", () => {
    const team = bundles.find((b) => b.name === 'api-team')!;
    const inputs = Object.keys(Object.values(team.metafile.outputs).find((o) => o.entryPoint)!.inputs);
    expect(inputs.filter((p) => p.includes('chart.js') || p.startsWith('functions/dashboard/client/') || p === 'functions/dashboard/build.ts')).toEqual([]);
  });
});

describe('esbuildOptions', () => {
  it('refuses a bundling setting it does not translate, so the budget never measures another build', () => {
    expect(() => esbuildOptions({ ...stackBundling(), nodeModules: ['sharp'] })).toThrow(/nodeModules/);
    expect(() => esbuildOptions({ ...stackBundling(), esbuildArgs: { '--pure': 'console.log' } })).toThrow(/--pure/);
  });

  describe('against a synthesized NodejsFunction', () => {
    let outdir: string;
    beforeAll(() => {
      outdir = mkdtempSync(join(tmpdir(), 'foster-bundle-'));
    });
    afterAll(() => rmSync(outdir, { recursive: true, force: true }));

    it('builds the same bytes NodejsFunction deploys with the stack settings', async () => {
      const lambda = lambdaEntries().find((l) => l.name === 'scheduled')!;
      const app = new App({ outdir });
      const stack = new Stack(app, 'BundleCheck');
      new NodejsFunction(stack, 'Fn', { ...functionSettings({ environment: {} }).props, entry: lambda.entry });
      app.synth();
      const asset = readdirSync(outdir).find((d) => d.startsWith('asset.') && readdirSync(join(outdir, d)).includes('index.mjs'));
      expect(asset).toBeDefined();
      const deployed = readFileSync(join(outdir, asset!, 'index.mjs'));

      const built = await buildLambdaBundle(lambda);

      expect(Buffer.from(built.code).equals(deployed)).toBe(true);
    }, 120_000);
  });
});

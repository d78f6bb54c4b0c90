import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { AssetStaging } from 'aws-cdk-lib';
import { PROJECT_ROOT } from './function-settings.js';

// What a Lambda's code calls, read from its bundle: the AWS SDK stays outside the bundle
// (`@aws-sdk/*` external), so every SDK class the code uses appears as a named import from an
// `@aws-sdk/...` module in index.mjs. Each command class becomes the IAM action it needs, found
// from the SDK itself (the client's signing name is the IAM service prefix; a document-client
// command names the low-level command it wraps), never from a list kept by hand. The stack grants
// exactly these actions (infra/stateless-stack.ts) and the infra tests check the templates against them.

/** One named import from an AWS SDK module. */
export interface SdkImport {
  readonly module: string;
  readonly name: string;
}

const requireFromProject = createRequire(join(PROJECT_ROOT, 'package.json'));

/**
 * The named imports from `@aws-sdk/*` modules in an ESM bundle. A namespace, default or dynamic
 * import of the SDK would hide what is called, so it is refused.
 *
 * @example
 * sdkImportsOf('import{PutCommand as a}from"@aws-sdk/lib-dynamodb";') // [{ module: '@aws-sdk/lib-dynamodb', name: 'PutCommand' }]
 */
export function sdkImportsOf(bundle: string): SdkImport[] {
  const found: SdkImport[] = [];
  const named = /import\s*\{([^}]*)\}\s*from\s*["'](@aws-sdk\/[^"']+)["']/g;
  for (const match of bundle.matchAll(named)) {
    for (const part of match[1]!.split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)[0]!
        .trim();
      if (name) found.push({ module: match[2]!, name });
    }
  }
  const every = [...bundle.matchAll(/(?:from\s*|import\s*\(\s*|import\s*)["'](@aws-sdk\/[^"']+)["']/g)].length;
  const namedCount = [...bundle.matchAll(named)].length;
  if (every !== namedCount) {
    throw new Error('a bundle imports the AWS SDK other than by named imports (namespace, default, bare or dynamic): its calls cannot be read from it');
  }
  return found;
}

function loadModule(module: string): Record<string, unknown> {
  return requireFromProject(module) as Record<string, unknown>;
}

/** The IAM service prefix of an SDK client package: the name its requests are signed with. */
export function iamServiceOf(clientModule: string): string {
  const exports = loadModule(clientModule);
  const clientName = Object.keys(exports).find(
    (k) => /^[A-Z]\w*Client$/.test(k) && typeof exports[k] === 'function' && 'send' in ((exports[k] as { prototype?: object }).prototype ?? {}),
  );
  if (!clientName) throw new Error(`${clientModule} exports no client`);
  const Client = exports[clientName] as new (config: object) => {
    config: { httpAuthSchemeProvider(params: object): { signingProperties?: { name?: string } }[] };
    destroy(): void;
  };
  // Only the client's configuration is read, never a request sent: its Node-version warning is noise here.
  const quiet = process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  let client: InstanceType<typeof Client>;
  try {
    client = new Client({ region: 'us-east-1' });
  } finally {
    if (quiet === undefined) delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    else process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = quiet;
  }
  try {
    const name = client.config.httpAuthSchemeProvider({ operation: 'Any', region: 'us-east-1' })[0]?.signingProperties?.name;
    if (!name) throw new Error(`${clientModule}: no signing name`);
    return name;
  } finally {
    client.destroy();
  }
}

/** True for a class whose instances have operation methods (an aggregated client such as `SNS` or `DynamoDBDocument`). */
function isAggregatedClient(value: unknown): boolean {
  if (typeof value !== 'function') return false;
  const proto = (value as { prototype?: object }).prototype;
  if (!proto || !('send' in proto)) return false;
  return Object.getOwnPropertyNames(proto).some((m) => /^[a-z]/.test(m) && !['constructor', 'send', 'destroy'].includes(m));
}

/** SDK operations whose IAM action has another name (Lambda's `Invoke` API is the `lambda:InvokeFunction` action). */
const IAM_ACTION_OF: Readonly<Record<string, string>> = { 'lambda:Invoke': 'lambda:InvokeFunction' };

/**
 * Actions an operation needs beyond its own: IAM authorises each item of a DynamoDB transaction as
 * the single-item action it is (a Put as dynamodb:PutItem, a ConditionCheck as
 * dynamodb:ConditionCheckItem; "Using IAM with DynamoDB transactions" in the DynamoDB guide). The
 * bundle does not say which kinds of items its transactions hold, so a transaction gets them all.
 */
const IMPLIED_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'dynamodb:TransactWriteItems': ['dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  'dynamodb:TransactGetItems': ['dynamodb:GetItem'],
};

/**
 * The IAM actions the SDK imports call, sorted: `PublishCommand` of client-sns is `sns:Publish`,
 * `TransactWriteCommand` of lib-dynamodb is `dynamodb:TransactWriteItems`, `paginateQuery` is
 * `dynamodb:Query`. Clients, exceptions and other helpers call nothing by themselves.
 */
export function iamActionsOf(imports: readonly SdkImport[]): string[] {
  const actions = new Set<string>();
  const services = new Map<string, string>();
  const serviceOf = (module: string) => {
    if (!services.has(module)) services.set(module, iamServiceOf(module));
    return services.get(module)!;
  };
  for (const { module, name } of imports) {
    const exports = loadModule(module);
    const value = exports[name];
    if (isAggregatedClient(value)) {
      throw new Error(`${module} ${name}: an aggregated client hides which operations are called; use the client and Command classes`);
    }
    const paginated = /^paginate([A-Z]\w*)$/.exec(name);
    const command = paginated ? `${paginated[1]}Command` : name;
    if (!command.endsWith('Command')) continue;
    if (module.startsWith('@aws-sdk/client-')) {
      if (typeof exports[command] !== 'function') throw new Error(`${module} has no ${command}`);
      const action = `${serviceOf(module)}:${command.replace(/Command$/, '')}`;
      actions.add(IAM_ACTION_OF[action] ?? action);
      continue;
    }
    // A utility library's command (lib-dynamodb's PutCommand) wraps one client command (PutItemCommand).
    const Wrapper = exports[command] as (new (input: object) => { clientCommand?: object }) | undefined;
    const wrapped = Wrapper ? new Wrapper({}).clientCommand?.constructor : undefined;
    const clientModule = `@aws-sdk/client-${module.replace(/^@aws-sdk\/lib-/, '')}`;
    if (!wrapped || loadModule(clientModule)[wrapped.name] !== wrapped) {
      throw new Error(`${module} ${command}: cannot tell which ${clientModule} command it sends`);
    }
    actions.add(`${serviceOf(clientModule)}:${wrapped.name.replace(/Command$/, '')}`);
  }
  for (const action of [...actions]) for (const implied of IMPLIED_ACTIONS[action] ?? []) actions.add(implied);
  return [...actions].sort();
}

/**
 * The bundle (index.mjs) a NodejsFunction was built from, or undefined when this synth skipped
 * bundling its stack (`cdk deploy OtherStack`), when there is nothing to read.
 */
export function bundleOf(fn: NodejsFunction): string | undefined {
  if (!Stack.of(fn).bundlingRequired) return undefined;
  const stage = fn.node.tryFindChild('Code')?.node.tryFindChild('Stage') as AssetStaging | undefined;
  const file = stage ? join(stage.absoluteStagedPath, 'index.mjs') : undefined;
  return file && existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

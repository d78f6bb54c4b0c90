import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel as EsbuildLogLevel, OutputFormat, type BundlingOptions, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

// The one settings object every foster Lambda is built from: runtime, architecture, logging,
// tracing and bundling are decided here and nowhere else. A function adds only what is its own
// (entry, role, log group, timeout, extra environment).

/**
 * The outbox function's bundling beyond the shared settings: the deployment's SMS provider is a
 * constant in its bundle (functions/lambda/outbox.ts), so it holds that provider's code only.
 */
export function outboxBundling(provider: 'sns' | 'tencent'): Pick<BundlingOptions, 'define'> {
  return { define: { 'process.env.SMS_PROVIDER': JSON.stringify(provider) } };
}

/** The repository root: entries, the lock file and tsconfig.json are found from here, not from the cwd. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the Lambda composition roots live (functions/lambda/<name>.ts). */
export const ENTRY_DIR = join(PROJECT_ROOT, 'functions', 'lambda');

/** Log levels the functions understand (functions/env.ts `LOG_LEVEL`). */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** What every function shares; the per-function parts (entry, role, log group) are left out on purpose. */
export type SharedFunctionProps = Readonly<Omit<NodejsFunctionProps, 'entry' | 'handler' | 'role' | 'logGroup' | 'functionName' | 'description'>>;

export interface SharedFunctionSettings {
  /** Spread into every NodejsFunction. */
  readonly props: SharedFunctionProps;
  /** Retention of the log group each function gets. */
  readonly logRetention: RetentionDays;
}

export interface FunctionSettingsOptions {
  /** Environment every function reads (functions/env.ts): table, scheduler and business settings. */
  readonly environment: Readonly<Record<string, string>>;
  /** @default 'INFO' */
  readonly logLevel?: LogLevel;
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
}

/**
 * ESM bundles have no `require`; some dependencies still call it (or `require('module')`-style
 * CommonJS shims), so the banner defines one from `import.meta.url`.
 */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * The shared settings object for every foster NodejsFunction.
 *
 * @example
 * const shared = functionSettings({ environment: { TABLE_NAME: table.tableName } });
 * new NodejsFunction(this, 'Fn', { ...shared.props, entry, role, logGroup });
 */
export function functionSettings(options: FunctionSettingsOptions): SharedFunctionSettings {
  const logLevel = options.logLevel ?? 'INFO';
  return {
    logRetention: options.logRetention ?? RetentionDays.THREE_MONTHS,
    props: {
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel[logLevel],
      systemLogLevelV2: SystemLogLevel.WARN,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      environment: {
        ...options.environment,
        LOG_LEVEL: logLevel,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        externalModules: ['@aws-sdk/*'],
        banner: ESM_REQUIRE_BANNER,
        tsconfig: join(PROJECT_ROOT, 'tsconfig.json'),
        forceDockerBundling: false,
        // esbuild reports only problems, so `cdk synth --quiet` and the infra tests stay readable.
        logLevel: EsbuildLogLevel.WARNING,
        // Chinese texts (SMS templates, the reply parser's words) as UTF-8, 3 bytes a character instead
        // of 6 for a \uXXXX escape. An esbuild argument: this aws-cdk-lib ignores the `charset` prop.
        esbuildArgs: { '--charset': 'utf8' },
      },
    },
  };
}

import { join } from 'node:path';
import { Validations, type Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { NodejsFunction, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ENTRY_DIR, type SharedFunctionSettings } from './function-settings.js';
import { allowWildcard } from './nag.js';

// One foster Lambda: the shared settings, its own role (nothing but its own log group to start
// with) and its own log group. What else it may do is granted where the need is known
// (infra/stateless-stack.ts, from the bundle: infra/permissions.ts).

export interface FosterFunctionSpec {
  /** File name under functions/lambda, without extension. */
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly functionName?: string;
  readonly environment?: Readonly<Record<string, string>>;
  /** Bundling beyond the shared settings (e.g. files copied into the bundle). */
  readonly bundling?: Partial<BundlingOptions>;
}

/** A NodejsFunction built from `shared`, with its own role and log group. */
export function addFosterFunction(scope: Construct, id: string, shared: SharedFunctionSettings, spec: FosterFunctionSpec): NodejsFunction {
  const logGroup = new LogGroup(scope, `${id}Logs`, { retention: shared.logRetention });
  const role = new Role(scope, `${id}Role`, { description: spec.description, assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  logGroup.grantWrite(role);
  const fn = new NodejsFunction(scope, id, {
    ...shared.props,
    entry: join(ENTRY_DIR, `${spec.entry}.ts`),
    handler: 'handler',
    description: spec.description,
    role,
    logGroup,
    timeout: spec.timeout,
    ...(spec.functionName ? { functionName: spec.functionName } : {}),
    environment: { ...shared.props.environment, ...spec.environment },
    ...(spec.bundling ? { bundling: { ...shared.props.bundling, ...spec.bundling } } : {}),
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'foster: nodejs22.x is pinned on purpose (ARCHITECTURE.md: nodejs22.x or newer, bundles target node22); moving to nodejs24.x is a deliberate upgrade in infra/function-settings.ts',
  });
  allowWildcard(role, 'Resource::*', 'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) have no resource-level permissions');
  return fn;
}

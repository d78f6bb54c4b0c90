import { Validations } from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import { rules } from 'cdk-nag';
import type { IConstruct } from 'constructs';

// cdk-nag 3 acknowledges each AwsSolutions-IAM5 finding by its exact text, e.g.
// `AwsSolutions-IAM5[Resource::<table arn>/index/*]`. A resource from the other stack only gets its
// final text (a Fn::GetStackOutput with a generated output name) once CDK has resolved the
// cross-stack references, which happens at synth, after the constructors ran. So the allowances
// below are declared up front, with a pattern and a reason, and turned into acknowledgements by a
// construct validation: CDK runs those after resolving references and before validation plugins
// such as cdk-nag. Only findings that match an allowance are acknowledged; any other wildcard
// still fails synth.

/** One wildcard a role is allowed to hold, and why. */
export interface WildcardAllowance {
  /** The finding (`Action::...` or `Resource::...`), exactly or as a pattern. */
  readonly finding: string | RegExp;
  /** Why foster needs it; becomes the acknowledgement's reason. */
  readonly reason: string;
}

const IAM5 = 'AwsSolutions-IAM5';

const registry = new WeakMap<IConstruct, WildcardAllowance[]>();

/**
 * Records one wildcard the IAM policies under `scope` (a role) may hold, and why. Call it where the
 * grant that needs the wildcard is made, so the reason stays with its grant; findings nobody
 * allowed still fail synth.
 *
 * @example
 * allowWildcard(fn.role!, 'Resource::*', 'X-Ray PutTraceSegments has no resource-level permissions');
 */
export function allowWildcard(scope: IConstruct, finding: string | RegExp, reason: string): void {
  const known = registry.get(scope);
  if (known) {
    known.push({ finding, reason });
    return;
  }
  const allowances: WildcardAllowance[] = [{ finding, reason }];
  registry.set(scope, allowances);
  allowIamWildcards(scope, allowances);
}

/**
 * Acknowledges the AwsSolutions-IAM5 findings of every IAM policy under `scope` that match one of
 * `allowances`, each with the reasons of the allowances it matches.
 *
 * @example
 * allowIamWildcards(role, [{ finding: 'Resource::*', reason: 'X-Ray has no resource-level permissions' }]);
 */
export function allowIamWildcards(scope: IConstruct, allowances: readonly WildcardAllowance[]): void {
  if (allowances.length === 0) return;
  scope.node.addValidation({
    validate: () => {
      for (const node of scope.node.findAll()) {
        if (!(node instanceof CfnPolicy)) continue;
        const findings = rules.iam.IAMNoWildcardPermissions(node);
        if (!Array.isArray(findings)) continue;
        for (const finding of findings) {
          const reasons = allowances.filter((a) => (typeof a.finding === 'string' ? a.finding === finding : a.finding.test(finding))).map((a) => a.reason);
          if (reasons.length > 0) {
            Validations.of(node).acknowledge({ id: `${IAM5}[${finding}]`, reason: `foster: ${[...new Set(reasons)].join('; ')}` });
          }
        }
      }
      return [];
    },
  });
}

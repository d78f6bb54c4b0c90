import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/http/routes.js';
import { createFosterStacks, type FosterStacks, type FosterStacksProps } from '../../infra/foster.js';
import { PROJECT_ROOT } from '../../infra/function-settings.js';
import { parseRouteKey } from '../../infra/stateless-stack.js';
import { INDEXES, KEY, TTL_ATTRIBUTE } from '../../lib/adapters/dynamodb/table.js';

// The two stacks, synthesised once for the whole file (bundling the seven functions with the local
// esbuild is the slow part), with the feature flags of cdk.json so they match `cdk synth`.

const CDK_CONTEXT = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

let outdir: string;
let stacks: FosterStacks;
let stateful: Template;
let stateless: Template;

function logicalId(element: IConstruct): string {
  const cfn = element.node.defaultChild as CfnElement;
  return cfn.stack.getLogicalId(cfn);
}

/** Every Allow statement of the policies attached to a function's role. */
function allowedStatements(template: Template, group: keyof FosterStacks['stateless']['functions']): Statement[] {
  const role = stacks.stateless.functions[group].role!;
  const roleId = logicalId(role);
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
  return policies
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
    .filter((s) => s.Effect === 'Allow');
}

const actionsOf = (statements: Statement[]) => statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

function newApp(): App {
  return new App({ context: CDK_CONTEXT, outdir: mkdtempSync(join(tmpdir(), 'foster-cdk-')) });
}

/** An app whose stacks are built without bundling, for checks that only need the constructor. */
function buildWithoutBundling(props: FosterStacksProps): FosterStacks {
  const app = new App({ context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] }, outdir: mkdtempSync(join(tmpdir(), 'foster-cdk-')) });
  return createFosterStacks(app, props);
}

beforeAll(() => {
  const app = newApp();
  outdir = app.outdir;
  stacks = createFosterStacks(app);
  const assembly = app.synth();
  stateful = Template.fromJSON(assembly.getStackArtifact(stacks.stateful.artifactId).template);
  stateless = Template.fromJSON(assembly.getStackArtifact(stacks.stateless.artifactId).template);
}, 120_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe('StatefulStack', () => {
  it('creates the table with the key schema and GSIs of table.ts when synthesised', () => {
    // Arrange
    const attributes = [KEY.pk, KEY.sk, ...INDEXES.flatMap((i) => [i.pk, i.sk])];

    // Act
    const tables = stateful.findResources('AWS::DynamoDB::Table');

    // Assert
    expect(Object.keys(tables)).toHaveLength(1);
    stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: KEY.pk, KeyType: 'HASH' },
        { AttributeName: KEY.sk, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith(attributes.map((AttributeName) => ({ AttributeName, AttributeType: 'S' }))),
      GlobalSecondaryIndexes: INDEXES.map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.pk, KeyType: 'HASH' },
          { AttributeName: i.sk, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
  });

  it('protects the table and streams new images when synthesised', () => {
    // Arrange
    const keyId = logicalId(stacks.stateful.key);

    // Act
    const table = Object.values(stateful.findResources('AWS::DynamoDB::Table'))[0] as Resource;

    // Assert
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    });
  });

  it('creates a customer-managed key with rotation when synthesised', () => {
    stateful.resourceCountIs('AWS::KMS::Key', 1);
    stateful.hasResource('AWS::KMS::Key', { Properties: Match.objectLike({ EnableKeyRotation: true }), DeletionPolicy: 'Retain' });
  });

  it('lets only End User Messaging publish to the encrypted inbound topic over TLS when synthesised', () => {
    // Arrange
    const topicId = logicalId(stacks.stateful.inboundSmsTopic);
    const keyId = logicalId(stacks.stateful.key);

    // Act
    const topic = stateful.findResources('AWS::SNS::Topic')[topicId] as Resource;
    const policy = Object.values(stateful.findResources('AWS::SNS::TopicPolicy')).find((p) =>
      JSON.stringify((p as Resource).Properties.Topics).includes(topicId),
    ) as Resource;

    // Assert
    expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(policy.Properties.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'sms-voice.amazonaws.com' }, Action: 'sns:Publish' }),
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]),
    );
  });

  it('creates an encrypted alarm topic CloudWatch may publish to when synthesised', () => {
    const topicId = logicalId(stacks.stateful.alarmTopic);
    stateful.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue(), DisplayName: 'foster operator alarms' });
    stateful.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish' })]),
      },
    });
    stateful.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'sms-voice.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      },
    });
  });

  it('creates a staff user pool with a role attribute, no self sign-up, MFA and threat protection when synthesised', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Schema: Match.arrayWith([Match.objectLike({ Name: 'role', AttributeDataType: 'String', Mutable: true })]),
      Policies: {
        PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true }),
      },
      MfaConfiguration: 'ON',
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
    });
  });

  it('issues tokens whose role the staff member cannot write when synthesised', () => {
    // Act
    const client = Object.values(stateful.findResources('AWS::Cognito::UserPoolClient'))[0] as Resource;

    // Assert
    expect(client.Properties.ReadAttributes).toContain('custom:role');
    expect(client.Properties.WriteAttributes).not.toContain('custom:role');
    expect(client.Properties.ReadAttributes).toContain('custom:staffId');
    expect(client.Properties.WriteAttributes).not.toContain('custom:staffId');
    expect(client.Properties.GenerateSecret).toBe(false);
  });

  it('fails at synth when passwordMinLength is below 8', () => {
    expect(() => buildWithoutBundling({ stateful: { passwordMinLength: 6 } })).toThrow(/passwordMinLength must be an integer from 8 to 99/);
  });
});

describe('StatelessStack', () => {
  it('creates the functions of its function map (the five HTTP groups, inbound SMS, scheduled, outbox) on nodejs22.x or newer, arm64, traced, with JSON logs when synthesised', () => {
    // Act
    const functions = Object.values(stateless.findResources('AWS::Lambda::Function')) as Resource[];

    // Assert
    expect(functions).toHaveLength(8);
    expect(Object.keys(stacks.stateless.functions)).toHaveLength(8);
    for (const fn of functions) {
      const version = Number(/^nodejs(\d+)\.x$/.exec(fn.Properties.Runtime)?.[1]);
      expect(version).toBeGreaterThanOrEqual(22);
      expect(fn.Properties).toMatchObject({
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } },
        Handler: 'index.handler',
      });
    }
  });

  it('gives every function the common environment, with the scheduled target ARN built from its fixed name, when synthesised', () => {
    // Arrange
    const name = `${stacks.stateless.stackName}-scheduled`;

    // Act
    const functions = Object.values(stateless.findResources('AWS::Lambda::Function')) as Resource[];

    // Assert
    stateless.hasResourceProperties('AWS::Lambda::Function', { FunctionName: name });
    for (const fn of functions) {
      const env = fn.Properties.Environment.Variables as Record<string, unknown>;
      expect(Object.keys(env)).toEqual(
        expect.arrayContaining(['TABLE_NAME', 'SCHEDULE_GROUP', 'SCHEDULED_TARGET_ARN', 'SCHEDULER_ROLE_ARN', 'SCHEDULER_DLQ_ARN', 'LOG_LEVEL']),
      );
      expect(env).toMatchObject({ MONTHLY_CAP: '6', DEADLINE_DAYS: '5', LOG_LEVEL: 'INFO' });
      expect(JSON.stringify(env.SCHEDULED_TARGET_ARN)).toContain(`:function:${name}`);
    }
  });

  it('writes a bundle for every function into the cloud assembly when synthesised', () => {
    // Act
    const functions = Object.values(stateless.findResources('AWS::Lambda::Function')) as Resource[];

    // Assert
    for (const fn of functions) {
      const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
      expect(existsSync(join(outdir, `asset.${hash}`, 'index.mjs'))).toBe(true);
    }
  });

  it('makes one route per ROUTES entry, every jwt route behind the JWT authorizer and every other one without, each integrated with its group, when synthesised', () => {
    // Arrange
    const authorizerId = Object.keys(stateless.findResources('AWS::ApiGatewayV2::Authorizer'))[0];
    const integrations = stateless.findResources('AWS::ApiGatewayV2::Integration');
    const functionOf = (target: unknown): string => {
      const integrationId = JSON.stringify(target).match(/"Ref":"([^"]+)"/)?.[1] ?? '';
      return JSON.stringify(integrations[integrationId]?.Properties.IntegrationUri);
    };

    // Act
    const routes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')) as Resource[];

    // Assert
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(ROUTES.map((r) => r.key).sort());
    for (const route of routes) {
      const spec = ROUTES.find((r) => r.key === route.Properties.RouteKey)!;
      const group = spec.group;
      if (spec.guard === 'jwt') expect(route.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
      else {
        expect(route.Properties.AuthorizationType).toBe('NONE');
        expect(route.Properties.AuthorizerId).toBeUndefined();
      }
      expect(functionOf(route.Properties.Target)).toContain(logicalId(stacks.stateless.functions[group]));
    }
  });

  it('trusts tokens of the staff user pool client when synthesised', () => {
    // Act
    const authorizer = Object.values(stateless.findResources('AWS::ApiGatewayV2::Authorizer'))[0] as Resource;

    // Assert
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Issuer)).toContain('https://cognito-idp.');
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Audience)).toContain('StaffClient');
  });

  it('deploys no /_local route when synthesised', () => {
    const keys = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')).map((r) => String((r as Resource).Properties.RouteKey));
    expect(keys.filter((k) => k.split(' ')[1]?.startsWith('/_local'))).toEqual([]);
  });

  it('refuses a local-only route key', () => {
    expect(() => parseRouteKey('POST /_local/token')).toThrow(/local only/);
    expect(parseRouteKey('GET /customers/{id}')).toEqual(['GET', '/customers/{id}']);
  });

  it('logs API access and throttles the default stage when synthesised', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context\\.requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });

  it('subscribes the inbound-sms function to the inbound topic with a dead-letter queue when synthesised', () => {
    stateless.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [logicalId(stacks.stateless.functions.inboundSms), 'Arn'] },
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(stacks.stateless.deadLetterQueues.inboundSmsDelivery), 'Arn'] } },
    });
  });

  it('retries failed inbound-sms invocations twice, then sends them to an SQS destination, when synthesised', () => {
    stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(stacks.stateless.functions.inboundSms) },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stacks.stateless.deadLetterQueues.inboundSmsFailures), 'Arn'] } } },
    });
  });

  it('triggers the outbox function from the table stream for inserted sms items only when synthesised', () => {
    // Act
    const mappings = Object.values(stateless.findResources('AWS::Lambda::EventSourceMapping')) as Resource[];

    // Assert
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]!.Properties;
    expect(mapping).toMatchObject({
      FunctionName: { Ref: logicalId(stacks.stateless.functions.outbox) },
      StartingPosition: 'LATEST',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stacks.stateless.deadLetterQueues.outboxStream), 'Arn'] } } },
    });
    expect(JSON.parse(mapping.FilterCriteria.Filters[0].Pattern)).toEqual({ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['sms'] } } } });
  });

  it('creates the schedule group and a scheduler role trusted only by EventBridge Scheduler of this account when synthesised', () => {
    stateless.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    stateless.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ],
      },
    });
  });

  it('lets the scheduler role invoke only the scheduled targets and write its DLQ when synthesised', () => {
    // Arrange
    const roleId = logicalId(stacks.stateless.schedulerRole);
    const { scheduled, outbox } = stacks.stateless.functions;

    // Act
    const statements = (Object.values(stateless.findResources('AWS::IAM::Policy')) as Resource[])
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);

    // Assert
    const invoke = statements.find((s) => actionsOf([s]).includes('lambda:InvokeFunction'));
    expect(invoke?.Resource).toEqual([{ 'Fn::GetAtt': [logicalId(outbox), 'Arn'] }, { 'Fn::GetAtt': [logicalId(scheduled), 'Arn'] }]);
    const send = statements.find((s) => actionsOf([s]).includes('sqs:SendMessage'));
    expect(send?.Resource).toEqual({ 'Fn::GetAtt': [logicalId(stacks.stateless.deadLetterQueues.scheduler), 'Arn'] });
    expect(statements).toHaveLength(2);
  });

  it('creates the hourly sweep and the five-minute outbox drain with retries and the DLQ when synthesised', () => {
    // Arrange
    const role = { 'Fn::GetAtt': [logicalId(stacks.stateless.schedulerRole), 'Arn'] };
    const dlq = { 'Fn::GetAtt': [logicalId(stacks.stateless.deadLetterQueues.scheduler), 'Arn'] };

    // Act / Assert
    stateless.resourceCountIs('AWS::Scheduler::Schedule', 2);
    stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 hour)',
      Target: {
        Arn: { 'Fn::GetAtt': [logicalId(stacks.stateless.functions.scheduled), 'Arn'] },
        Input: JSON.stringify({ type: 'sweep' }),
        RoleArn: role,
        DeadLetterConfig: { Arn: dlq },
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: Match.anyValue() }),
      },
    });
    stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      Target: {
        Arn: { 'Fn::GetAtt': [logicalId(stacks.stateless.functions.outbox), 'Arn'] },
        Input: JSON.stringify({ type: 'drainOutbox' }),
        RoleArn: role,
        DeadLetterConfig: { Arn: dlq },
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: Match.anyValue() }),
      },
    });
  });

  it('alarms operators on the first message in every dead-letter queue when synthesised', () => {
    // Arrange
    const queueIds = Object.keys(stateless.findResources('AWS::SQS::Queue'));

    // Act
    const alarms = Object.values(stateless.findResources('AWS::CloudWatch::Alarm')) as Resource[];

    // Assert
    expect(queueIds).toHaveLength(6);
    for (const queueId of queueIds) {
      const alarm = alarms.find(
        (a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(a.Properties.Dimensions).includes(queueId),
      );
      expect(alarm?.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 1 });
      expect(alarm?.Properties.AlarmActions).toHaveLength(1);
      expect(JSON.stringify(alarm?.Properties.AlarmActions)).toContain('AlarmTopic');
    }
  });

  it("alarms on every function's errors and on the API's 5xx when synthesised", () => {
    // Act
    const alarms = Object.values(stateless.findResources('AWS::CloudWatch::Alarm')) as Resource[];

    // Assert
    for (const fn of Object.values(stacks.stateless.functions)) {
      const id = logicalId(fn);
      expect(alarms.some((a) => a.Properties.MetricName === 'Errors' && JSON.stringify(a.Properties.Dimensions).includes(id))).toBe(true);
    }
    expect(alarms.some((a) => a.Properties.MetricName === '5xx' && a.Properties.Namespace === 'AWS/ApiGateway')).toBe(true);
  });

  it('gives the customers function read access to the table and no write permission when synthesised', () => {
    // Act
    const actions = actionsOf(allowedStatements(stateless, 'customers'));

    // Assert
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'kms:Decrypt']));
    for (const action of [...WRITE_ACTIONS, 'kms:Encrypt', 'kms:GenerateDataKey*', 'sns:Publish', 'scheduler:CreateSchedule']) {
      expect(actions).not.toContain(action);
    }
  });

  it('lets only the outbox function publish SMS, and never to a topic, when synthesised', () => {
    // Act
    const publishers = (Object.keys(stacks.stateless.functions) as (keyof FosterStacks['stateless']['functions'])[]).filter((g) =>
      actionsOf(allowedStatements(stateless, g)).includes('sns:Publish'),
    );

    // Assert
    expect(publishers).toEqual(['outbox']);
    stateless.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Sid: 'NoTopicPublish' })]) },
    });
  });

  it('lets only the scheduling functions manage schedules of the group and pass the scheduler role when synthesised', () => {
    // Arrange
    const schedulers = ['admin', 'assignments', 'visits', 'inboundSms', 'scheduled'] as const;
    const groupArn = `:schedule/${stacks.stateless.scheduleGroup.scheduleGroupName}/*`;

    // Act / Assert
    for (const group of Object.keys(stacks.stateless.functions) as (keyof FosterStacks['stateless']['functions'])[]) {
      const statements = allowedStatements(stateless, group);
      const manage = statements.find((s) => actionsOf([s]).includes('scheduler:CreateSchedule'));
      const pass = statements.find((s) => actionsOf([s]).includes('iam:PassRole'));
      if ((schedulers as readonly string[]).includes(group)) {
        expect(actionsOf([manage!]).sort()).toEqual(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule']);
        expect(JSON.stringify(manage!.Resource)).toContain(groupArn);
        expect(pass?.Resource).toEqual({ 'Fn::GetAtt': [logicalId(stacks.stateless.schedulerRole), 'Arn'] });
        expect(pass?.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
      } else {
        expect(manage).toBeUndefined();
        expect(pass).toBeUndefined();
      }
    }
  });

  it('fails at synth when smsFromHour is not before smsUntilHour', () => {
    expect(() => buildWithoutBundling({ stateless: { smsFromHour: 21, smsUntilHour: 8 } })).toThrow(/smsFromHour \(21\) must be before smsUntilHour \(8\)/);
  });

  it('fails at synth when monthlyCap is out of range', () => {
    expect(() => buildWithoutBundling({ stateless: { monthlyCap: 0 } })).toThrow(/invalid business settings: monthlyCap/);
  });
});

describe('cdk-nag AwsSolutionsChecks', () => {
  it('reports no unacknowledged error or warning on either stack when synthesised', () => {
    // Arrange
    const checks = new AwsSolutionsChecks();

    // Act
    const reports = [stacks.stateful, stacks.stateless].map((stack) => ({ stack: stack.stackName, report: checks.validateScope(stack) }));

    // Assert
    const violations = reports.flatMap(({ stack, report }) =>
      report.violations.map((v) => `${stack} ${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`),
    );
    expect(violations).toEqual([]);
  });

  it('gives every acknowledgement a reason specific to foster when synthesised', () => {
    // Act
    const acknowledgements = [stacks.stateful, stacks.stateless].flatMap((stack) =>
      stack.node
        .findAll()
        .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
        .flatMap((m) => Object.entries(m.data as Record<string, string>)),
    );

    // Assert
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgements) {
      expect({ id, reason }).toEqual({ id, reason: expect.stringMatching(/^foster\b.{30,}/) });
    }
  });
});

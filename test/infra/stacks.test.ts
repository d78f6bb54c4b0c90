import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations, type CfnElement } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isReadOnlyGroup } from '../../functions/http/access.js';
import { ROUTES, HANDLER_GROUPS, type HandlerGroup } from '../../functions/http/routes.js';
import { CONFIG_ENV, configFromEnv, ENV_SCHEMAS } from '../../functions/env.js';
import { createFosterStacks, type FosterStacks, type FosterStacksProps } from '../../infra/foster.js';
import { budgetOf, buildLambdaBundle, lambdaEntries } from '../../infra/bundles.js';
import { PROJECT_ROOT } from '../../infra/function-settings.js';
import { iamActionsOf, sdkImportsOf } from '../../infra/permissions.js';
import { configEnvironment, parseRouteKey, TIMEOUTS, type FunctionName } from '../../infra/stateless-stack.js';
import { DYNAMODB_READ_OPERATIONS } from '../../lib/adapters/dynamodb/read-only.js';
import { INDEXES, KEY, TTL_ATTRIBUTE } from '../../lib/adapters/dynamodb/table.js';
import { CLAIM_STALE_SECONDS, SMS_REQUEST_TIMEOUT_SECONDS } from '../../lib/domain/outbox.js';
import { SmsTemplate } from '../../lib/domain/sms.js';
import { createConfig } from '../../lib/config.js';
import { METRIC, METRIC_DIMENSIONS, METRICS_NAMESPACE } from '../../lib/domain/metrics.js';
import { SCHEMA_VERSION } from '../../lib/migrations/runner.js';

// The two stacks, synthesised once for the whole file (bundling the functions with the local
// esbuild is the slow part), with the feature flags of cdk.json so they match `cdk synth`.
// Checks that need no bundle build their own copies without bundling.

const CDK_CONTEXT = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string; DependsOn?: string[] };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown; Sid?: string };

let outdir: string;
let stacks: FosterStacks;
let stateful: Template;
let stateless: Template;

function logicalId(element: IConstruct): string {
  const cfn = (element.node.defaultChild ?? element) as CfnElement;
  return cfn.stack.getLogicalId(cfn);
}

/** Every function of the stateless stack (read from the stack, so a new one is checked too). */
let FUNCTION_NAMES: FunctionName[] = [];

/** Every statement of the policies attached to a role. */
function statementsOf(template: Template, roleId: string): Statement[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
  return policies
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

/** Every Allow statement of the policies attached to a function's role. */
function allowedStatements(name: FunctionName): Statement[] {
  return statementsOf(stateless, logicalId(stacks.stateless.functions[name].role!)).filter((s) => s.Effect === 'Allow');
}

const actionsOf = (statements: Statement[]) => statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

/** The bundle CDK deployed for a function, read from the cloud assembly. */
function bundleOf(name: FunctionName): string {
  const fn = stateless.findResources('AWS::Lambda::Function')[logicalId(stacks.stateless.functions[name])] as Resource;
  const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
  return readFileSync(join(outdir, `asset.${hash}`, 'index.mjs'), 'utf8');
}

/** The actions a function's code calls, read from its bundle here, independently of the stack. */
function calledActions(name: FunctionName): string[] {
  return iamActionsOf(sdkImportsOf(bundleOf(name)));
}

function newApp(): App {
  return new App({ context: CDK_CONTEXT, outdir: mkdtempSync(join(tmpdir(), 'foster-cdk-')) });
}

/** Stacks built without bundling, for checks that only need the constructor. */
function buildWithoutBundling(props: FosterStacksProps = {}): FosterStacks & { app: App } {
  const app = new App({ context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] }, outdir: mkdtempSync(join(tmpdir(), 'foster-cdk-')) });
  return { ...createFosterStacks(app, props), app };
}

function templatesWithoutBundling(props: FosterStacksProps = {}) {
  const stacks = buildWithoutBundling(props);
  return { stacks, stateful: Template.fromStack(stacks.stateful), stateless: Template.fromStack(stacks.stateless) };
}

beforeAll(() => {
  const app = newApp();
  outdir = app.outdir;
  stacks = createFosterStacks(app);
  FUNCTION_NAMES = Object.keys(stacks.stateless.functions) as FunctionName[];
  const assembly = app.synth();
  stateful = Template.fromJSON(assembly.getStackArtifact(stacks.stateful.artifactId).template);
  stateless = Template.fromJSON(assembly.getStackArtifact(stacks.stateless.artifactId).template);
}, 300_000);

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

  it('lets End User Messaging, CloudWatch and SNS (dead letters) use the data key, from this account only, when synthesised', () => {
    stateful.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: logicalId(stacks.stateful.alarmTopic) }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish' })]),
      },
    });
    for (const service of ['sms-voice.amazonaws.com', 'cloudwatch.amazonaws.com', 'sns.amazonaws.com']) {
      stateful.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: { Service: service },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            }),
          ]),
        },
      });
    }
  });

  it('creates a staff user pool with a role attribute, no self sign-up, MFA and threat protection when synthesised', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
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

  it('adds the staff claims to access tokens with a Pre Token Generation V2 trigger when synthesised', () => {
    // Arrange
    const trigger = stacks.stateful.node.findChild('StaffTokenFunction');

    // Act
    const pool = Object.values(stateful.findResources('AWS::Cognito::UserPool'))[0] as Resource;

    // Assert
    expect(pool.Properties.LambdaConfig.PreTokenGenerationConfig).toEqual({
      LambdaArn: { 'Fn::GetAtt': [logicalId(trigger), 'Arn'] },
      LambdaVersion: 'V2_0',
    });
    stateful.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'cognito-idp.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [logicalId(trigger), 'Arn'] },
    });
  });

  it("invites staff with Cognito's mail by default and through SES from the configured sender", () => {
    // Act
    const byDefault = templatesWithoutBundling().stateful;
    const withSes = templatesWithoutBundling({
      stateful: { emailSender: { fromEmail: 'no-reply@example.com', fromName: 'foster', sesRegion: 'ap-southeast-1' } },
    }).stateful;

    // Assert
    const pool = (t: Template) => (Object.values(t.findResources('AWS::Cognito::UserPool'))[0] as Resource).Properties;
    expect(pool(byDefault).EmailConfiguration?.EmailSendingAccount ?? 'COGNITO_DEFAULT').toBe('COGNITO_DEFAULT');
    expect(pool(withSes).EmailConfiguration).toMatchObject({
      EmailSendingAccount: 'DEVELOPER',
      From: 'foster <no-reply@example.com>',
    });
    expect(JSON.stringify(pool(withSes).EmailConfiguration.SourceArn)).toMatch(/ses:ap-southeast-1:.*:identity\/no-reply@example\.com/);
    expect(() => buildWithoutBundling({ stateful: { emailSender: { fromEmail: 'no-reply@example.com' } } })).toThrow(/sesRegion is required/);
    expect(pool(withSes).AdminCreateUserConfig.InviteMessageTemplate.EmailMessage).toContain('{####}');
  });

  it('fails at synth when passwordMinLength is below 8', () => {
    expect(() => buildWithoutBundling({ stateful: { passwordMinLength: 6 } })).toThrow(/passwordMinLength must be an integer from 8 to 99/);
  });
});

describe('the SMS loop', () => {
  it('sends from a simulator number by default, with its two-way channel on the inbound topic, retained, and warns', () => {
    // Arrange
    const topicId = logicalId(stacks.stateful.inboundSmsTopic);
    const numberId = 'SmsNumber';

    // Act
    const number = stateful.findResources('AWS::SMSVOICE::PhoneNumber')[numberId] as Resource;
    const warnings = Annotations.fromStack(stacks.stateful).findWarning('*', Match.stringLikeRegexp('simulator number'));

    // Assert
    expect(number.Properties).toMatchObject({
      NumberType: 'SIMULATOR',
      IsoCountryCode: 'US',
      NumberCapabilities: ['SMS'],
      TwoWay: { Enabled: true, ChannelArn: { Ref: topicId } },
      MandatoryKeywords: { HELP: { Message: expect.any(String) }, STOP: { Message: expect.any(String) } },
    });
    expect(number.DeletionPolicy).toBe('Retain');
    expect(warnings).toHaveLength(1);
    const outbox = stateless.findResources('AWS::Lambda::Function')[logicalId(stacks.stateless.functions.outbox)] as Resource;
    expect(JSON.stringify(outbox.Properties.Environment.Variables.SMS_ORIGINATION_NUMBER)).toContain('PhoneNumber');
  });

  it('requests and keeps a real number when configured, without the warning', () => {
    // Act
    const built = templatesWithoutBundling({ stateful: { smsNumber: { kind: 'request', isoCountryCode: 'US', numberType: 'TOLL_FREE' } } });

    // Assert
    built.stateful.hasResource('AWS::SMSVOICE::PhoneNumber', {
      Properties: Match.objectLike({ NumberType: 'TOLL_FREE', DeletionProtectionEnabled: true, TwoWay: Match.objectLike({ Enabled: true }) }),
      DeletionPolicy: 'Retain',
    });
    expect(Annotations.fromStack(built.stacks.stateful).findWarning('*', Match.stringLikeRegexp('simulator'))).toHaveLength(0);
  });

  it('sends from an existing number and outputs the one command that points its replies at the inbound topic', () => {
    // Act
    const built = templatesWithoutBundling({ stateful: { smsNumber: { kind: 'existing', phoneNumber: '+12065550142', phoneNumberId: 'phone-0123abcd' } } });

    // Assert
    built.stateful.resourceCountIs('AWS::SMSVOICE::PhoneNumber', 0);
    const command = JSON.stringify(built.stateful.findOutputs('SmsTwoWayCommand'));
    expect(command).toContain('aws pinpoint-sms-voice-v2 update-phone-number --phone-number-id phone-0123abcd --two-way-enabled --two-way-channel-arn');
    expect(command).toContain(logicalId(built.stacks.stateful.inboundSmsTopic));
    built.stateless.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SMS_ORIGINATION_NUMBER: '+12065550142' }) },
    });
  });

  it('sets transactional texts and the monthly spend limit on the account at deploy time', () => {
    // Act
    const resource = Object.values(stateless.findResources('Custom::AWS'))[0] as Resource;
    const limited = templatesWithoutBundling({ stateless: { smsSpendLimitUsd: 250 } }).stateless;

    // Assert
    for (const step of ['Create', 'Update']) {
      expect(JSON.parse(resource.Properties[step])).toMatchObject({
        service: 'SNS',
        action: 'setSMSAttributes',
        parameters: { attributes: { DefaultSMSType: 'Transactional', MonthlySpendLimit: '1' } },
      });
    }
    expect(JSON.stringify(limited.findResources('Custom::AWS'))).toContain('\\"MonthlySpendLimit\\":\\"250\\"');
  });

  it('leaves SNS alone and has no number when texts go through Tencent Cloud', () => {
    const built = templatesWithoutBundling({ stateful: { smsNumber: { kind: 'none' } } });

    built.stateful.resourceCountIs('AWS::SMSVOICE::PhoneNumber', 0);
    built.stateless.resourceCountIs('Custom::AWS', 0);
  });
});

describe('redeploys', () => {
  /** Top-level properties that name a resource account-wide, with literal values (generated names are left out). */
  function physicalNames(templates: Template[]): Map<string, string> {
    // Scoped inside a parent resource (an API, a role) or descriptive only: not account-wide names.
    const scoped = new Set(['DisplayName', 'PolicyName', 'StageName', 'MetricName', 'AWS::ApiGatewayV2::Authorizer.Name', 'AWS::ApiGatewayV2::Api.Name']);
    const names = new Map<string, string>();
    for (const template of templates) {
      for (const [id, resource] of Object.entries(template.toJSON().Resources as Record<string, Resource>)) {
        for (const [prop, value] of Object.entries(resource.Properties ?? {})) {
          if (!/Name$/.test(prop) || typeof value !== 'string' || scoped.has(prop) || scoped.has(`${resource.Type}.${prop}`)) continue;
          names.set(`${resource.Type}.${prop}=${value}`, id);
        }
      }
    }
    return names;
  }

  it('finds no colliding physical names between two copies under different stack names', () => {
    // Arrange
    const one = templatesWithoutBundling({ prefix: 'Foster' });
    const two = templatesWithoutBundling({ prefix: 'FosterCopy' });

    // Act
    const first = physicalNames([one.stateful, one.stateless]);
    const second = physicalNames([two.stateful, two.stateless]);

    // Assert
    expect(first.size).toBeGreaterThan(0);
    expect([...first.keys()].filter((name) => second.has(name))).toEqual([]);
  });

  it('keeps the schedule group, its role and dead-letter queue with the state, none of them named', () => {
    // Act
    const group = Object.values(stateful.findResources('AWS::Scheduler::ScheduleGroup')) as Resource[];

    // Assert
    expect(group).toHaveLength(1);
    expect(group[0]?.Properties?.Name).toBeUndefined();
    expect(group[0]?.DeletionPolicy).toBe('Retain');
    stateless.resourceCountIs('AWS::Scheduler::ScheduleGroup', 0);
    stateful.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalId(stacks.stateful.scheduling.node.findChild('Group')), 'Arn'] } },
            },
          }),
        ],
      },
    });
    for (const schedule of Object.values(stateless.findResources('AWS::Scheduler::Schedule')) as Resource[]) expect(schedule.Properties.Name).toBeUndefined();
    // What outlives the stateless stack (its log groups) carries no name a redeploy could meet again.
    const survivors = Object.values(stateless.toJSON().Resources as Record<string, Resource>).filter((r) => r.DeletionPolicy === 'Retain');
    for (const r of survivors) expect(Object.keys(r.Properties ?? {}).filter((p) => /Name$/.test(p))).toEqual([]);
  });
});

describe('StatelessStack', () => {
  it('creates the functions on nodejs22.x or newer, arm64, traced, with JSON logs when synthesised', () => {
    // Act
    const functions = Object.values(stateless.findResources('AWS::Lambda::Function')) as Resource[];
    const own = FUNCTION_NAMES.map((n) =>
      functions.find((f) => f === stateless.findResources('AWS::Lambda::Function')[logicalId(stacks.stateless.functions[n])]),
    );

    // Assert
    expect(own.every(Boolean)).toBe(true);
    for (const fn of own as Resource[]) {
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

  it('gives each function every variable its bundle reads, every business setting included, when synthesised', () => {
    // Arrange: every variable the composition roots may read, and whether it must be set.
    const variables = Object.values(ENV_SCHEMAS).flatMap((schema) =>
      Object.entries(schema().shape).map(([name, type]) => ({ name, required: !type.safeParse(undefined).success })),
    );
    const settings = configEnvironment(createConfig());

    for (const name of FUNCTION_NAMES) {
      // Act
      const bundle = bundleOf(name);
      const fn = stateless.findResources('AWS::Lambda::Function')[logicalId(stacks.stateless.functions[name])] as Resource;
      const env = fn.Properties.Environment.Variables as Record<string, unknown>;
      const read = variables.filter((v) => new RegExp(`\\b${v.name}\\b`).test(bundle));

      // Assert
      // Every function reads the table but the public one (no AWS call at all).
      if (name !== 'public') expect(read.map((v) => v.name)).toContain('TABLE_NAME');
      for (const v of read.filter((v) => v.required)) expect({ name, variable: v.name, set: v.name in env }).toEqual({ name, variable: v.name, set: true });
      if (Object.keys(CONFIG_ENV).some((v) => new RegExp(`\\b${v}\\b`).test(bundle))) expect(env).toMatchObject(settings);
    }
  });

  it('writes every business setting so that the functions read back the same settings, lists and JSON settings included', () => {
    // Arrange: non-default values of each kind (number, text, list, JSON object).
    const config = createConfig({
      monthlyCap: 3,
      companyName: 'Example Life',
      lifePolicyKinds: ['life', 'annuity'],
      careCadence: { develop: 2, maintain: 2, cultivate: 2, pamper: 2 },
      willingnessWeights: { referral: 5 },
    });

    // Act
    const env = configEnvironment(config);

    // Assert
    expect(configFromEnv(env)).toEqual(config);
    expect(Object.values(env).filter((v) => v.includes('[object'))).toEqual([]);
  });

  it('sets every business setting a deployment configures on every function, from one place', () => {
    // Act
    const built = templatesWithoutBundling({ stateless: { config: { monthlyCap: 3, companyName: 'Example Life', replyWindowDays: 10 } } });
    const functions = Object.values(built.stateless.findResources('AWS::Lambda::Function')) as Resource[];
    const own = functions.filter((f) => f.Properties.Environment?.Variables?.TABLE_NAME);

    // Assert
    expect(own.length).toBeGreaterThanOrEqual(8);
    for (const fn of own) {
      expect(fn.Properties.Environment.Variables).toMatchObject({
        ...configEnvironment(createConfig({ monthlyCap: 3, companyName: 'Example Life', replyWindowDays: 10 })),
      });
    }
  });

  it('grants each function exactly the AWS actions its bundle calls, reads only for a GET-only group, when synthesised', () => {
    // Actions that come with the wiring, not from the code: logs, traces, the key, dead letters, the stream.
    const wiring = /^(logs|xray|kms):|^sqs:SendMessage$|^iam:PassRole$|^dynamodb:(DescribeStream|GetRecords|GetShardIterator|ListStreams)$/;
    const reads = new Set(DYNAMODB_READ_OPERATIONS.map((o) => `dynamodb:${o}`));

    for (const name of FUNCTION_NAMES) {
      // Arrange
      const readOnly = (HANDLER_GROUPS as readonly string[]).includes(name) && isReadOnlyGroup(name as HandlerGroup);
      const expected = calledActions(name).filter((a) => !readOnly || !a.startsWith('dynamodb:') || reads.has(a));

      // Act
      const granted = [...new Set(actionsOf(allowedStatements(name)).filter((a) => !wiring.test(a)))].sort();

      // Assert
      expect({ name, granted }).toEqual({ name, granted: expected });
    }
  });

  it('lets only the migrate function Scan, the read-only group write nothing, only the outbox text and only admin manage sign-in', () => {
    // Act
    const holders = (action: string) => FUNCTION_NAMES.filter((n) => actionsOf(allowedStatements(n)).includes(action));

    // Assert
    expect(holders('dynamodb:Scan')).toEqual(['migrate']);
    expect(holders('sns:Publish')).toEqual(['outbox']);
    expect(holders('cognito-idp:AdminCreateUser')).toEqual(['admin']);
    // No schedule per visit: only deadline days (admin) and background exports (team) are scheduled,
    // and only the migration that removes the old per-visit schedules deletes any.
    expect(holders('scheduler:CreateSchedule').sort()).toEqual(['admin', 'team']);
    expect(holders('scheduler:DeleteSchedule')).toEqual(['migrate']);
    expect(holders('lambda:InvokeFunction')).toEqual(['admin']);
    for (const group of HANDLER_GROUPS.filter(isReadOnlyGroup)) {
      expect(actionsOf(allowedStatements(group)).filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite|TransactWrite)/.test(a))).toEqual([]);
    }
    expect(isReadOnlyGroup('customers')).toBe(ROUTES.filter((r) => r.group === 'customers').every((r) => r.key.startsWith('GET ')));
    stateless.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Sid: 'NoTopicPublish' })]) },
    });
  });

  it('gives the public function (the OpenAPI document) no AWS action: its bundle calls none, so no table grant, when synthesised', () => {
    // Act
    const called = calledActions('public');
    const granted = actionsOf(allowedStatements('public'));

    // Assert
    expect(ROUTES.filter((r) => r.group === 'public').every((r) => r.guard === 'public')).toBe(true);
    expect(called).toEqual([]);
    expect(stacks.stateless.calls.public).toEqual([]);
    expect(granted.filter((a) => /^(dynamodb|kms|sns|scheduler|cognito-idp):/.test(a))).toEqual([]);
  });

  it("pins the actions each function may take on '*', so a new wildcard grant fails", () => {
    // Arrange: X-Ray and ListStreams have no resource-level permissions; SMS publishing has no ARN.
    const traces = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
    const pinned: Partial<Record<FunctionName, string[]>> = {
      outbox: [...traces, 'dynamodb:ListStreams', 'sns:Publish'],
      // Listing the per-visit schedules of earlier versions to delete them (migration v6).
      migrate: [...traces, 'scheduler:ListSchedules'],
    };
    expect(FUNCTION_NAMES).toContain('outbox');

    for (const name of FUNCTION_NAMES) {
      // Act
      const onAnything = allowedStatements(name).filter((s) => s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*')));

      // Assert
      expect({ name, actions: [...new Set(actionsOf(onAnything))].sort() }).toEqual({ name, actions: [...(pinned[name] ?? traces)].sort() });
    }
  });

  it('gives the API functions a timeout inside the integration limit, and the outbox one below the claim staleness', () => {
    // Act
    const timeout = (name: FunctionName) =>
      (stateless.findResources('AWS::Lambda::Function')[logicalId(stacks.stateless.functions[name])] as Resource).Properties.Timeout as number;
    const integrations = Object.values(stateless.findResources('AWS::ApiGatewayV2::Integration')) as Resource[];

    // Assert
    for (const group of HANDLER_GROUPS) {
      expect(timeout(group)).toBe(TIMEOUTS.api.toSeconds());
      expect(timeout(group)).toBeGreaterThanOrEqual(20);
    }
    expect(integrations.map((i) => i.Properties.TimeoutInMillis)).toEqual(integrations.map(() => TIMEOUTS.apiIntegration.toMilliseconds()));
    expect(TIMEOUTS.api.toMilliseconds()).toBeLessThan(TIMEOUTS.apiIntegration.toMilliseconds());
    expect(TIMEOUTS.apiIntegration.toSeconds()).toBeLessThanOrEqual(29);
    // drain-outbox.ts takes a claim over after 5 minutes: a send must end before that.
    expect(timeout('outbox')).toBeLessThan(5 * 60);
  });

  it('writes a bundle for every function into the cloud assembly when synthesised', () => {
    for (const name of FUNCTION_NAMES) expect(bundleOf(name).length).toBeGreaterThan(0);
    expect(existsSync(outdir)).toBe(true);
  });

  it('deploys only bundles the budget measures (infra/bundles.ts), byte for byte, each within its budget, in both stacks', async () => {
    // Arrange: every composition root built as the budget test builds it.
    const built = new Map<string, string>();
    for (const lambda of lambdaEntries().filter((l) => !l.variant))
      built.set(Buffer.from((await buildLambdaBundle(lambda)).code).toString('utf8'), lambda.name);

    // Act: every function of both stacks whose asset is an ESM bundle (ours; CDK's own providers are not).
    const deployed = [stateful, stateless].flatMap((t) =>
      (Object.values(t.findResources('AWS::Lambda::Function')) as Resource[]).flatMap((fn) => {
        const file = join(outdir, `asset.${String(fn.Properties.Code?.S3Key).replace(/\.zip$/, '')}`, 'index.mjs');
        return existsSync(file) ? [readFileSync(file, 'utf8')] : [];
      }),
    );

    // Assert
    expect(deployed.length).toBe(FUNCTION_NAMES.length + 1); // + the staff token trigger of the stateful stack
    const names = deployed.map((code) => built.get(code));
    expect(names.filter((n) => n === undefined).length, 'a deployed bundle differs from every bundle infra/bundles.ts builds').toBe(0);
    const defaults = lambdaEntries().filter((l) => !l.variant);
    expect([...new Set(names)].sort()).toEqual(defaults.map((l) => l.name).sort());
    for (const [code, name] of built) expect(Buffer.byteLength(code), name).toBeLessThanOrEqual(budgetOf(name).maxBytes);
  }, 120_000);

  it('migrates once per schema version, before the other functions change, when synthesised', () => {
    // Act
    const migration = Object.values(stateless.findResources('Custom::FosterMigration')) as Resource[];

    // Assert
    expect(migration).toHaveLength(1);
    expect(migration[0]?.Properties).toMatchObject({
      ServiceToken: { 'Fn::GetAtt': [logicalId(stacks.stateless.functions.migrate), 'Arn'] },
      SchemaVersion: String(SCHEMA_VERSION),
    });
    for (const name of FUNCTION_NAMES.filter((n) => n !== 'migrate')) {
      const fn = stateless.findResources('AWS::Lambda::Function')[logicalId(stacks.stateless.functions[name])] as Resource;
      expect(fn.DependsOn).toContain(logicalId(stacks.stateless.migration));
    }
  });

  it('makes one route per ROUTES entry, each jwt one behind the JWT authorizer, the others without, and integrated with its group, when synthesised', () => {
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
      const group: HandlerGroup = spec.group;
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

  it('gives the dashboard its own code-flow app client calling back to the page on this API, accepted by the authorizer, when synthesised', () => {
    // Arrange
    const clientId = logicalId(stacks.stateless.node.findChild('DashboardSignIn').node.findChild('Client'));
    const team = stateless.findResources('AWS::Lambda::Function')[logicalId(stacks.stateless.functions.team)] as Resource;
    const authorizer = Object.values(stateless.findResources('AWS::ApiGatewayV2::Authorizer'))[0] as Resource;

    // Act
    const client = stateless.findResources('AWS::Cognito::UserPoolClient')[clientId] as Resource;

    // Assert
    expect(client.Properties).toMatchObject({ AllowedOAuthFlows: ['code'], AllowedOAuthFlowsUserPoolClient: true, GenerateSecret: false });
    expect(JSON.stringify(client.Properties.CallbackURLs)).toContain('/team/dashboard');
    expect(JSON.stringify(client.Properties.CallbackURLs)).toContain(logicalId(stacks.stateless.api));
    expect(client.Properties.ReadAttributes).toEqual(expect.arrayContaining(['custom:role', 'custom:staffId']));
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Audience)).toContain(clientId);
    expect(Object.keys(team.Properties.Environment.Variables)).toEqual(expect.arrayContaining(['DASHBOARD_CLIENT_ID', 'DASHBOARD_SIGN_IN_DOMAIN']));
    stateless.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    expect(Object.keys(stateful.findResources('AWS::Cognito::UserPoolClient'))).toHaveLength(1);
  });

  it("puts the dashboard's built script and style into the team function's bundle when synthesised", () => {
    // Act
    const team = stateless.findResources('AWS::Lambda::Function')[logicalId(stacks.stateless.functions.team)] as Resource;
    const dir = join(outdir, `asset.${String(team.Properties.Code.S3Key).replace(/\.zip$/, '')}`);

    // Assert
    expect(existsSync(join(dir, 'dashboard', 'app.js'))).toBe(true);
    expect(readFileSync(join(dir, 'dashboard', 'app.js'), 'utf8')).toContain('foster-config');
    expect(existsSync(join(dir, 'dashboard', 'app.css'))).toBe(true);
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

  it('lets the scheduler role invoke only the scheduled targets, and send only to its encrypted DLQ, when synthesised', () => {
    // Arrange
    const roleId = logicalId(stacks.stateful.scheduling.role);
    const { scheduled, outbox } = stacks.stateless.functions;

    // Act
    const invoke = (Object.values(stateless.findResources('AWS::IAM::Policy')) as Resource[]).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes(roleId),
    );
    const own = statementsOf(stateful, roleId);

    // Assert
    expect(invoke).toHaveLength(1);
    expect(invoke[0]?.Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Resource: [{ 'Fn::GetAtt': [logicalId(outbox), 'Arn'] }, { 'Fn::GetAtt': [logicalId(scheduled), 'Arn'] }],
      }),
    ]);
    expect(own.map((s) => [s.Action, s.Resource])).toEqual([
      ['sqs:SendMessage', { 'Fn::GetAtt': [logicalId(stacks.stateful.scheduling.deadLetterQueue), 'Arn'] }],
      [['kms:Decrypt', 'kms:GenerateDataKey'], { 'Fn::GetAtt': [logicalId(stacks.stateful.key), 'Arn'] }],
    ]);
  });

  it('creates the hourly sweep, the five-minute outbox drain and the daily reminder run with retries and the DLQ when synthesised', () => {
    stateless.resourceCountIs('AWS::Scheduler::Schedule', 3);
    stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 9 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [logicalId(stacks.stateless.functions.scheduled), 'Arn'] },
        Input: JSON.stringify({ type: 'dailyReminders', scheduledTime: '<aws.scheduler.scheduled-time>' }),
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: Match.anyValue() }),
        DeadLetterConfig: { Arn: Match.anyValue() },
      }),
    });
    for (const [rate, fn, input] of [
      ['rate(1 hour)', stacks.stateless.functions.scheduled, { type: 'sweep' }],
      ['rate(5 minutes)', stacks.stateless.functions.outbox, { type: 'drainOutbox' }],
    ] as const) {
      stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: rate,
        Target: Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId(fn), 'Arn'] },
          Input: JSON.stringify(input),
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: Match.anyValue() }),
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      });
    }
  });

  it('lets the admin function start departure jobs on the departure-job function only, with a DLQ behind the job, when synthesised', () => {
    // Arrange
    const job = stacks.stateless.functions.departureJob;

    // Act
    const invoke = allowedStatements('admin').find((s) => actionsOf([s]).includes('lambda:InvokeFunction'));
    const adminEnv = (stateless.findResources('AWS::Lambda::Function')[logicalId(stacks.stateless.functions.admin)] as Resource).Properties.Environment
      .Variables;

    // Assert
    expect(invoke?.Resource).toEqual({ 'Fn::GetAtt': [logicalId(job), 'Arn'] });
    expect(adminEnv.DEPARTURE_JOB_FUNCTION).toEqual({ Ref: logicalId(job) });
    stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(job) },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stacks.stateless.deadLetterQueues.departureJobFailures), 'Arn'] } } },
    });
  });

  it("encrypts every dead-letter queue with the stateful stack's key and grants writers send-only access", () => {
    // Arrange
    const keyId = logicalId(stacks.stateful.key);

    // Act
    const queues = Object.values(stateless.findResources('AWS::SQS::Queue')) as Resource[];
    const outbox = allowedStatements('outbox').filter((s) => actionsOf([s]).some((a) => a.startsWith('sqs:') || a.startsWith('kms:')));

    // Assert
    expect(queues.length).toBeGreaterThanOrEqual(5);
    for (const queue of queues) expect(JSON.stringify(queue.Properties.KmsMasterKeyId)).toContain(keyId);
    stateful.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(stacks.stateful.key), 'Arn'] } });
    expect(actionsOf(outbox).filter((a) => /\*/.test(a))).toEqual([]);
  });
});

describe('alarms and on-call', () => {
  const alarms = () => Object.values(stateless.findResources('AWS::CloudWatch::Alarm')) as Resource[];
  it('sends every alarm, and its recovery, to the alarm topic', () => {
    const topicId = logicalId(stacks.stateful.alarmTopic);
    for (const alarm of alarms()) {
      expect(alarm.Properties.AlarmActions).toHaveLength(1);
      expect(JSON.stringify(alarm.Properties.AlarmActions)).toContain(topicId);
      expect(alarm.Properties.OKActions).toEqual(alarm.Properties.AlarmActions);
    }
  });

  it("alarms on each function's error rate (not a single retried failure), throttles and duration near its timeout", () => {
    for (const name of FUNCTION_NAMES) {
      // Arrange
      const id = logicalId(stacks.stateless.functions[name]);
      const timeoutMs = stacks.stateless.functions[name].timeout!.toMilliseconds();
      const mine = alarms().filter((a) => JSON.stringify(a.Properties).includes(id));

      // Act
      const rate = mine.find((a) => JSON.stringify(a.Properties.Metrics ?? []).includes('errors / invocations'));
      const throttles = mine.find((a) => a.Properties.MetricName === 'Throttles');
      const duration = mine.find((a) => a.Properties.MetricName === 'Duration');

      // Assert
      expect(rate?.Properties).toMatchObject({ Threshold: 5, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
      expect(throttles?.Properties.Threshold).toBe(1);
      expect(duration?.Properties).toMatchObject({ Statistic: 'Maximum', Threshold: Math.round(timeoutMs * 0.8) });
    }
  });

  it('alarms on the stream, the table, the scheduler, the API, SMS spend, delivery, failed texts and late texts', () => {
    // Act
    const byMetric = (namespace: string, metric: string) =>
      alarms().filter((a) => JSON.stringify(a.Properties).includes(`"${metric}"`) && JSON.stringify(a.Properties).includes(namespace));

    // Assert
    expect(byMetric('AWS/Lambda', 'IteratorAge')).toHaveLength(1);
    expect(byMetric('AWS/DynamoDB', 'ThrottledRequests')).toHaveLength(1);
    expect(byMetric('AWS/DynamoDB', 'SystemErrors')).toHaveLength(1);
    expect(byMetric('AWS/Scheduler', 'TargetErrorCount')).toHaveLength(1);
    expect(byMetric('AWS/ApiGateway', '5xx')[0]?.Properties.Metrics).toEqual(
      expect.arrayContaining([expect.objectContaining({ Expression: 'IF(requests > 0, 100 * errors / requests, 0)' })]),
    );
    expect(byMetric('AWS/ApiGateway', 'Latency')[0]?.Properties).toMatchObject({ ExtendedStatistic: 'p99', Threshold: 5000 });
    expect(byMetric('AWS/SNS', 'SMSMonthToDateSpentUSD')[0]?.Properties.Threshold).toBe(0.8);
    expect(byMetric('AWS/SNS', 'SMSSuccessRate')[0]?.Properties).toMatchObject({ ComparisonOperator: 'LessThanThreshold', Threshold: 0.9 });
    expect(byMetric(METRICS_NAMESPACE, METRIC.smsFailed)[0]?.Properties).toMatchObject({ Namespace: 'foster', Threshold: 1 });
    expect(byMetric(METRICS_NAMESPACE, METRIC.outboxOldestDueAgeSeconds)[0]?.Properties).toMatchObject({ Namespace: 'foster', Statistic: 'Maximum' });
  });

  it('alarms on the first message in every dead-letter queue, the scheduler one included', () => {
    // Arrange
    const queues = [...Object.values(stacks.stateless.deadLetterQueues), stacks.stateful.scheduling.deadLetterQueue];

    // Act
    const visible = alarms().filter((a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible');

    // Assert
    expect(visible).toHaveLength(queues.length);
    for (const queue of queues) {
      expect(visible.some((a) => JSON.stringify(a.Properties.Dimensions).includes(logicalId(queue)))).toBe(true);
    }
  });

  it('subscribes the on-call e-mail addresses and HTTPS endpoint to the alarm topic, and warns when there are none', () => {
    // Act
    const built = templatesWithoutBundling({
      stateless: { onCall: { emails: ['a@example.com', 'b@example.com'], httpsEndpoint: 'https://pager.example.com/sns' } },
    });

    // Assert
    built.stateless.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email' }, 2);
    built.stateless.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'https', Endpoint: 'https://pager.example.com/sns' });
    expect(Annotations.fromStack(stacks.stateless).findWarning('*', Match.stringLikeRegexp('no on-call subscription'))).toHaveLength(1);
    expect(() => buildWithoutBundling({ stateless: { onCall: { emails: ['not-an-address'] } } })).toThrow(/onCall.emails/);
  });

  it('draws the chain on one dashboard: texts sent and failed, replies, orphans by state', () => {
    // Act
    const body = JSON.stringify(Object.values(stateless.findResources('AWS::CloudWatch::Dashboard'))[0]);

    // Assert
    for (const text of [METRIC.smsSent, METRIC.smsFailed, 'NumberOfMessagesPublished', 'agent departed', 'assignments approved']) expect(body).toContain(text);
  });
});

describe('settings checks', () => {
  it('fails at synth when smsFromHour is not before smsUntilHour', () => {
    expect(() => buildWithoutBundling({ stateless: { config: { smsFromHour: 21, smsUntilHour: 8 } } })).toThrow(
      /smsFromHour \(21\) must be before smsUntilHour \(8\)/,
    );
  });

  it('fails at synth when monthlyCap is out of range', () => {
    expect(() => buildWithoutBundling({ stateless: { config: { monthlyCap: 0 } } })).toThrow(/invalid business settings: monthlyCap/);
  });

  it('fails at synth on a misspelt business setting instead of keeping its default', () => {
    expect(() => buildWithoutBundling({ stateless: { config: { montlyCap: 3 } as never } })).toThrow(/montlyCap/);
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

  it("acknowledges SMS publishing's '*' only for the function that texts, and no KMS wildcard action anywhere", () => {
    // Act
    const reasons = (name: FunctionName) =>
      stacks.stateless.functions[name]
        .role!.node.findAll()
        .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
        .flatMap((m) => Object.entries(m.data as Record<string, string>));

    // Assert
    for (const name of FUNCTION_NAMES) {
      const texts = reasons(name).some(([, reason]) => reason.includes('SNS Publish to a phone number'));
      expect({ name, texts }).toEqual({ name, texts: name === 'outbox' });
      expect(reasons(name).filter(([id]) => id.includes('Action::kms:'))).toEqual([]);
    }
  });
});

describe('SMS providers and callbacks', () => {
  const tencentTemplates = Object.fromEntries(SmsTemplate.options.map((t, i) => [t, String(2_000_000 + i)])) as Record<SmsTemplate, string>;
  const tencent = {
    provider: 'tencent',
    tencent: { sdkAppId: '1400006666', signName: '平安人寿', templates: tencentTemplates, credentialsSecretName: 'foster/tencent-sms' },
  } as const;
  const fn = (template: Template, stack: FosterStacks, name: FunctionName) =>
    template.findResources('AWS::Lambda::Function')[logicalId(stack.stateless.functions[name])] as Resource;

  it('serves the callback routes without the JWT authorizer from the callbacks function, the one function that may read a secret: the callback token, when synthesised', () => {
    // Act
    const routes = (Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')) as Resource[]).filter(
      (r) => ROUTES.find((spec) => spec.key === r.Properties.RouteKey)?.guard === 'callbackToken',
    );
    const reads = allowedStatements('callbacks').filter((s) => actionsOf([s]).includes('secretsmanager:GetSecretValue'));
    const readers = FUNCTION_NAMES.filter((n) => actionsOf(allowedStatements(n)).some((a) => a.startsWith('secretsmanager:')));

    // Assert
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(['POST /sms/replies/tencent', 'POST /sms/status/tencent']);
    for (const route of routes) expect(route.Properties.AuthorizationType).toBe('NONE');
    expect(JSON.stringify(fn(stateless, stacks, 'callbacks').Properties.Environment.Variables.CALLBACK_TOKEN_SECRET)).toContain('SmsCallbackToken');
    expect(reads).toHaveLength(1);
    expect(actionsOf(reads)).toEqual(['secretsmanager:GetSecretValue']);
    expect(JSON.stringify(reads[0]!.Resource)).toContain('SmsCallbackToken');
    expect(readers).toEqual(['callbacks']);
    stateful.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ PasswordLength: 40 }) });
  });

  it('keeps the outbox timeout below the claim staleness and every SMS request timeout well below it, and gives the outbox its retry settings, when synthesised', () => {
    // Act
    const outbox = fn(stateless, stacks, 'outbox');

    // Assert
    expect(outbox.Properties.Timeout).toBe(TIMEOUTS.outbox.toSeconds());
    expect(outbox.Properties.Timeout).toBeLessThan(CLAIM_STALE_SECONDS);
    expect(SMS_REQUEST_TIMEOUT_SECONDS * 2).toBeLessThan(outbox.Properties.Timeout);
    expect(outbox.Properties.Environment.Variables).toMatchObject({ SMS_PROVIDER: 'sns', SMS_MAX_ATTEMPTS: '5', SMS_RETRY_BASE_SECONDS: '60' });
  });

  it('alarms on failed texts with exactly the dimension the outbox emits them with, when synthesised', () => {
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: METRICS_NAMESPACE,
      MetricName: METRIC.smsFailed,
      Dimensions: Object.entries(METRIC_DIMENSIONS).map(([Name, Value]) => ({ Name, Value })),
      Threshold: 1,
    });
  });

  it("builds an SNS deployment's outbox without Tencent's code or any secret read, when synthesised", () => {
    // Act
    const bundle = bundleOf('outbox');

    // Assert
    expect(calledActions('outbox')).toContain('sns:Publish');
    expect(calledActions('outbox').filter((a) => a.startsWith('secretsmanager:'))).toEqual([]);
    expect(bundle).not.toMatch(/tencentcloud|SendSmsRequest/);
  });

  it('sends through Tencent with the credentials secret, no SNS publish and no SNS account settings when sms.provider is tencent, and passes cdk-nag, when synthesised', () => {
    // Arrange: into the file's cloud assembly, so that CDK's asset cache (keyed by output directory
    // and bundling options) reuses every bundle this deployment shares with the default one and
    // only the outbox, whose bundle depends on the provider, is built again.
    const app = new App({ context: CDK_CONTEXT, outdir });
    const built = createFosterStacks(app, { prefix: 'FosterTencent', stateful: { smsNumber: { kind: 'none' } }, stateless: { sms: tencent } });

    // Act
    const assembly = app.synth();
    const template = Template.fromJSON(assembly.getStackArtifact(built.stateless.artifactId).template);
    const outbox = fn(template, built, 'outbox');
    const roleId = logicalId(built.stateless.functions.outbox.role!);
    const granted = statementsOf(template, roleId).filter((s) => s.Effect === 'Allow');
    const called = built.stateless.calls.outbox ?? [];
    const report = new AwsSolutionsChecks().validateScope(built.stateless);

    // Assert
    expect(outbox.Properties.Environment.Variables).toMatchObject({
      SMS_PROVIDER: 'tencent',
      TENCENT_SMS_APP_ID: '1400006666',
      TENCENT_SMS_SIGN_NAME: '平安人寿',
      TENCENT_CREDENTIALS_SECRET: 'foster/tencent-sms',
    });
    expect(JSON.parse(outbox.Properties.Environment.Variables.TENCENT_SMS_TEMPLATES as string)).toEqual(tencentTemplates);
    expect(JSON.stringify(outbox.Properties.Environment.Variables)).not.toMatch(/secretKey|AKID/);
    expect(called).toContain('secretsmanager:GetSecretValue');
    expect(called.filter((a) => a.startsWith('sns:'))).toEqual([]);
    expect(actionsOf(granted)).not.toContain('sns:Publish');
    const reads = granted.filter((s) => actionsOf([s]).includes('secretsmanager:GetSecretValue'));
    expect(reads).toHaveLength(1);
    expect(JSON.stringify(reads[0]!.Resource)).toContain('secret:foster/tencent-sms-??????');
    template.resourceCountIs('Custom::AWS', 0);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  }, 300_000);

  it('fails at synth when sms.provider is tencent and a template has no Tencent template id', () => {
    const templates = { ratingRequest: '1' } as Record<SmsTemplate, string>;
    expect(() =>
      buildWithoutBundling({ stateless: { sms: { provider: 'tencent', tencent: { sdkAppId: '1', signName: 's', templates, credentialsSecretName: 'x' } } } }),
    ).toThrow(/has no Tencent template id for agentChange/);
  });
});

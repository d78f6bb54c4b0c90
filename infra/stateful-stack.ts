import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  AccountRecovery,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolEmail,
  UserPoolOperation,
  type UserPoolClient,
  ClientAttributes,
  type UserPoolSESOptions,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { INDEXES, KEY, TTL_ATTRIBUTE } from '../lib/adapters/dynamodb/table.js';
import { functionSettings, type LogLevel } from './function-settings.js';
import { addFosterFunction } from './lambda.js';
import { Scheduling } from './scheduling.js';
import { addSmsNumber, DEFAULT_KEYWORD_REPLIES, type SmsKeywordReplies, type SmsNumberSettings } from './sms-number.js';

// What outlives a deployment: the table and its key, the topics, the staff user pool (with its
// token trigger), the SMS number and the scheduler's group, role and dead-letter queue. Kept apart
// from the functions so a stateless change can never replace or delete data, and nothing here has
// a fixed name, so a stack can be created again beside what an earlier one retained.

/** The service principal of AWS End User Messaging SMS (two-way SMS publishes inbound messages to SNS). */
export const SMS_VOICE_PRINCIPAL = 'sms-voice.amazonaws.com';

/** Name of the custom attribute holding the staff role; tokens carry it as `custom:role`. */
export const ROLE_ATTRIBUTE = 'role';
/** Custom attribute holding the staff id; ID tokens carry it as `custom:staffId`. */
export const STAFF_ID_ATTRIBUTE = 'staffId';

export interface StatefulStackProps extends StackProps {
  /**
   * Cognito threat protection (compromised credentials, adaptive authentication) in full-function
   * mode, which needs the Plus feature plan. Staff accounts reach every customer's phone number and
   * policies, so it is on unless a deployment decides otherwise.
   *
   * @default true
   */
  readonly threatProtection?: boolean;
  /**
   * Minimum password length for staff; upper, lower, digit and symbol are always required.
   *
   * @default 12
   */
  readonly passwordMinLength?: number;
  /**
   * Multi-factor authentication for staff (TOTP only, SMS is not offered).
   *
   * @default 'required'
   */
  readonly mfa?: 'required' | 'optional';
  /**
   * The number texts go out from and replies come back to (SNS provider). The default is a
   * simulator number, which reaches only simulator destinations: production sets its own.
   *
   * @default { kind: 'simulator' }
   */
  readonly smsNumber?: SmsNumberSettings;
  /** Replies to HELP and STOP on that number. @default DEFAULT_KEYWORD_REPLIES */
  readonly smsKeywordReplies?: SmsKeywordReplies;
  /**
   * Staff invitations and password resets through Amazon SES from this verified sender, instead of
   * Cognito's own mail (capped at 50 e-mails a day per account).
   *
   * @default Cognito's mail
   */
  readonly emailSender?: UserPoolSESOptions;
  /** Log level of the token trigger. @default 'INFO' */
  readonly logLevel?: LogLevel;
}

interface ResolvedStatefulProps {
  readonly threatProtection: boolean;
  readonly passwordMinLength: number;
  readonly mfa: 'required' | 'optional';
  readonly smsNumber: SmsNumberSettings;
}

function resolveProps(props: StatefulStackProps): ResolvedStatefulProps {
  const resolved: ResolvedStatefulProps = {
    threatProtection: props.threatProtection ?? true,
    passwordMinLength: props.passwordMinLength ?? 12,
    mfa: props.mfa ?? 'required',
    smsNumber: props.smsNumber ?? { kind: 'simulator' },
  };
  if (!Number.isInteger(resolved.passwordMinLength) || resolved.passwordMinLength < 8 || resolved.passwordMinLength > 99) {
    throw new Error(`StatefulStack: passwordMinLength must be an integer from 8 to 99, got ${resolved.passwordMinLength}`);
  }
  // The stacks are environment-agnostic, so Cognito cannot infer where the SES identity lives.
  if (props.emailSender && !props.emailSender.sesRegion) {
    throw new Error('StatefulStack: emailSender.sesRegion is required (the region of the verified SES identity)');
  }
  return resolved;
}

/** The table, key, topics and user pool foster keeps across deployments. */
export class StatefulStack extends Stack {
  /** Customer-managed key encrypting the table, its stream and both topics. */
  public readonly key: Key;
  /** The single table (lib/adapters/dynamodb/table.ts), with a NEW_IMAGE stream for the SMS outbox. */
  public readonly table: Table;
  /** End User Messaging two-way SMS publishes customers' replies here. */
  public readonly inboundSmsTopic: Topic;
  /** Operator alarms go here. */
  public readonly alarmTopic: Topic;
  /** Staff identities; tokens carry `sub` and `custom:role`. */
  public readonly userPool: UserPool;
  /** The staff app's client: the JWT audience of the HTTP API. */
  public readonly userPoolClient: UserPoolClient;
  /** The `?token=` SMS provider callbacks must carry (generated, kept across redeploys: it is configured at the provider). */
  public readonly callbackTokenSecret: Secret;
  /** The E.164 number texts go out from (SNS provider); undefined with `smsNumber: { kind: 'none' }`. */
  public readonly originationNumber: string | undefined;
  /** EventBridge Scheduler's group, role and dead-letter queue. */
  public readonly scheduling: Scheduling;

  constructor(scope: Construct, id: string, props: StatefulStackProps = {}) {
    super(scope, id, props);
    const settings = resolveProps(props);

    this.key = new Key(this, 'DataKey', {
      description: 'foster: table, stream and SNS topics',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Services that write to the encrypted topics must be able to use the key, from this account only.
    // SNS also delivers to the encrypted dead-letter queue of the inbound subscription.
    for (const service of [SMS_VOICE_PRINCIPAL, 'cloudwatch.amazonaws.com', 'sns.amazonaws.com']) {
      this.key.addToResourcePolicy(
        new PolicyStatement({
          sid: `Allow${service.split('.')[0]}ToEncryptMessages`,
          effect: Effect.ALLOW,
          principals: [new ServicePrincipal(service)],
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
        }),
      );
    }

    this.table = new Table(this, 'Table', {
      partitionKey: { name: KEY.pk, type: AttributeType.STRING },
      sortKey: { name: KEY.sk, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      stream: StreamViewType.NEW_IMAGE,
    });
    for (const index of INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.pk, type: AttributeType.STRING },
        sortKey: { name: index.sk, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    this.inboundSmsTopic = new Topic(this, 'InboundSmsTopic', {
      displayName: 'foster inbound SMS (End User Messaging two-way SMS)',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.inboundSmsTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowEndUserMessagingTwoWaySms',
        principals: [new ServicePrincipal(SMS_VOICE_PRINCIPAL)],
        actions: ['sns:Publish'],
        resources: [this.inboundSmsTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'foster operator alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarms',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );

    this.userPool = new UserPool(this, 'StaffPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      customAttributes: {
        // Admins set it (AdminUpdateUserAttributes); the app client below cannot write it.
        [ROLE_ATTRIBUTE]: new StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
        // The staff id the handlers scope by (Cognito's own `sub` is a generated UUID); set by admins.
        [STAFF_ID_ATTRIBUTE]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
      },
      passwordPolicy: {
        minLength: settings.passwordMinLength,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: settings.mfa === 'required' ? Mfa.REQUIRED : Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: settings.threatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(settings.threatProtection ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(props.emailSender ? { email: UserPoolEmail.withSES(props.emailSender) } : {}),
      userInvitation: {
        emailSubject: 'foster: your staff sign-in',
        emailBody: 'Your foster user name is {username} and your temporary password is {####}. Sign in within 3 days to choose your own.',
      },
    });
    // Access tokens carry custom:staffId and custom:role too (ID tokens always do), so clients may
    // send either (functions/staff-token.ts).
    const tokenTrigger = addFosterFunction(this, 'StaffTokenFunction', functionSettings({ environment: {}, logLevel: props.logLevel }), {
      entry: 'staff-token',
      description: 'foster: adds custom:staffId and custom:role to staff access tokens (Cognito Pre Token Generation V2)',
      // Cognito waits at most 5 seconds for a trigger.
      timeout: Duration.seconds(5),
    });
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, tokenTrigger, LambdaVersion.V2_0);

    this.userPoolClient = this.userPool.addClient('StaffClient', {
      authFlows: { userSrp: true },
      disableOAuth: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(ROLE_ATTRIBUTE, STAFF_ID_ATTRIBUTE),
      // A staff member must never be able to change their own role.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    if (settings.mfa === 'optional') {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason: 'foster: this deployment set StatefulStackProps.mfa to optional; staff may still turn on TOTP themselves.',
      });
    }
    if (!settings.threatProtection) {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason: 'foster: this deployment set StatefulStackProps.threatProtection to false, so the staff pool stays on the Essentials plan.',
      });
    }

    this.callbackTokenSecret = new Secret(this, 'SmsCallbackToken', {
      description: 'foster: the ?token= of the SMS provider callback URLs (Tencent Cloud SMS replies and delivery receipts)',
      // The AWS managed key: a grant on the data key to the stateless stack's role would tie the stacks in a cycle.
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.callbackTokenSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "foster: the callback token is also typed into the SMS provider's console as part of the callback URLs, so an automatic rotation would cut replies off; rotate it by hand (README) together with the provider's setting",
    });

    this.scheduling = new Scheduling(this, 'Scheduling', { key: this.key });
    this.originationNumber = addSmsNumber(this, settings.smsNumber, this.inboundSmsTopic, props.smsKeywordReplies ?? DEFAULT_KEYWORD_REPLIES);

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    new CfnOutput(this, 'ScheduleGroupName', { value: this.scheduling.groupName });
    new CfnOutput(this, 'SmsCallbackTokenSecretArn', { value: this.callbackTokenSecret.secretArn });
    new CfnOutput(this, 'InboundSmsTopicArn', { value: this.inboundSmsTopic.topicArn });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
  }
}

import type { App } from 'aws-cdk-lib';
import { StatefulStack, type StatefulStackProps } from './stateful-stack.js';
import { StatelessStack, type StatelessStackProps } from './stateless-stack.js';

// Both stacks, wired together. infra/app.ts calls this for `cdk synth`; the infra tests call it
// too, so they check the same wiring the CLI deploys.

/** What the stateless stack takes besides the stateful resources. */
export type FosterStatelessOptions = Omit<
  StatelessStackProps,
  'table' | 'dataKey' | 'inboundSmsTopic' | 'alarmTopic' | 'userPool' | 'userPoolClient' | 'scheduling' | 'callbackTokenSecret'
>;

export interface FosterStacksProps {
  /** @default 'Foster' */
  readonly prefix?: string;
  /** @default {} */
  readonly stateful?: StatefulStackProps;
  /** @default {} */
  readonly stateless?: FosterStatelessOptions;
}

export interface FosterStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/**
 * Adds the stateful and the stateless stack to `app`. Both are environment-agnostic: no lookups.
 *
 * @example
 * const app = new App();
 * const { stateful, stateless } = createFosterStacks(app);
 */
export function createFosterStacks(app: App, props: FosterStacksProps = {}): FosterStacks {
  const prefix = props.prefix ?? 'Foster';
  const stateful = new StatefulStack(app, `${prefix}Stateful`, {
    description: 'foster: table, key, topics and staff user pool (retained)',
    ...props.stateful,
  });
  const stateless = new StatelessStack(app, `${prefix}Stateless`, {
    description: 'foster: functions, HTTP API, schedules, queues and alarms',
    // Texts go out from the stateful stack's number unless a deployment names another; a deployment
    // without an AWS number (Tencent Cloud) leaves the account's SNS SMS settings alone.
    ...(stateful.originationNumber ? { smsOriginationNumber: stateful.originationNumber } : { snsSmsSettings: false }),
    ...props.stateless,
    table: stateful.table,
    dataKey: stateful.key,
    scheduling: stateful.scheduling,
    inboundSmsTopic: stateful.inboundSmsTopic,
    alarmTopic: stateful.alarmTopic,
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
    callbackTokenSecret: stateful.callbackTokenSecret,
  });
  return { stateful, stateless };
}

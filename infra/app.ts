import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { createFosterStacks } from './foster.js';
import type { SmsProviderSettings } from './stateless-stack.js';

// `cdk synth` entry (cdk.json "app"). Environment-agnostic stacks, no context lookups, so synth
// runs offline. cdk-nag 3 runs as a CDK validation plugin: an unacknowledged finding fails synth.

const app = new App();
// `sms` (cdk.json context or `-c sms='{"provider":"tencent",...}'`): which provider sends the texts (README).
const sms: unknown = app.node.tryGetContext('sms');
createFosterStacks(app, { stateless: { ...(sms ? { sms: (typeof sms === 'string' ? JSON.parse(sms) : sms) as SmsProviderSettings } : {}) } });
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();

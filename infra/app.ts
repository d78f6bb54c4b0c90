import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { createFosterStacks } from './foster.js';
import { loadDeploymentSettings, stacksProps } from './settings.js';

// `cdk synth` entry (cdk.json "app"). Environment-agnostic stacks, no context lookups, so synth
// runs offline. A deployment's settings come from foster.settings.json (infra/settings.ts).
// cdk-nag 3 runs as a CDK validation plugin: an unacknowledged finding fails synth.

const app = new App();
const file: unknown = app.node.tryGetContext('settings');
createFosterStacks(app, stacksProps(loadDeploymentSettings(typeof file === 'string' ? file : undefined)));
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();

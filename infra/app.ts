import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { createFosterStacks } from './foster.js';

// `cdk synth` entry (cdk.json "app"). Environment-agnostic stacks, no context lookups, so synth
// runs offline. cdk-nag 3 runs as a CDK validation plugin: an unacknowledged finding fails synth.

const app = new App();
createFosterStacks(app);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();

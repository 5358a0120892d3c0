import { App } from 'aws-cdk-lib';
import { StatefulStack } from './stateful-stack.ts';

// Stage and domain come from context (-c stage=prod -c domain=example.org); nothing
// account-specific is written here.
const app = new App();
const stage = String(app.node.tryGetContext('stage') ?? 'dev');
new StatefulStack(app, `Rounds-${stage}-Data`, {
  stage,
  deletionProtection: app.node.tryGetContext('deletionProtection') !== 'false',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

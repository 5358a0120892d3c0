// The CDK app: one data stack and one app stack per stage.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AppStack } from './app-stack.ts';
import { StatefulStack } from './stateful-stack.ts';

/**
 * The whole deployment for one stage. Stage and domain come from context
 * (`-c stage=prod -c domain=example.org`); nothing account-specific is written here.
 */
export function buildApp(app: App) {
  const stage = String(app.node.tryGetContext('stage') ?? 'dev');
  const domain = String(app.node.tryGetContext('domain') ?? 'rounds.example.org');
  const captureDomain = String(app.node.tryGetContext('captureDomain') ?? `in.${domain}`);
  const alarmEmail = app.node.tryGetContext('alarmEmail') as string | undefined;
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const data = new StatefulStack(app, `Rounds-${stage}-Data`, {
    env,
    stage,
    domain,
    deletionProtection: app.node.tryGetContext('deletionProtection') !== 'false',
  });
  const appStack = new AppStack(app, `Rounds-${stage}-App`, {
    env,
    stage,
    domain,
    captureDomain,
    ...(alarmEmail ? { alarmEmail } : {}),
    table: data.table,
    mailBucket: data.mailBucket,
    signingSecret: data.signingSecret,
    identity: data.identity,
    configurationSet: data.configurationSet,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { data, app: appStack };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const app = new App();
  buildApp(app);
  app.synth();
}

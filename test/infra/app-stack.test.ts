// The deployed stack, synthesized offline and checked resource by resource, with cdk-nag's
// AwsSolutions pack run as CDK runs it on `cdk synth`.
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#infra/app';

let app: Template;
let data: Template;

beforeAll(() => {
  const cdkApp = new App({
    context: { stage: 'prod', domain: 'example.org', '@aws-cdk/core:defaultCrossStackReferences': 'strong' },
  });
  const stacks = buildApp(cdkApp);
  app = Template.fromStack(stacks.app);
  data = Template.fromStack(stacks.data);
}, 120_000);

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
const statements = (template: Template) =>
  Object.entries(template.findResources('AWS::IAM::Policy')).flatMap(([id, policy]) =>
    (policy.Properties.PolicyDocument.Statement as Statement[]).map((s) => ({ id, ...s })),
  );
const asList = <T>(v: T | T[]) => (Array.isArray(v) ? v : [v]);

describe('the data stack', () => {
  it('keeps raw mail encrypted, private, TLS-only, for 30 days', () => {
    data.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })] },
    });
    data.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'ses.amazonaws.com' },
            Action: 's3:PutObject',
          }),
        ]),
      },
    });
  });

  it('has the sending domain with Easy DKIM and a configuration set', () => {
    data.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'example.org',
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
    });
    data.resourceCountIs('AWS::SES::ConfigurationSet', 1);
  });

  it('generates the signing key in Secrets Manager, never in the template', () => {
    data.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
    });
  });
});

describe('the app stack', () => {
  it('runs four functions on arm64 Node.js 22, bundled ESM with source maps', () => {
    const functions = Object.values(app.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties.Environment?.Variables?.NODE_OPTIONS === '--enable-source-maps',
    );
    expect(functions).toHaveLength(4);
    for (const f of functions) {
      expect(f.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      });
    }
  });

  it('receives mail for the capture domain: spam and virus scanning, S3 first, then the inbound function', () => {
    app.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: Match.objectLike({
        Recipients: ['in.example.org'],
        ScanEnabled: true,
        Enabled: true,
        Actions: [
          { S3Action: Match.objectLike({ ObjectKeyPrefix: 'inbound/' }) },
          { LambdaAction: Match.objectLike({ InvocationType: 'Event' }) },
        ],
      }),
    });
    const activation = Object.values(app.findResources('Custom::AWS'))[0];
    expect(JSON.stringify(activation?.Properties.Update)).toContain('setActiveReceiptRuleSet');
  });

  it('routes bounces and complaints to the feedback function', () => {
    data.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ MatchingEventTypes: ['bounce', 'complaint'], Enabled: true }),
    });
    app.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.ses'], 'detail-type': ['Email Bounced', 'Email Complaint Received'] },
    });
  });

  it('has a schedule group, a role only Scheduler in this account assumes, and a dead-letter queue', () => {
    app.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'rounds-prod' });
    app.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ],
      },
    });
  });

  it('alarms on errors, throttles and dead letters, and keeps logs a month', () => {
    const alarms = Object.values(app.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties.MetricName,
    );
    expect(alarms.filter((m) => m === 'Errors')).toHaveLength(4);
    expect(alarms.filter((m) => m === 'Throttles')).toHaveLength(4);
    expect(alarms.filter((m) => m === 'ApproximateNumberOfMessagesVisible')).toHaveLength(3);
    for (const group of Object.values(app.findResources('AWS::Logs::LogGroup')))
      expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('grants no * resource except the one SES API that has no resource-level permissions', () => {
    const star = statements(app).filter((s) => asList(s.Resource).includes('*'));
    expect(star.map((s) => s.Action)).toEqual(['ses:SetActiveReceiptRuleSet']);
  });

  it('never grants Scan, and names the table and its indexes exactly', () => {
    const dynamo = statements(app).filter((s) => asList(s.Action).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.length).toBeGreaterThanOrEqual(4);
    for (const s of dynamo) {
      expect(asList(s.Action)).not.toContain('dynamodb:Scan');
      expect(JSON.stringify(s.Resource)).not.toContain('index/*');
      expect(JSON.stringify(s.Resource)).toContain('/index/gsi1');
      expect(JSON.stringify(s.Resource)).toContain('/index/gsi2');
    }
  });

  it('lets only the inbound function read raw mail, and only under its prefix', () => {
    const s3 = statements(app).filter((s) => asList(s.Action).some((a) => a.startsWith('s3:')));
    expect(s3).toHaveLength(1);
    expect(s3[0]?.Action).toBe('s3:GetObject');
    expect(s3[0]?.id).toMatch(/^Inbound/);
    expect(JSON.stringify(s3[0]?.Resource)).toContain('/inbound/*');
  });

  it('sends mail only as the domain identity, through the configuration set', () => {
    const ses = statements(app).filter((s) => asList(s.Action).includes('ses:SendEmail'));
    // The dashboard mails sign-in links and address checks.
    expect(ses.map((s) => s.id.replace(/Function.*/, '')).sort()).toEqual(['Api', 'Dispatch', 'Inbound']);
    for (const s of ses) {
      const resources = JSON.stringify(s.Resource);
      expect(asList(s.Resource)).toHaveLength(2);
      expect(resources).toContain(':identity/');
      expect(resources).toContain(':configuration-set/');
    }
  });

  it('lets the dashboard write the table and hand held mail to the inbound function, and no other function invokes', () => {
    const writes = statements(app).filter((s) => asList(s.Action).includes('dynamodb:UpdateItem'));
    expect(writes.map((s) => s.id.replace(/Function.*/, '')).sort()).toEqual([
      'Api',
      'Dispatch',
      'Feedback',
      'Inbound',
    ]);
    // Scheduler's role invokes dispatch; of the functions' roles, only the dashboard's invokes at all.
    const invokes = statements(app).filter(
      (s) => asList(s.Action).includes('lambda:InvokeFunction') && !s.id.startsWith('SchedulerRole'),
    );
    expect(invokes.map((s) => s.id.replace(/Function.*/, ''))).toEqual(['Api']);
    expect(JSON.stringify(invokes[0]?.Resource)).toContain(':function:rounds-prod-inbound');
    app.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'rounds-prod-inbound',
    });
    app.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ROUNDS_INBOUND_FUNCTION: 'rounds-prod-inbound' }) },
    });
  });

  it('outputs what the CLI needs to reach the deployed stack', () => {
    for (const key of [
      'DashboardUrl',
      'ScheduleGroupName',
      'SchedulerRoleArn',
      'DispatchFunctionArn',
      'CaptureDomain',
      'AlarmTopicArn',
    ])
      app.hasOutput(key, {});
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('passes, every accepted finding acknowledged with a reason', () => {
    const cdkApp = new App({
      outdir: `${process.env.TMPDIR ?? '/tmp'}/rounds-nag-${process.pid}`,
      context: { stage: 'nag', domain: 'example.org', '@aws-cdk/core:defaultCrossStackReferences': 'strong' },
    });
    buildApp(cdkApp);
    expect(() => cdkApp.synth()).not.toThrow();
  });
});

// The app stack: the functions, SES receiving, the schedule group, bounce routing and alarms.
import { ArnFormat, Aws, CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  type ConfigurationSet,
  type EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  ReceiptRuleSet,
  TlsPolicy,
} from 'aws-cdk-lib/aws-ses';
import { Lambda as LambdaAction, LambdaInvocationType, S3 as S3Action } from 'aws-cdk-lib/aws-ses-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { TABLE_SCHEMA } from '#shared/store/table';
import { mailBucketName } from './names.ts';
import { RoundsFunction } from './rounds-function.ts';

export type AppStackProps = StackProps & {
  stage: string;
  domain: string;
  /** Mail to <token>@<captureDomain> reaches Rounds; an MX record points it at SES. */
  captureDomain: string;
  alarmEmail?: string;
  table: TableV2;
  mailBucket: Bucket;
  signingSecret: Secret;
  identity: EmailIdentity;
  configurationSet: ConfigurationSet;
};

export const MAIL_PREFIX = 'inbound/';

const mailBucketArn = (stack: Stack, stage: string) => `arn:${stack.partition}:s3:::${mailBucketName(stage)}`;

/** What every function does with the table (TransactWriteItems is authorized item by item). */
const TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/**
 * The table and its indexes, named exactly: no Scan, no DescribeTable, no wildcard.
 * (CDK's grant* helpers would add Scan and `index/*`.)
 */
function tableAccess(table: TableV2): PolicyStatement {
  return new PolicyStatement({
    actions: TABLE_ACTIONS,
    resources: [
      table.tableArn,
      ...[TABLE_SCHEMA.dueIndex, TABLE_SCHEMA.peopleIndex].map(
        (index) => `${table.tableArn}/index/${index.name}`,
      ),
    ],
  });
}

/** The functions, receiving, schedules and alarms: everything redeployable without data loss. */
export class AppStack extends Stack {
  readonly stage: string;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { stage, table, mailBucket, signingSecret, identity, configurationSet } = props;
    this.stage = stage;

    const alarms = new Topic(this, 'Alarms', { displayName: `Rounds ${stage} alarms`, enforceSSL: true });
    if (props.alarmEmail) alarms.addSubscription(new EmailSubscription(props.alarmEmail));

    const sendAs = `rounds@${props.captureDomain}`;
    const mailObjectsArn = `${mailBucketArn(this, stage)}/${MAIL_PREFIX}*`;
    const common = {
      ROUNDS_TABLE: table.tableName,
      ROUNDS_CAPTURE_DOMAIN: props.captureDomain,
      ROUNDS_FROM_ADDRESS: `Rounds <${sendAs}>`,
      ROUNDS_SIGNING_SECRET_ARN: signingSecret.secretArn,
      ROUNDS_CONFIGURATION_SET: configurationSet.configurationSetName,
    };
    // Sending is allowed from the domain identity, through the configuration set, and nothing else.
    const sendEmail = new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity.emailIdentityName }),
        this.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: configurationSet.configurationSetName,
        }),
      ],
    });

    // Named ahead, because the dashboard invokes it ("I sent it" on held mail) while it reads
    // the dashboard's URL: a reference each way would be a circular dependency.
    const inboundName = `rounds-${stage}-inbound`;
    const api = new RoundsFunction(this, 'Api', {
      name: 'api',
      stage,
      description: 'Rounds dashboard and signed links (Hono)',
      environment: { ...common, ROUNDS_INBOUND_FUNCTION: inboundName },
      alarmTopic: alarms,
      asynchronous: false,
      memorySize: 256,
      timeout: Duration.seconds(10),
    });
    // The dashboard writes (actions, settings, sessions) and mails (sign-in links, address checks).
    api.fn.addToRolePolicy(tableAccess(table));
    signingSecret.grantRead(api.fn);
    api.fn.addToRolePolicy(sendEmail);
    api.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [
          this.formatArn({
            service: 'lambda',
            resource: 'function',
            resourceName: inboundName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    const apiUrl = api.fn.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    const withDashboard = { ...common, ROUNDS_DASHBOARD_URL: apiUrl.url.replace(/\/$/, '') };

    const inbound = new RoundsFunction(this, 'Inbound', {
      name: 'inbound',
      functionName: inboundName,
      stage,
      description: 'SES receipt → raw mail from S3 → ingest; held mail the user confirmed',
      environment: {
        ...withDashboard,
        ROUNDS_MAIL_BUCKET: mailBucket.bucketName,
        ROUNDS_MAIL_PREFIX: MAIL_PREFIX,
      },
      alarmTopic: alarms,
      asynchronous: true,
      // 25 MB of attachments are parsed in memory; more memory is also more CPU.
      memorySize: 1024,
      timeout: Duration.seconds(60),
    });
    inbound.fn.addToRolePolicy(tableAccess(table));
    // Exactly the objects SES writes under the prefix; the function lists and writes nothing.
    inbound.fn.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [mailObjectsArn] }),
    );
    signingSecret.grantRead(inbound.fn);
    inbound.fn.addToRolePolicy(sendEmail);

    const dispatch = new RoundsFunction(this, 'Dispatch', {
      name: 'dispatch',
      stage,
      description: 'Per-user schedule → due reminders and the weekly digest',
      environment: withDashboard,
      alarmTopic: alarms,
      asynchronous: true,
      timeout: Duration.seconds(60),
    });
    dispatch.fn.addToRolePolicy(tableAccess(table));
    signingSecret.grantRead(dispatch.fn);
    dispatch.fn.addToRolePolicy(sendEmail);

    const feedback = new RoundsFunction(this, 'Feedback', {
      name: 'feedback',
      stage,
      description: 'SES bounces and complaints → stop mailing that user',
      environment: { ROUNDS_TABLE: table.tableName },
      alarmTopic: alarms,
      asynchronous: true,
      memorySize: 256,
    });
    feedback.fn.addToRolePolicy(tableAccess(table));
    configurationSet.addEventDestination('Feedback', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    new Rule(this, 'FeedbackRule', {
      description: 'SES bounces and complaints for Rounds mail',
      eventPattern: { source: ['aws.ses'], detailType: ['Email Bounced', 'Email Complaint Received'] },
      targets: [
        new LambdaFunction(feedback.fn, { deadLetterQueue: feedback.deadLetterQueue, retryAttempts: 2 }),
      ],
    });

    // Receiving: raw mail to S3 first, then the inbound function, for the capture domain only.
    const ruleSet = new ReceiptRuleSet(this, 'Receiving', { receiptRuleSetName: `rounds-${stage}` });
    ruleSet.addRule('Capture', {
      recipients: [props.captureDomain],
      scanEnabled: true,
      tlsPolicy: TlsPolicy.OPTIONAL,
      actions: [
        new S3Action({ bucket: mailBucket, objectKeyPrefix: MAIL_PREFIX }),
        new LambdaAction({ function: inbound.fn, invocationType: LambdaInvocationType.EVENT }),
      ],
    });
    // CDK creates a rule set but cannot make it the active one (AWS-NOTES.md §1).
    const activate = new AwsCustomResource(this, 'ActivateReceiving', {
      onUpdate: {
        service: 'SES',
        action: 'setActiveReceiptRuleSet',
        parameters: { RuleSetName: ruleSet.receiptRuleSetName },
        physicalResourceId: PhysicalResourceId.of(`rounds-${stage}-active-rule-set`),
      },
      onDelete: { service: 'SES', action: 'setActiveReceiptRuleSet', parameters: {} },
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['ses:SetActiveReceiptRuleSet'], resources: ['*'] }),
      ]),
      installLatestAwsSdk: false,
    });
    activate.node.addDependency(ruleSet);

    // Scheduler: per-user schedules live in this group and invoke dispatch with this role.
    const group = new CfnScheduleGroup(this, 'Schedules', { name: `rounds-${stage}` });
    const schedulerDeadLetters = new Queue(this, 'ScheduleDeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'Assumed by EventBridge Scheduler to wake a user dispatch run',
    });
    schedulerRole.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['lambda:InvokeFunction'],
        resources: [dispatch.fn.functionArn],
      }),
    );
    schedulerDeadLetters.grantSendMessages(schedulerRole);

    const outputs: Record<string, string> = {
      Stage: stage,
      CaptureDomain: props.captureDomain,
      DashboardUrl: apiUrl.url,
      InboundFunctionName: inbound.fn.functionName,
      DispatchFunctionName: dispatch.fn.functionName,
      DispatchFunctionArn: dispatch.fn.functionArn,
      ApiFunctionName: api.fn.functionName,
      FeedbackFunctionName: feedback.fn.functionName,
      ScheduleGroupName: group.ref,
      SchedulerRoleArn: schedulerRole.roleArn,
      ScheduleDeadLetterQueueArn: schedulerDeadLetters.queueArn,
      AlarmTopicArn: alarms.topicArn,
      ReceiptRuleSetName: ruleSet.receiptRuleSetName,
    };
    for (const [key, value] of Object.entries(outputs)) new CfnOutput(this, key, { value });

    this.acknowledgeFindings({
      alarms,
      schedulerDeadLetters,
      activate,
      functions: [api, inbound, dispatch, feedback],
    });
  }

  /** Every accepted cdk-nag finding, with the reason a reviewer would want. */
  private acknowledgeFindings(parts: {
    alarms: Topic;
    schedulerDeadLetters: Queue;
    activate: AwsCustomResource;
    functions: RoundsFunction[];
  }) {
    Validations.of(parts.alarms).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key; alarm messages carry no user data.',
    });
    for (const queue of [
      parts.schedulerDeadLetters,
      ...parts.functions.flatMap((f) => (f.deadLetterQueue ? [f.deadLetterQueue] : [])),
    ])
      Validations.of(queue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is itself a dead-letter queue.',
      });
    Validations.of(parts.activate).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'ses:SetActiveReceiptRuleSet supports no resource-level permissions; the custom resource can do nothing else.',
    });
    const basicExecution =
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';
    const provider = this.node.tryFindChild(
      AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '').replace(/^/, 'AWS'),
    );
    for (const scope of [...parts.functions, ...(provider ? [provider] : [])])
      Validations.of(scope).acknowledge({
        id: basicExecution,
        reason: 'AWSLambdaBasicExecutionRole only lets the function write its own logs.',
      });
    const inbound = parts.functions.find((f) => f.node.id === 'Inbound');
    if (inbound)
      Validations.of(inbound).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${mailBucketName(this.stage).replace(Aws.ACCOUNT_ID, '<AWS::AccountId>').replace(Aws.REGION, '<AWS::Region>')}/${MAIL_PREFIX}*]`,
        reason:
          'The inbound function reads the objects SES writes under its prefix; their keys are SES message ids.',
      });
    for (const f of parts.functions)
      Validations.of(f).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          'Node.js 22 is the runtime Rounds is built and tested for; moving to a newer one is a tested change.',
      });
  }
}

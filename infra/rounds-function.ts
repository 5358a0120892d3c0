// One construct for a function the way Rounds makes functions (arm64, Node 22, ESM, logs).
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  ALIASES,
  ESM_REQUIRE_BANNER,
  EXTERNAL_MODULES,
  FUNCTIONS,
  type FunctionName,
  TARGET,
} from './bundling.ts';

export type RoundsFunctionProps = {
  name: FunctionName;
  stage: string;
  description: string;
  environment: Record<string, string>;
  alarmTopic: ITopic;
  memorySize?: number;
  timeout?: Duration;
  /** Invoked asynchronously (SES, Scheduler, EventBridge): failures land in a dead-letter queue. */
  asynchronous: boolean;
  /** A fixed name, for a function another one invokes by name (CloudFormation's own otherwise). */
  functionName?: string;
};

/**
 * A function the way Rounds makes functions: arm64, Node.js 22, minified ESM with source
 * maps, a log group with retention, alarms on errors and throttles, and for asynchronous
 * invocations a dead-letter queue with an alarm on its depth.
 */
export class RoundsFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly deadLetterQueue?: Queue;

  constructor(scope: Construct, id: string, props: RoundsFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH });
    this.deadLetterQueue = props.asynchronous
      ? new Queue(this, 'DeadLetters', {
          retentionPeriod: Duration.days(14),
          encryption: QueueEncryption.SQS_MANAGED,
          enforceSSL: true,
        })
      : undefined;
    this.fn = new NodejsFunction(this, 'Function', {
      entry: FUNCTIONS[props.name],
      ...(props.functionName ? { functionName: props.functionName } : {}),
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      ...(this.deadLetterQueue ? { deadLetterQueue: this.deadLetterQueue, retryAttempts: 2 } : {}),
      depsLockFilePath: 'package-lock.json',
      bundling: {
        format: OutputFormat.ESM,
        target: TARGET,
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        externalModules: EXTERNAL_MODULES,
        esbuildArgs: { '--alias': Object.entries(ALIASES).map(([from, to]) => `${from}=${to}`) },
        forceDockerBundling: false,
      },
    });
    const action = new SnsAction(props.alarmTopic);
    const alarm = (alarmId: string, metric: ReturnType<NodejsFunction['metricErrors']>, what: string) =>
      new Alarm(this, alarmId, {
        alarmDescription: `Rounds ${props.stage} ${props.name}: ${what}`,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(action);
    alarm('Errors', this.fn.metricErrors({ period: Duration.minutes(5) }), 'errors');
    alarm('Throttles', this.fn.metricThrottles({ period: Duration.minutes(5) }), 'throttled');
    if (this.deadLetterQueue)
      alarm(
        'DeadLetterDepth',
        this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
        'events in the dead-letter queue',
      );
  }
}

// `--stage <name>`: the CLI against a deployed stack, found by its CloudFormation outputs.
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { awsSchedules } from '#shared/adapters/lambda';
import { systemClock } from '#shared/domain/clock';
import type { Config } from '#shared/domain/config';
import { sesMailer } from '#shared/adapters/ses-mailer';
import { Store } from '#shared/store/store';
import type { LocalContext } from './local/context.ts';

type Sender = {
  send(
    command: DescribeStacksCommand,
  ): Promise<{ Stacks?: { Outputs?: { OutputKey?: string; OutputValue?: string }[] }[] }>;
};

/** Both stacks' outputs for a stage, as one map; a missing stack is an error that says which. */
export async function stackOutputs(stage: string, client: Sender = new CloudFormationClient({})) {
  const outputs: Record<string, string> = {};
  for (const stackName of [`Rounds-${stage}-Data`, `Rounds-${stage}-App`]) {
    let stacks: Awaited<ReturnType<Sender['send']>>['Stacks'];
    try {
      stacks = (await client.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks;
    } catch (error) {
      throw new Error(
        `cannot read stack ${stackName} (${(error as Error).name}): deploy it first, or check AWS_REGION and credentials`,
      );
    }
    for (const output of stacks?.[0]?.Outputs ?? [])
      if (output.OutputKey) outputs[output.OutputKey] = output.OutputValue ?? '';
  }
  const missing = [
    'TableName',
    'CaptureDomain',
    'ScheduleGroupName',
    'DispatchFunctionArn',
    'SchedulerRoleArn',
  ].filter((k) => !outputs[k]);
  if (missing.length > 0) throw new Error(`stack outputs missing for stage ${stage}: ${missing.join(', ')}`);
  return outputs;
}

export async function openAwsContext(stage: string): Promise<LocalContext> {
  const outputs = await stackOutputs(stage);
  const secret = outputs.SigningKeyArn
    ? (
        await new SecretsManagerClient({}).send(
          new GetSecretValueCommand({ SecretId: outputs.SigningKeyArn }),
        )
      ).SecretString
    : undefined;
  if (!secret) throw new Error(`stage ${stage} has no readable signing key (SigningKeyArn)`);
  const config: Config = {
    tableName: outputs.TableName!,
    captureDomain: outputs.CaptureDomain!,
    fromAddress: `Rounds <rounds@${outputs.CaptureDomain}>`,
    signingSecret: secret,
    ...(outputs.DashboardUrl ? { dashboardUrl: outputs.DashboardUrl.replace(/\/$/, '') } : {}),
    ...(outputs.ConfigurationSetName ? { configurationSet: outputs.ConfigurationSetName } : {}),
  };
  const dynamo = new DynamoDBClient({});
  const ses = new SESv2Client({});
  return {
    home: '',
    config,
    store: new Store({ tableName: config.tableName, client: dynamo }),
    mailer: sesMailer(ses, process.env.AWS_REGION ?? 'us-east-1', config.configurationSet),
    schedules: awsSchedules({
      groupName: outputs.ScheduleGroupName!,
      targetArn: outputs.DispatchFunctionArn!,
      roleArn: outputs.SchedulerRoleArn!,
      ...(outputs.ScheduleDeadLetterQueueArn ? { deadLetterArn: outputs.ScheduleDeadLetterQueueArn } : {}),
    }),
    clock: systemClock,
    joined: true,
    async close() {
      dynamo.destroy();
      ses.destroy();
    },
  };
}

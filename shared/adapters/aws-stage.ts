// Deps for a deployed stage, from the CLI (`rounds … --stage prod`): found by the stacks'
// CloudFormation outputs, with the signing key read from Secrets Manager.
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { Config } from '../domain/config.ts';
import { OperationFailedError } from '../domain/errors.ts';
import { eventBridgeSchedules } from './eventbridge-schedules.ts';
import { heldMailLoadedOnUse, type LocalDeps } from './local.ts';
import { createDeps } from './wiring.ts';

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
      throw new OperationFailedError(
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
  if (missing.length > 0)
    throw new OperationFailedError(`stack outputs missing for stage ${stage}: ${missing.join(', ')}`);
  return outputs;
}

export async function stageDeps(stage: string): Promise<LocalDeps> {
  const outputs = await stackOutputs(stage);
  const secret = outputs.SigningKeyArn
    ? (
        await new SecretsManagerClient({}).send(
          new GetSecretValueCommand({ SecretId: outputs.SigningKeyArn }),
        )
      ).SecretString
    : undefined;
  if (!secret) throw new OperationFailedError(`stage ${stage} has no readable signing key (SigningKeyArn)`);
  const config: Config = {
    tableName: outputs.TableName!,
    captureDomain: outputs.CaptureDomain!,
    fromAddress: `Rounds <rounds@${outputs.CaptureDomain}>`,
    signingSecret: secret,
    ...(outputs.DashboardUrl ? { dashboardUrl: outputs.DashboardUrl.replace(/\/$/, '') } : {}),
    ...(outputs.ConfigurationSetName ? { configurationSet: outputs.ConfigurationSetName } : {}),
  };
  const dynamo = new DynamoDBClient({});
  const scheduler = new SchedulerClient({});
  const deps = createDeps({
    config,
    dynamo,
    // The CLI's full credential chain (profiles, SSO), asked again before each send.
    ses: { region: await dynamo.config.region(), credentials: defaultProvider() },
    heldMail: heldMailLoadedOnUse,
    schedules: () =>
      eventBridgeSchedules(scheduler, {
        groupName: outputs.ScheduleGroupName!,
        targetArn: outputs.DispatchFunctionArn!,
        roleArn: outputs.SchedulerRoleArn!,
        ...(outputs.ScheduleDeadLetterQueueArn ? { deadLetterArn: outputs.ScheduleDeadLetterQueueArn } : {}),
      }),
  });
  return {
    ...deps,
    dynamo,
    close() {
      dynamo.destroy();
      scheduler.destroy();
    },
  };
}

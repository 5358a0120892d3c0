// The CLI's way to a deployed stack: CloudFormation outputs. CloudFormation cannot run here,
// so its client is faked with the answers DescribeStacks gives.
import type { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { stackOutputs } from '#shared/adapters/aws-stage';
import { rounds, tempHome } from '../../support/cli.ts';

function fakeCloudFormation(stacks: Record<string, Record<string, string>>) {
  const asked: string[] = [];
  return {
    asked,
    client: {
      async send(command: DescribeStacksCommand) {
        const name = String(command.input.StackName);
        asked.push(name);
        const outputs = stacks[name];
        if (!outputs)
          throw Object.assign(new Error(`Stack with id ${name} does not exist`), { name: 'ValidationError' });
        return {
          Stacks: [
            {
              Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({
                OutputKey,
                OutputValue,
              })),
            },
          ],
        };
      },
    },
  };
}

const deployed = {
  'Rounds-prod-Data': {
    TableName: 'Rounds-prod-Data-Table',
    SigningKeyArn: 'arn:aws:secretsmanager:us-east-1:1:secret:k',
  },
  'Rounds-prod-App': {
    CaptureDomain: 'in.example.org',
    ScheduleGroupName: 'rounds-prod',
    DispatchFunctionArn: 'arn:aws:lambda:us-east-1:1:function:d',
    SchedulerRoleArn: 'arn:aws:iam::1:role/s',
    DashboardUrl: 'https://abc.lambda-url.us-east-1.on.aws/',
  },
};

describe('stackOutputs', () => {
  it('reads both stacks of a stage into one map', async () => {
    const fake = fakeCloudFormation(deployed);
    const outputs = await stackOutputs('prod', fake.client);
    expect(fake.asked).toEqual(['Rounds-prod-Data', 'Rounds-prod-App']);
    expect(outputs).toMatchObject({ TableName: 'Rounds-prod-Data-Table', ScheduleGroupName: 'rounds-prod' });
  });

  it('says which stack is missing, and what to do', async () => {
    await expect(stackOutputs('staging', fakeCloudFormation(deployed).client)).rejects.toThrow(
      /cannot read stack Rounds-staging-Data \(ValidationError\): deploy it first/,
    );
  });

  it('says which outputs are missing', async () => {
    const partial = { ...deployed, 'Rounds-prod-App': { CaptureDomain: 'in.example.org' } };
    await expect(stackOutputs('prod', fakeCloudFormation(partial).client)).rejects.toThrow(
      /missing for stage prod: ScheduleGroupName, DispatchFunctionArn, SchedulerRoleArn/,
    );
  });
});

describe('rounds --stage', () => {
  it('refuses local-only commands against a deployed stack, before touching anything', async () => {
    const result = await rounds(
      { ROUNDS_HOME: tempHome() },
      'tick',
      '--now',
      '2026-12-01T00:00:00Z',
      '--stage',
      'prod',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('rounds tick runs on the local stack only');
  });
});

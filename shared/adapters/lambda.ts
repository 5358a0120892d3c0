// Deps for Lambda: clients and configuration built once per cold start. The signing key comes
// from Secrets Manager, never from the template. Each function imports only what it calls:
// the feedback function takes lambdaStoreDeps (DynamoDB alone), only inbound reads S3.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { Deps } from '../deps.ts';
import { systemClock } from '../domain/clock.ts';
import { OperationFailedError } from '../domain/errors.ts';
import type { HeldMail, RawMailSource } from '../domain/ports.ts';
import type { Schedules } from '../domain/schedules.ts';
import { createStore } from '../store/index.ts';
import { type AwsService, awsFetch } from './aws-fetch.ts';
import { configFromEnv } from './config.ts';
import { dynamoTable } from './dynamodb-table.ts';
import { heldMailViaInbound } from './inbound-invoke.ts';
import { s3RawMail } from './raw-mail.ts';
import { createDeps } from './wiring.ts';

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`invalid configuration: ${name} is not set`);
  return value;
}

/** Lambda hands the function its role's credentials in the environment. */
const lambdaService = (env: NodeJS.ProcessEnv): AwsService => ({
  region: required(env, 'AWS_REGION'),
  credentials: fromEnv(),
});

async function signingSecret(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (env.ROUNDS_SIGNING_SECRET) return env.ROUNDS_SIGNING_SECRET;
  const arn = env.ROUNDS_SIGNING_SECRET_ARN;
  if (!arn) return undefined;
  // GetSecretValue, once per cold start, signed like the SES and S3 calls (aws-fetch.ts).
  const region = required(env, 'AWS_REGION');
  const response = await awsFetch(
    { ...lambdaService(env), signingName: 'secretsmanager' },
    `https://secretsmanager.${region}.amazonaws.com/`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'secretsmanager.GetSecretValue',
      },
      body: JSON.stringify({ SecretId: arn }),
    },
  );
  return ((await response.json()) as { SecretString?: string }).SecretString;
}

/** The functions never change schedules (users are added from the CLI); asking is a wiring bug. */
const noSchedules: Schedules = {
  put: async () => {
    throw new OperationFailedError('schedules are managed from the CLI, not from this function');
  },
  list: async () => [],
  delete: async () => {
    throw new OperationFailedError('schedules are managed from the CLI, not from this function');
  },
};

/**
 * "I sent it" is recorded by the inbound function: the dashboard invokes it when it knows its
 * name (ROUNDS_INBOUND_FUNCTION); the inbound function passes its own in-process HeldMail.
 */
function heldMailFromEnv(env: NodeJS.ProcessEnv) {
  const inbound = env.ROUNDS_INBOUND_FUNCTION;
  return (deps: () => Deps): HeldMail =>
    inbound
      ? heldMailViaInbound(lambdaService(env), inbound, deps)
      : {
          confirm: async () => {
            throw new OperationFailedError('held mail is confirmed by the dashboard, not this function');
          },
        };
}

export async function lambdaDeps(
  env: NodeJS.ProcessEnv = process.env,
  heldMail: (deps: () => Deps) => HeldMail = heldMailFromEnv(env),
): Promise<Deps> {
  const config = configFromEnv({ ...env, ROUNDS_SIGNING_SECRET: await signingSecret(env) });
  return createDeps({
    config,
    dynamo: new DynamoDBClient({}),
    ses: lambdaService(env),
    schedules: () => noSchedules,
    heldMail,
  });
}

/** For a function that only records (delivery feedback): the table and the clock. */
export function lambdaStoreDeps(env: NodeJS.ProcessEnv = process.env): Pick<Deps, 'store' | 'clock'> {
  const table = dynamoTable(new DynamoDBClient({}), required(env, 'ROUNDS_TABLE'));
  return { store: createStore(table), clock: systemClock };
}

export function lambdaRawMail(env: NodeJS.ProcessEnv = process.env): RawMailSource {
  return s3RawMail(
    lambdaService(env),
    required(env, 'ROUNDS_MAIL_BUCKET'),
    env.ROUNDS_MAIL_PREFIX ?? 'inbound/',
  );
}

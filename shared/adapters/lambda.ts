// Deps for Lambda: clients and configuration built once per cold start. The signing key comes
// from Secrets Manager, never from the template.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Deps } from '../deps.ts';
import { systemClock } from '../domain/clock.ts';
import { OperationFailedError } from '../domain/errors.ts';
import type { RawMailSource } from '../domain/ports.ts';
import type { Schedules } from '../domain/schedules.ts';
import { createStore } from '../store/index.ts';
import { configFromEnv } from './config.ts';
import { dynamoTable } from './dynamodb-table.ts';
import { s3RawMail } from './raw-mail.ts';
import { createDeps } from './wiring.ts';

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`invalid configuration: ${name} is not set`);
  return value;
}

async function signingSecret(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (env.ROUNDS_SIGNING_SECRET) return env.ROUNDS_SIGNING_SECRET;
  const arn = env.ROUNDS_SIGNING_SECRET_ARN;
  if (!arn) return undefined;
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  return out.SecretString;
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

export async function lambdaDeps(env: NodeJS.ProcessEnv = process.env): Promise<Deps> {
  const config = configFromEnv({ ...env, ROUNDS_SIGNING_SECRET: await signingSecret(env) });
  return createDeps({
    config,
    dynamo: new DynamoDBClient({}),
    ses: new SESv2Client({}),
    sesRegion: env.AWS_REGION ?? 'us-east-1',
    schedules: () => noSchedules,
  });
}

/** For a function that only records (delivery feedback): the table and the clock. */
export function lambdaStoreDeps(env: NodeJS.ProcessEnv = process.env): Pick<Deps, 'store' | 'clock'> {
  const table = dynamoTable(new DynamoDBClient({}), required(env, 'ROUNDS_TABLE'));
  return { store: createStore(table), clock: systemClock };
}

export function lambdaRawMail(env: NodeJS.ProcessEnv = process.env): RawMailSource {
  return s3RawMail(
    new S3Client({}),
    required(env, 'ROUNDS_MAIL_BUCKET'),
    env.ROUNDS_MAIL_PREFIX ?? 'inbound/',
  );
}

// The AWS adapters wired together for Lambda: clients and configuration built once per
// cold start. The signing key comes from Secrets Manager, never from the template.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { eventBridgeSchedules } from './eventbridge-schedules.ts';
import { systemClock } from '../domain/clock.ts';
import { configFromEnv } from '../domain/config.ts';
import { sesMailer } from './ses-mailer.ts';
import { s3RawMail } from './raw-mail.ts';
import { Store } from '../store/store.ts';

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

export async function lambdaDeps(env: NodeJS.ProcessEnv = process.env) {
  const config = configFromEnv({ ...env, ROUNDS_SIGNING_SECRET: await signingSecret(env) });
  const region = env.AWS_REGION ?? 'us-east-1';
  return {
    config,
    clock: systemClock,
    store: new Store({ tableName: config.tableName, client: new DynamoDBClient({}) }),
    mailer: sesMailer(new SESv2Client({}), region, config.configurationSet),
  };
}

export function lambdaRawMail(env: NodeJS.ProcessEnv = process.env) {
  return s3RawMail(
    new S3Client({}),
    required(env, 'ROUNDS_MAIL_BUCKET'),
    env.ROUNDS_MAIL_PREFIX ?? 'inbound/',
  );
}

/** The schedule group and target every user's schedules use (from the stack's outputs). */
export function awsSchedules(
  settings: { groupName: string; targetArn: string; roleArn: string; deadLetterArn?: string },
  client = new SchedulerClient({}),
) {
  return eventBridgeSchedules(client, settings);
}

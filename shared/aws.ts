// The AWS adapters wired together for Lambda: clients built once per cold start.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { systemClock } from './clock.ts';
import { configFromEnv } from './config.ts';
import { sesMailer } from './mailer.ts';
import { s3RawMail } from './raw-mail.ts';
import { Store } from './store.ts';

export function lambdaDeps(env: NodeJS.ProcessEnv = process.env) {
  const config = configFromEnv(env);
  const region = env.AWS_REGION ?? 'us-east-1';
  return {
    config,
    clock: systemClock,
    store: new Store({ tableName: config.tableName, client: new DynamoDBClient({}) }),
    mailer: sesMailer(new SESv2Client({}), region),
  };
}

export function lambdaRawMail(env: NodeJS.ProcessEnv = process.env) {
  const bucket = env.ROUNDS_MAIL_BUCKET;
  if (!bucket) throw new Error('invalid configuration: ROUNDS_MAIL_BUCKET is not set');
  return s3RawMail(new S3Client({}), bucket, env.ROUNDS_MAIL_PREFIX ?? 'inbound/');
}

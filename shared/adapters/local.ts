// Deps for the local stack, the CLI, the demo, the bench and tests: the same adapters as in
// AWS, pointed at DynamoDB Local and aws-ses-v2-local on loopback.
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Deps } from '../deps.ts';
import type { Clock } from '../domain/clock.ts';
import type { Config } from '../domain/config.ts';
import { createDeps } from './wiring.ts';

/** Local components accept any credentials; these only satisfy the SDK. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_REGION = 'us-east-1';

export const localDynamoClient = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 2 });

/** True once DynamoDB Local answers at that endpoint. */
export async function dynamoAnswers(endpoint: string): Promise<boolean> {
  const client = localDynamoClient(endpoint);
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

export type LocalDeps = Deps & { dynamo: DynamoDBClient; close(): void };

/**
 * Deps on local components. Without an SES endpoint, sending fails with a connection error
 * (a command that sends nothing needs no SES).
 */
export function localDeps(options: {
  config: Config;
  dynamodbEndpoint: string;
  sesEndpoint?: string | undefined;
  clock?: Clock;
}): LocalDeps {
  const dynamo = localDynamoClient(options.dynamodbEndpoint);
  const ses = new SESv2Client({
    endpoint: options.sesEndpoint ?? 'http://127.0.0.1:9',
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 2,
  });
  const deps = createDeps({
    config: options.config,
    dynamo,
    ses,
    sesRegion: LOCAL_REGION,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    ...deps,
    dynamo,
    close() {
      dynamo.destroy();
      ses.destroy();
    },
  };
}

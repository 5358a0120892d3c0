// Deps for the local stack, the CLI, the demo, the bench and tests: the same adapters as in
// AWS, pointed at DynamoDB Local and aws-ses-v2-local on loopback.
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { Deps } from '../deps.ts';
import type { Clock } from '../domain/clock.ts';
import type { Config } from '../domain/config.ts';
import type { HeldMail } from '../domain/ports.ts';
import type { AwsService } from './aws-fetch.ts';
import { createTableIfMissing } from './create-table.ts';
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

/** aws-ses-v2-local at that origin (it accepts any signature). */
export const localSes = (endpoint: string, retries = 1): AwsService => ({
  region: LOCAL_REGION,
  credentials: async () => LOCAL_CREDENTIALS,
  endpoint,
  retries,
});

/**
 * "I sent it" recorded in this process, with ingest's parsers loaded only when it is asked
 * for: a CLI command that never confirms held mail starts without them.
 */
export const heldMailLoadedOnUse = (deps: () => Deps): HeldMail => ({
  confirm: async (userId, heldId) =>
    (await import('../ingest/confirm-held.ts')).confirmHeld(userId, heldId, deps()),
});

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
  const deps = createDeps({
    config: options.config,
    dynamo,
    ses: localSes(options.sesEndpoint ?? 'http://127.0.0.1:9'),
    heldMail: heldMailLoadedOnUse,
    createTable: createTableIfMissing,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    ...deps,
    dynamo,
    close() {
      dynamo.destroy();
    },
  };
}

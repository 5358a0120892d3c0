import { SESv2Client } from '@aws-sdk/client-sesv2';
import { systemClock } from '#shared/domain/clock';
import type { Config } from '#shared/domain/config';
import { type Mailer, sesMailer } from '#shared/adapters/ses-mailer';
import type { Schedules } from '#shared/domain/schedules';
import { Store } from '#shared/store/store';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoClient, startDynamo } from './dynamo.ts';
import { localConfig, paths, readStackRecord, roundsHome } from './home.ts';
import { acquireHomeLock } from './lock.ts';
import { startSes } from './ses.ts';
import { tableSchedules } from '../../shared/adapters/table-schedules.ts';

export type LocalContext = {
  home: string;
  config: Config;
  store: Store;
  mailer: Mailer;
  schedules: Schedules;
  clock: typeof systemClock;
  joined: boolean;
  close(): Promise<void>;
};

/**
 * What a CLI command runs against: the running stack if there is one, else the parts it
 * needs started for this command alone and stopped when it is done.
 */
export async function openLocalContext(needs: { mail: boolean }): Promise<LocalContext> {
  const home = roundsHome();
  const config = localConfig(home);
  process.env.ROUNDS_LOG_FILE ??= paths(home).log;
  let running = readStackRecord(home);
  const stops: (() => Promise<void>)[] = [];
  if (!running) {
    const release = await acquireHomeLock(paths(home).lock);
    stops.push(async () => release());
    // A stack may have started while this command waited for the lock.
    running = readStackRecord(home);
  }
  let dynamodbEndpoint = running?.dynamodbEndpoint;
  let sesEndpoint = running?.sesEndpoint;
  try {
    if (!dynamodbEndpoint) {
      const dynamo = await startDynamo({ dataDir: paths(home).dynamodb });
      stops.push(dynamo.stop);
      dynamodbEndpoint = dynamo.endpoint;
    }
    if (!sesEndpoint && needs.mail) {
      const ses = await startSes({ outboxFile: paths(home).outbox });
      stops.push(ses.stop);
      sesEndpoint = ses.endpoint;
    }
  } catch (error) {
    for (const stop of stops.reverse()) await stop();
    throw error;
  }
  const dynamoClient = localDynamoClient(dynamodbEndpoint);
  const store = new Store({ tableName: config.tableName, client: dynamoClient });
  await store.ensureTable();
  const sesClient = new SESv2Client({
    endpoint: sesEndpoint ?? 'http://127.0.0.1:9',
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 2,
  });
  return {
    home,
    config,
    store,
    mailer: sesMailer(sesClient, LOCAL_REGION),
    schedules: tableSchedules(store),
    clock: systemClock,
    joined: running !== undefined,
    async close() {
      dynamoClient.destroy();
      sesClient.destroy();
      for (const stop of stops.reverse()) await stop();
    },
  };
}

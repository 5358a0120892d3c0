// What a CLI command runs against: the running local stack if there is one, else the parts it
// needs started for this command alone and stopped when it is done.
import { type LocalDeps, localDeps } from '#shared/adapters/local';
import { startDynamo } from './dynamo.ts';
import { localConfig, paths, readStackRecord, roundsHome } from './home.ts';
import { acquireHomeLock } from './lock.ts';
import { startSes } from './ses.ts';

export type CommandContext = LocalDeps & {
  home: string;
  /** True when the command joined a running `rounds start`. */
  joined: boolean;
  close(): Promise<void>;
};

export async function openLocalContext(needs: { mail: boolean }): Promise<CommandContext> {
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
  const deps = localDeps({ config, dynamodbEndpoint, sesEndpoint });
  await deps.store.ensureTable();
  return {
    ...deps,
    home,
    joined: running !== undefined,
    async close() {
      deps.close();
      for (const stop of stops.reverse()) await stop();
    },
  };
}

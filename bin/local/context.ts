// What a CLI command runs against: the running local stack if there is one; else a warm
// DynamoDB Local (warm.ts) and, for mail, an SES API for this command alone.
import { type LocalDeps, localDeps } from '#shared/adapters/local';
import { localConfig, paths, readStackRecord, roundsHome } from './home.ts';
import { acquireHomeLock } from './lock.ts';
import { keepWarmSeconds, touchWarm, warmDynamo } from './warm.ts';

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
  const warm = !running && keepWarmSeconds() > 0;
  if (!running && !warm) {
    const release = await acquireHomeLock(paths(home).lock);
    stops.push(async () => release());
    // A stack may have started while this command waited for the lock.
    running = readStackRecord(home);
  }
  let dynamodbEndpoint = running?.dynamodbEndpoint;
  let sesEndpoint = running?.sesEndpoint;
  try {
    if (!dynamodbEndpoint && warm) {
      // A warm DynamoDB Local (warm.ts): joined, or started to outlive this command a while.
      dynamodbEndpoint = await warmDynamo(home);
      // Used for as long as this command runs, however long that is.
      const keepUsing = setInterval(() => touchWarm(home), Math.min(5_000, (keepWarmSeconds() * 1000) / 3));
      keepUsing.unref();
      stops.push(async () => {
        clearInterval(keepUsing);
        touchWarm(home);
      });
    }
    if (!dynamodbEndpoint) {
      // Loaded only when something must start: joining a running stack needs neither.
      const { startDynamo } = await import('./dynamo.ts');
      const dynamo = await startDynamo({ dataDir: paths(home).dynamodb });
      stops.push(dynamo.stop);
      dynamodbEndpoint = dynamo.endpoint;
    }
    if (!sesEndpoint && needs.mail) {
      const { startSes } = await import('./ses.ts');
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

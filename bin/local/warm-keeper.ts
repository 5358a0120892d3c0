// The keeper of a warm DynamoDB Local (warm.ts), run detached: `warm-keeper <home>`. It takes
// the home's lock, starts DynamoDB Local on its data, announces it, and stops it after the
// idle time, or on SIGTERM. Its own failure goes to stderr for the command that started it.
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { startDynamo } from './dynamo.ts';
import { paths } from './home.ts';
import { acquireHomeLock } from './lock.ts';
import { keepWarmSeconds, touchWarm, warmPaths } from './warm.ts';

const home = process.argv[2];
if (!home) throw new Error('usage: warm-keeper <rounds home>');
const idleSeconds = keepWarmSeconds() || 60;
const release = await acquireHomeLock(paths(home).lock);
const dynamo = await startDynamo({ dataDir: paths(home).dynamodb }).catch((error: Error) => {
  release();
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
const { record, used } = warmPaths(home);
// Starting took a while: the idle time counts from now, not from the command's request.
touchWarm(home);
writeFileSync(
  record,
  JSON.stringify({ keeperPid: process.pid, dynamodbEndpoint: dynamo.endpoint, idleSeconds }),
  { mode: 0o600 },
);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  // Unannounce first, so no command joins a DynamoDB Local that is going away.
  rmSync(record, { force: true });
  await dynamo.stop();
  release();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

const lastUsed = () => {
  try {
    return statSync(used).mtimeMs;
  } catch {
    return 0;
  }
};
const timer = setInterval(
  () => {
    if (Date.now() - lastUsed() > idleSeconds * 1000) {
      clearInterval(timer);
      void stop();
    }
  },
  Math.min(1000, idleSeconds * 250),
);

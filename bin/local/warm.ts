// DynamoDB Local kept warm between commands: a command that finds no running stack asks a
// small detached keeper for it instead of starting (10 s and more of Java) and stopping its
// own. The keeper holds $ROUNDS_HOME's lock, serves whoever comes next, and stops DynamoDB
// Local once no command has used it for ROUNDS_KEEP_WARM seconds (60 by default; 0: never warm).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dynamoAnswers } from '#shared/adapters/local';
import { processAlive } from './lock.ts';

export type WarmRecord = { keeperPid: number; dynamodbEndpoint: string; idleSeconds: number };

export const warmPaths = (home: string) => ({
  record: join(home, 'warm-dynamodb.json'),
  used: join(home, 'warm-dynamodb.used'),
});

/** Seconds a warm DynamoDB Local waits for the next command; 0 turns keeping warm off. */
export function keepWarmSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.ROUNDS_KEEP_WARM ?? 60);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
}

export function readWarmRecord(home: string): WarmRecord | undefined {
  const file = warmPaths(home).record;
  if (!existsSync(file)) return undefined;
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as WarmRecord;
    return processAlive(record.keeperPid) ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Marks the warm DynamoDB Local as just used, so its keeper waits a full idle time again. */
export function touchWarm(home: string): void {
  const file = warmPaths(home).used;
  const now = new Date();
  try {
    utimesSync(file, now, now);
  } catch {
    writeFileSync(file, '', { mode: 0o600 });
  }
}

/** The endpoint of a warm DynamoDB Local for this home: joined if one runs, else started. */
export async function warmDynamo(home: string): Promise<string> {
  const running = readWarmRecord(home);
  if (running && (await dynamoAnswers(running.dynamodbEndpoint))) {
    touchWarm(home);
    return running.dynamodbEndpoint;
  }
  touchWarm(home);
  const source = import.meta.url.endsWith('.ts');
  const keeper = fileURLToPath(new URL(source ? './warm-keeper.ts' : './warm-keeper.js', import.meta.url));
  const child = spawn(process.execPath, [...(source ? ['--import', 'tsx'] : []), keeper, home], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ROUNDS_KEEP_WARM: String(keepWarmSeconds()) },
  });
  let problem = '';
  child.stderr?.on('data', (chunk) => {
    problem += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // The keeper announces itself once DynamoDB Local answers (or says why it could not).
  for (const deadline = Date.now() + 90_000; Date.now() < deadline; ) {
    const record = readWarmRecord(home);
    if (record && record.keeperPid === child.pid) {
      child.stderr?.destroy();
      child.unref();
      return record.dynamodbEndpoint;
    }
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('waiting'), 100))]);
    if (code !== 'waiting')
      throw new Error(problem.trim().split('\n').pop() || `DynamoDB Local's keeper exited (${code})`);
  }
  child.kill();
  throw new Error('DynamoDB Local did not start within 90 s');
}

/** Stops this home's warm DynamoDB Local, if any (before `rounds start` takes the data over). */
export async function stopWarm(home: string): Promise<void> {
  const record = readWarmRecord(home);
  if (!record) return;
  process.kill(record.keeperPid, 'SIGTERM');
  for (let waited = 0; processAlive(record.keeperPid) && waited < 15_000; waited += 100)
    await new Promise((r) => setTimeout(r, 100));
}

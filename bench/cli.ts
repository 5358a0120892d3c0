// The CLI's start-up: CPU of its own process (children excluded) for `rounds --help` and for
// commands that join a running stack. The stack they join is this bench's DynamoDB Local and
// SES, announced in a scratch $ROUNDS_HOME exactly as `rounds start` announces itself.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export type CliFigures = { helpCpuMs: number; joinCpuMs: Record<string, number> };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Runs in turn, awaiting each: the SES a command sends to runs in this process. */
async function repeat(runs: number, once: () => Promise<number>): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < runs; i++) values.push(await once());
  return median(values);
}

export async function benchCli(
  stack: { dynamodbEndpoint: string; sesEndpoint: string },
  runs = 5,
): Promise<CliFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'rounds-bench-cli-'));
  const cpuFile = join(dir, 'cpu.json');
  const meter = join(dir, 'meter.mjs');
  writeFileSync(
    meter,
    `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(cpuFile)}, JSON.stringify(process.cpuUsage())));\n`,
  );
  const home = join(dir, 'home');
  const env = { ...process.env, ROUNDS_HOME: home, ROUNDS_KEEP_WARM: '0' };
  const cpuOf = async (...args: string[]) => {
    await promisify(execFile)(process.execPath, ['--import', meter, resolve('bin/rounds.js'), ...args], {
      env,
    });
    const { user, system } = JSON.parse(readFileSync(cpuFile, 'utf8')) as { user: number; system: number };
    return (user + system) / 1000;
  };
  const helpCpuMs = await repeat(runs, () => cpuOf('--help'));
  // Announced as a running stack: the bench's own process stands for `rounds start`.
  mkdirSync(home, { recursive: true, mode: 0o700 });
  writeFileSync(
    join(home, 'stack.json'),
    JSON.stringify({
      pid: process.pid,
      ...stack,
      smtpPort: 0,
      httpPort: 0,
      startedAt: new Date().toISOString(),
    }),
  );
  await cpuOf('user', 'add', 'amira@example.org', '--tz', 'America/Chicago');
  const joinCpuMs: Record<string, number> = {};
  for (const command of ['contacts', 'reminders', 'settings'])
    joinCpuMs[command] = await repeat(runs, () => cpuOf(command));
  return { helpCpuMs, joinCpuMs };
}

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROUNDS = resolve('bin/rounds.js');

export type CliResult = { code: number; stdout: string; stderr: string };

/**
 * Runs `rounds …` as a user would, in its own $ROUNDS_HOME. Commands keep no DynamoDB Local
 * warm after them unless a test asks (ROUNDS_KEEP_WARM): a test leaves nothing running.
 */
export function rounds(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [ROUNDS, ...args],
      { env: { ...process.env, ROUNDS_KEEP_WARM: '0', ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

export const json = <T = unknown>(result: CliResult): T => {
  if (result.code !== 0) throw new Error(`rounds exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
};

export const jsonLines = (result: CliResult) =>
  result.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), 'rounds-home-'));
}

export function writeEml(dir: string, name: string, raw: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, raw);
  return file;
}

/** A minimal SMTP client: enough to deliver one message as a mail server would. */
export function smtpSend(port: number, from: string, to: string[], raw: Buffer): Promise<string[]> {
  return new Promise((resolveSend, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port, noDelay: true });
    const replies: string[] = [];
    const steps = [
      'EHLO test.localhost',
      `MAIL FROM:<${from}>`,
      ...to.map((rcpt) => `RCPT TO:<${rcpt}>`),
      'DATA',
      `${raw.toString('utf8').replace(/\r?\n\./g, '\r\n..')}\r\n.`,
      'QUIT',
    ];
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      // A reply ends with a line whose code is followed by a space.
      while (/^\d{3} .*\r\n/m.test(buffer)) {
        const end = buffer.search(/^\d{3} .*\r\n/m);
        const line = buffer.slice(end).split('\r\n')[0]!;
        buffer = buffer.slice(end + line.length + 2);
        replies.push(line);
        const next = steps.shift();
        if (next === undefined) continue;
        socket.write(`${next}\r\n`);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolveSend(replies));
  });
}

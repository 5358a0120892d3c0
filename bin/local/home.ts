// $ROUNDS_HOME: where the local stack keeps its data, its signing secret and its ports.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '#shared/domain/config';

/** Everything Rounds keeps locally lives under $ROUNDS_HOME (default ./.rounds). */
export function roundsHome(env: NodeJS.ProcessEnv = process.env): string {
  const home = resolve(env.ROUNDS_HOME || '.rounds');
  mkdirSync(home, { recursive: true, mode: 0o700 });
  // The database, raw mail, outbox and secret are for this user's eyes only.
  try {
    chmodSync(home, 0o700);
  } catch {
    // A home on a filesystem without modes (a mounted share) still works.
  }
  return home;
}

export const paths = (home: string) => ({
  dynamodb: join(home, 'dynamodb'),
  mail: join(home, 'mail'),
  outbox: join(home, 'outbox.jsonl'),
  stack: join(home, 'stack.json'),
  secret: join(home, 'signing-secret'),
  log: join(home, 'rounds.log'),
  lock: join(home, 'dynamodb.lock'),
});

/** The HMAC key for reply addresses: made once per installation, readable by its owner only. */
function signingSecret(file: string): string {
  if (!existsSync(file)) {
    try {
      // 'wx': when two first commands race, one secret wins and both read it.
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return readFileSync(file, 'utf8').trim();
}

export const DEFAULT_CAPTURE_DOMAIN = 'in.rounds.localhost';

export function localConfig(home: string, env: NodeJS.ProcessEnv = process.env): Config {
  const captureDomain = env.ROUNDS_CAPTURE_DOMAIN || DEFAULT_CAPTURE_DOMAIN;
  return {
    tableName: 'rounds',
    captureDomain,
    fromAddress: `Rounds <rounds@${captureDomain}>`,
    signingSecret: signingSecret(paths(home).secret),
    dashboardUrl: `http://127.0.0.1:${localPorts(env).http}`,
  };
}

export const localPorts = (env: NodeJS.ProcessEnv = process.env) => ({
  smtp: Number(env.ROUNDS_SMTP_PORT || 2525),
  ses: Number(env.ROUNDS_SES_PORT || 8005),
  http: Number(env.ROUNDS_HTTP_PORT || 3000),
  dynamodb: env.ROUNDS_DYNAMODB_PORT ? Number(env.ROUNDS_DYNAMODB_PORT) : undefined,
});

export type StackRecord = {
  pid: number;
  dynamodbEndpoint: string;
  sesEndpoint: string;
  smtpPort: number;
  httpPort: number;
  startedAt: string;
};

export function readStackRecord(home: string): StackRecord | undefined {
  const file = paths(home).stack;
  if (!existsSync(file)) return undefined;
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as StackRecord;
    process.kill(record.pid, 0); // throws when that process is gone
    return record;
  } catch {
    return undefined;
  }
}

export const writeStackRecord = (home: string, record: StackRecord) =>
  writeFileSync(paths(home).stack, JSON.stringify(record, null, 2));

export const removeStackRecord = (home: string) => rmSync(paths(home).stack, { force: true });

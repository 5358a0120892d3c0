// The real local components for tests: DynamoDB Local (one per run, a table per caller)
// and aws-ses-v2-local (one per test file). Nothing here is a mock.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, inject } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoClient } from '#bin/local/dynamo';
import { readOutbox, startSes } from '#bin/local/ses';
import { tableSchedules } from '#shared/adapters/table-schedules';
import { type Clock, fixedClock } from '#shared/domain/clock';
import type { Config } from '#shared/domain/config';
import { stableId } from '#shared/domain/ids';
import { sesMailer } from '#shared/adapters/ses-mailer';
import { Store } from '#shared/store/store';
import { addUser } from '#shared/users/users';

export const testConfig = (overrides: Partial<Config> = {}): Config => ({
  tableName: 'unused',
  captureDomain: 'in.rounds.test',
  fromAddress: 'Rounds <rounds@in.rounds.test>',
  signingSecret: 'test-secret-that-is-long-enough-for-hmac-0123456789',
  dashboardUrl: 'http://127.0.0.1:3000',
  ...overrides,
});

let tables = 0;

/** A fresh table on the run's DynamoDB Local. */
export async function freshStore(): Promise<Store> {
  const tableName = `t-${stableId(String(process.pid), String(Date.now()), String(++tables))}`;
  const store = new Store({ tableName, client: localDynamoClient(inject('dynamoEndpoint')) });
  await store.ensureTable();
  return store;
}

export type TestSes = Awaited<ReturnType<typeof startTestSes>>;

/** aws-ses-v2-local on a free port, with the SES v2 client that talks to it. */
export async function startTestSes() {
  const dir = mkdtempSync(join(tmpdir(), 'rounds-ses-'));
  const outboxFile = join(dir, 'outbox.jsonl');
  const ses = await startSes({ outboxFile });
  const client = new SESv2Client({
    endpoint: ses.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  return {
    mailer: sesMailer(client, LOCAL_REGION),
    /** Everything sent so far, as the local SES API recorded it. */
    sent: () => readOutbox(outboxFile),
    async stop() {
      client.destroy();
      await ses.stop();
    },
  };
}

/** A clock tests can move. */
export function movableClock(start: string): Clock & { set(iso: string): void } {
  let current = fixedClock(start);
  return { now: () => current.now(), set: (iso) => (current = fixedClock(iso)) };
}

export async function testDeps(start = '2026-11-02T12:00:00Z') {
  const store = await freshStore();
  const ses = await startTestSes();
  const clock = movableClock(start);
  const config = testConfig({ tableName: store.tableName });
  return { store, mailer: ses.mailer, ses, clock, config, schedules: tableSchedules(store) };
}

/**
 * A test file's world: the real local components and one resident, Amira, in Chicago.
 * Use at the top of a file: `const { deps, user, capture } = await residentWorld();`.
 */
export async function residentWorld(start?: string) {
  const deps = await testDeps(start);
  const { user, captureAddress: capture } = await addUser(
    { email: 'amira@example.org', name: 'Amira Haddad', timezone: 'America/Chicago' },
    deps,
  );
  afterAll(() => deps.ses.stop());
  return { deps, user, capture };
}

// The real local components for tests: DynamoDB Local (one per run, a table per caller)
// and aws-ses-v2-local (one per test file). Nothing here is a mock.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { readOutbox, startSes } from '#bin/local/ses';
import { createTableIfMissing } from '#shared/adapters/create-table';
import { dynamoTable } from '#shared/adapters/dynamodb-table';
import { localDeps, localDynamoClient } from '#shared/adapters/local';
import { type Clock, fixedClock } from '#shared/domain/clock';
import type { Config } from '#shared/domain/config';
import { stableId } from '#shared/domain/ids';
import { ingestMessage } from '#shared/ingest/ingest';
import { createStore, type Store } from '#shared/store/index';
import type { Table } from '#shared/store/table';
import { addUser } from '#shared/users/users';
import { eml } from './mail.ts';

export const testConfig = (overrides: Partial<Config> = {}): Config => ({
  tableName: 'unused',
  captureDomain: 'in.rounds.test',
  fromAddress: 'Rounds <rounds@in.rounds.test>',
  signingSecret: 'test-secret-that-is-long-enough-for-hmac-0123456789',
  dashboardUrl: 'http://127.0.0.1:3000',
  ...overrides,
});

let tables = 0;

export type TestSes = Awaited<ReturnType<typeof startTestSes>>;

/** aws-ses-v2-local on a free port, and what it has recorded as sent. */
export async function startTestSes() {
  const dir = mkdtempSync(join(tmpdir(), 'rounds-ses-'));
  const outboxFile = join(dir, 'outbox.jsonl');
  const ses = await startSes({ outboxFile });
  return {
    endpoint: ses.endpoint,
    /** Everything sent so far, as the local SES API recorded it. */
    sent: () => readOutbox(outboxFile),
    stop: () => ses.stop(),
  };
}

/** A clock tests can move. */
export function movableClock(start: string): Clock & { set(iso: string): void } {
  let current = fixedClock(start);
  return { now: () => current.now(), set: (iso) => (current = fixedClock(iso)) };
}

/** A fresh table of the run's DynamoDB Local, as the store sees it (repository tests). */
export async function freshStore(): Promise<Store> {
  return (await freshStoreAndTable()).store;
}

/** A fresh store and the Table under it, for a test that must write rows as older code did. */
export async function freshStoreAndTable() {
  const tableName = `t-${stableId(String(process.pid), String(Date.now()), String(++tables))}`;
  const client = localDynamoClient(inject('dynamoEndpoint'));
  afterAll(() => client.destroy());
  const table = dynamoTable(client, tableName, createTableIfMissing);
  const store = createStore(table);
  await store.ensureTable();
  return { store, table };
}

/** A user's profile as older code left it: none of the flags that later indexes set. */
export const putUserAsOlderCodeDid = (table: Table, userId: string, email: string) =>
  table.put({ pk: `USER#${userId}`, sk: 'PROFILE', type: 'user', userId, email });

/**
 * Deps wired exactly as the CLI wires them (adapters/local.ts), on a fresh table of the run's
 * DynamoDB Local and this file's own aws-ses-v2-local, with a clock the test moves.
 */
export async function testDeps(start = '2026-11-02T12:00:00Z') {
  const tableName = `t-${stableId(String(process.pid), String(Date.now()), String(++tables))}`;
  const ses = await startTestSes();
  const clock = movableClock(start);
  const deps = localDeps({
    config: testConfig({ tableName }),
    dynamodbEndpoint: inject('dynamoEndpoint'),
    sesEndpoint: ses.endpoint,
    clock,
  });
  await deps.store.ensureTable();
  return {
    ...deps,
    clock,
    ses: {
      sent: ses.sent,
      async stop() {
        deps.close();
        await ses.stop();
      },
    },
  };
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

/**
 * Two users in one table, each with one outreach logged: Amira (Chicago) wrote to Dr. Maria
 * Lopez, Omar to Prof. Jane Okafor. For tests that one user never sees the other's.
 */
export async function twoResidents(deps: Awaited<ReturnType<typeof testDeps>>, omarTimezone?: string) {
  const a = await addUser({ email: 'amira@example.org', timezone: 'America/Chicago' }, deps);
  const o = await addUser(
    { email: 'omar@example.org', ...(omarTimezone ? { timezone: omarTimezone } : {}) },
    deps,
  );
  const outreach = [
    [a.captureAddress, 'amira@example.org', '"Dr. Maria Lopez" <mlopez@stmarys.example.edu>'],
    [o.captureAddress, 'omar@example.org', '"Prof. Jane Okafor" <okafor@kings.example.ac.uk>'],
  ] as const;
  for (const [capture, from, to] of outreach)
    await ingestMessage({ raw: eml({ from, to }), recipients: [capture] }, deps);
  return { amira: a.user, omar: o.user };
}

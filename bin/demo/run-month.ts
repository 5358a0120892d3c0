// `npm run demo:month`: the simulated month on a throwaway local stack, printed as a diary,
// then the last weekly digest as the resident would read it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { fixedClock } from '#shared/domain/clock';
import { sesMailer } from '#shared/adapters/ses-mailer';
import { Store } from '#shared/store/store';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoClient, startDynamo } from '../local/dynamo.ts';
import { readOutbox, startSes } from '../local/ses.ts';
import { tableSchedules } from '../../shared/adapters/table-schedules.ts';
import { demoMonth } from './month.ts';

const dir = mkdtempSync(join(tmpdir(), 'rounds-demo-'));
process.env.ROUNDS_LOG_FILE = join(dir, 'rounds.log');
const outboxFile = join(dir, 'outbox.jsonl');
const dynamo = await startDynamo();
const ses = await startSes({ outboxFile });
try {
  const store = new Store({ tableName: 'demo', client: localDynamoClient(dynamo.endpoint) });
  await store.ensureTable();
  let current = fixedClock('2026-11-01T12:00:00Z');
  const clock = { now: () => current.now(), set: (iso: string) => (current = fixedClock(iso)) };
  const deps = {
    store,
    clock,
    schedules: tableSchedules(store),
    mailer: sesMailer(
      new SESv2Client({ endpoint: ses.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
      LOCAL_REGION,
    ),
    config: {
      tableName: 'demo',
      captureDomain: 'in.rounds.localhost',
      fromAddress: 'Rounds <rounds@in.rounds.localhost>',
      signingSecret: 'demo-secret-not-for-production-0123456789',
      dashboardUrl: 'http://127.0.0.1:3000',
    },
  };
  const { log } = await demoMonth(deps);
  const day = (iso: string) => new Date(iso).toUTCString().slice(0, 11);
  for (const entry of log) {
    if ('event' in entry) process.stdout.write(`${day(entry.at)}  Amira ${entry.event}\n`);
    else
      for (const m of entry.sent)
        process.stdout.write(
          `${day(entry.at)}  → ${m.kind === 'digest' ? 'weekly digest' : 'reminder'}: ${m.subject}\n`,
        );
  }
  const digests = readOutbox(outboxFile).filter((m) => m.headers?.some((h) => h.name === 'X-Rounds-Digest'));
  const last = digests.at(-1);
  if (last)
    process.stdout.write(
      `\nThe last digest, as Amira reads it:\n\nSubject: ${last.subject}\n\n${last.text}\n`,
    );
} finally {
  await ses.stop();
  await dynamo.stop();
}

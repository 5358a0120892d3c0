// `npm run demo:month`: the simulated month on a throwaway local stack, printed as a diary,
// then the last weekly digest as the resident would read it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDeps } from '#shared/adapters/local';
import { fixedClock } from '#shared/domain/clock';
import { startDynamo } from '../local/dynamo.ts';
import { readOutbox, startSes } from '../local/ses.ts';
import { demoMonth } from './month.ts';

const dir = mkdtempSync(join(tmpdir(), 'rounds-demo-'));
process.env.ROUNDS_LOG_FILE = join(dir, 'rounds.log');
const outboxFile = join(dir, 'outbox.jsonl');
const dynamo = await startDynamo();
const ses = await startSes({ outboxFile });
try {
  let current = fixedClock('2026-11-01T12:00:00Z');
  const clock = { now: () => current.now(), set: (iso: string) => (current = fixedClock(iso)) };
  const deps = {
    ...localDeps({
      dynamodbEndpoint: dynamo.endpoint,
      sesEndpoint: ses.endpoint,
      config: {
        tableName: 'demo',
        captureDomain: 'in.rounds.localhost',
        fromAddress: 'Rounds <rounds@in.rounds.localhost>',
        signingSecret: 'demo-secret-not-for-production-0123456789',
        dashboardUrl: 'http://127.0.0.1:3000',
      },
    }),
    clock,
  };
  await deps.store.ensureTable();
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

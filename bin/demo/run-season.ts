// `npm run demo:season`: an IMG applicant's season, September to March, on a throwaway local
// stack, printed as a diary; then one digest of the interview season, by program.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDeps } from '#shared/adapters/local';
import { fixedClock } from '#shared/domain/clock';
import { startDynamo } from '../local/dynamo.ts';
import { readOutbox, startSes } from '../local/ses.ts';
import { demoSeason } from './season.ts';

/** The digest shown at the end: the Monday after the first interviews. */
const SAMPLE_DIGEST_WEEK = '2026w48';

const dir = mkdtempSync(join(tmpdir(), 'rounds-demo-'));
process.env.ROUNDS_LOG_FILE = join(dir, 'rounds.log');
const outboxFile = join(dir, 'outbox.jsonl');
const dynamo = await startDynamo();
const ses = await startSes({ outboxFile });
try {
  let current = fixedClock('2026-09-01T12:00:00Z');
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
  const { log } = await demoSeason(deps);
  // Days as Amira lives them, in Chicago.
  const day = (iso: string) =>
    new Date(iso).toLocaleDateString('en-GB', {
      timeZone: 'America/Chicago',
      weekday: 'short',
      day: '2-digit',
      month: 'short',
    });
  for (const entry of log) {
    if ('event' in entry) {
      process.stdout.write(`${day(entry.at)}  Amira ${entry.event}\n`);
      for (const r of entry.sentAtOnce ?? []) process.stdout.write(`${day(entry.at)}  → at once: ${r}\n`);
    } else
      for (const m of entry.sent)
        if (m.kind === 'reminder') process.stdout.write(`${day(entry.at)}  → reminder: ${m.subject}\n`);
  }
  const digest = readOutbox(outboxFile).find((m) =>
    m.headers?.some((h) => h.name === 'X-Rounds-Digest' && h.value === SAMPLE_DIGEST_WEEK),
  );
  if (digest)
    process.stdout.write(
      `\nA digest of the season, as Amira reads it:\n\nSubject: ${digest.subject}\n\n${digest.text}\n`,
    );
} finally {
  await ses.stop();
  await dynamo.stop();
}

// `npm run demo:season`: an IMG applicant's season, September to March, on a throwaway local
// stack, printed as a diary; then one digest of the interview season, by program.
import { demoSeason } from './season.ts';
import { withDemoStack } from './stack.ts';

/** The digest shown at the end: the Monday after the first interviews. */
const SAMPLE_DIGEST_WEEK = '2026w48';

await withDemoStack('2026-09-01T12:00:00Z', async (deps, outbox) => {
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
  const digest = outbox().find((m) =>
    m.headers?.some((h) => h.name === 'X-Rounds-Digest' && h.value === SAMPLE_DIGEST_WEEK),
  );
  if (digest)
    process.stdout.write(
      `\nA digest of the season, as Amira reads it:\n\nSubject: ${digest.subject}\n\n${digest.text}\n`,
    );
});

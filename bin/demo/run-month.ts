// `npm run demo:month`: the simulated month on a throwaway local stack, printed as a diary,
// then the last weekly digest as the resident would read it.
import { demoMonth } from './month.ts';
import { withDemoStack } from './stack.ts';

await withDemoStack('2026-11-01T12:00:00Z', async (deps, outbox) => {
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
  const digests = outbox().filter((m) => m.headers?.some((h) => h.name === 'X-Rounds-Digest'));
  const last = digests.at(-1);
  if (last)
    process.stdout.write(
      `\nThe last digest, as Amira reads it:\n\nSubject: ${last.subject}\n\n${last.text}\n`,
    );
});

// The local EventBridge Scheduler: the same schedule definitions, on a clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '#bin/local/emulator';
import type { SentMail } from '#shared/dispatch/morning-run';
import { ingestMessage } from '#shared/ingest/ingest';
import { runDueJobs } from '#shared/jobs/jobs';
import { addUser } from '#shared/users/users';
import { testDeps } from '../support/local.ts';
import { eml } from '../support/mail.ts';

let deps: Awaited<ReturnType<typeof testDeps>>;
beforeAll(async () => {
  deps = await testDeps('2026-11-01T12:00:00Z');
});
afterAll(() => deps.ses.stop());

describe('startEmulator', () => {
  it('on start, fires each schedule’s latest occurrence once: the missed digest lists what is due, nothing twice', async () => {
    const { captureAddress } = await addUser(
      { email: 'amira@example.org', timezone: 'America/Chicago' },
      deps,
    );
    await ingestMessage(
      {
        raw: eml({
          from: 'amira@example.org',
          to: 'pd@program.example.edu',
          date: 'Mon, 2 Nov 2026 09:15:00 -0600',
        }),
        recipients: [captureAddress],
      },
      deps,
    );
    deps.clock.set('2026-11-17T14:00:00Z');
    const sent: SentMail[] = [];

    const emulator = startEmulator(deps, (mails) => sent.push(...mails));
    for (let i = 0; i < 100 && sent.filter((m) => m.kind === 'digest').length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    await emulator.stop();

    // Monday's digest and Tuesday's morning run catch up in the same minute: the nudge the
    // digest lists is not sent again as its own email then, but at the next morning run.
    const digest = sent.filter((m) => m.kind === 'digest');
    expect(digest).toHaveLength(1);
    expect(sent.filter((m) => m.kind === 'reminder')).toEqual([]);
    deps.clock.set('2026-11-18T13:30:00Z');
    const nextMorning = await runDueJobs(new Date('2026-11-18T13:30:00Z'), deps);
    expect(nextMorning.filter((m) => m.kind === 'reminder').flatMap((m) => m.reminderIds)).toEqual(
      digest[0]!.reminderIds,
    );
  });
});

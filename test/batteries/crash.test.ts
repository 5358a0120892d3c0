// The crash battery: a resident's fortnight (outreach emails, one to 60 people, a reply, an invitation, the
// morning run, a "done", the digest), with the process killed just before and just after every
// write of each step in turn. The platform then retries the step — SES redelivers, the
// Scheduler fires again, later once the send claim's lease has lapsed — and the table must hold
// what a clean run leaves. Counts, not timings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSchedules } from '#shared/adapters/table-schedules';
import type { Deps } from '#shared/deps';
import { newCaptureToken, newUserId } from '#shared/domain/ids';
import type { User } from '#shared/domain/model';
import { heldMailInProcess } from '#shared/ingest/confirm-held';
import { ingestMessage } from '#shared/ingest/ingest';
import { runJob } from '#shared/jobs/jobs';
import { captureAddressFor, signedAddress } from '#shared/mail/address';
import { createStore } from '#shared/store/index';
import { SEND_LEASE_MS } from '#shared/store/table';
import { type CrashPoint, crashableTable, InjectedCrash } from '../support/crash.ts';
import { movableClock, testConfig, testDeps } from '../support/local.ts';
import { eml } from '../support/mail.ts';

let base: Awaited<ReturnType<typeof testDeps>>;
beforeAll(async () => {
  base = await testDeps();
});
afterAll(() => base.ses.stop());

const config = testConfig();
const user: User = {
  userId: newUserId(),
  email: 'amira@example.org',
  name: 'Amira Haddad',
  aliases: [],
  timezone: 'America/Chicago',
  captureToken: newCaptureToken(),
  createdAt: '2026-11-01T12:00:00.000Z',
};
const capture = captureAddressFor(user.captureToken, config.captureDomain);

const invite = [
  'BEGIN:VCALENDAR',
  'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
  'VERSION:2.0',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'DTSTART:20261110T160000Z',
  'DTEND:20261110T163000Z',
  'ORGANIZER;CN=Dr. Maria Lopez:mailto:mlopez@stmarys.example.edu',
  'UID:crash-battery-meeting@google.com',
  'ATTENDEE;CN=amira@example.org:mailto:amira@example.org',
  'SEQUENCE:0',
  'STATUS:CONFIRMED',
  'SUMMARY:Research chat',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

const deliver =
  (raw: Buffer, recipient = capture) =>
  (deps: Deps) =>
    ingestMessage({ raw, recipients: [recipient] }, deps);
const NUDGE_SENT_AT = '2026-11-17T13:30:00.000Z';

/** The fortnight, step by step: when each happens, and what happens. */
const STEPS: { name: string; at: string; sends?: boolean; run: (deps: Deps) => Promise<unknown> }[] = [
  {
    name: 'outreach to Dr. Lopez',
    at: '2026-11-02T15:00:00.000Z',
    run: deliver(
      eml({
        from: 'amira@example.org',
        to: '"Dr. Maria Lopez" <mlopez@stmarys.example.edu>',
        messageId: '<out-1@example.org>',
      }),
    ),
  },
  {
    name: 'outreach to Dr. Chen, Cc Dr. Patel',
    at: '2026-11-02T15:05:00.000Z',
    run: deliver(
      eml({
        from: 'amira@example.org',
        to: '"Dr. Wei Chen" <wchen@uni.example.edu>',
        cc: '"Dr. Raj Patel" <rpatel@uni.example.edu>',
        messageId: '<out-2@example.org>',
      }),
    ),
  },
  {
    // More writes than one transaction holds: the unit of work commits in several, and a crash
    // between two must still re-run to the clean state.
    name: 'one question to 60 interviewers, Dr. Lopez among them',
    at: '2026-11-03T15:00:00.000Z',
    run: deliver(
      eml({
        from: 'amira@example.org',
        to: [
          '"Dr. Maria Lopez" <mlopez@stmarys.example.edu>',
          ...Array.from({ length: 59 }, (_, i) => `"Dr. Interviewer ${i}" <int${i}@programs.example.edu>`),
        ].join(', '),
        subject: 'A question about second looks',
        messageId: '<out-60@example.org>',
        body: 'Dear all,\n\nWould a second look in January be possible?',
      }),
    ),
  },
  {
    name: 'Dr. Lopez replies',
    at: '2026-11-05T15:00:00.000Z',
    run: deliver(
      eml({
        from: '"Dr. Maria Lopez" <mlopez@stmarys.example.edu>',
        to: 'amira@example.org',
        cc: capture,
        subject: 'Re: Hello',
        messageId: '<reply-1@stmarys.example.edu>',
        inReplyTo: '<out-1@example.org>',
        references: '<out-1@example.org>',
        body: 'Happy to talk next week.',
      }),
    ),
  },
  {
    name: 'the invitation, forwarded',
    at: '2026-11-06T15:00:00.000Z',
    run: deliver(
      eml({
        from: 'Amira Haddad <amira@example.org>',
        to: capture,
        subject: 'Invitation: Research chat',
        messageId: '<invite-1@example.org>',
        headers: { 'Content-Type': 'text/calendar; charset=UTF-8; method=REQUEST' },
        body: invite,
      }),
    ),
  },
  {
    name: 'the morning run',
    at: NUDGE_SENT_AT,
    sends: true,
    run: (deps) =>
      runJob({ userId: user.userId, job: 'morning', scheduledAt: new Date(NUDGE_SENT_AT) }, deps),
  },
  {
    name: '“done” to Dr. Chen’s nudge',
    at: '2026-11-17T15:05:00.000Z',
    run: async (deps) => {
      const nudge = (await deps.store.reminders.list(user.userId)).find(
        (r) =>
          r.kind === 'no_reply_nudge' && r.contactEmail === 'wchen@uni.example.edu' && r.sentAt !== undefined,
      )!;
      // The reply address of the reminder email, as the morning run signed it.
      const expires = new Date(Date.parse(NUDGE_SENT_AT) + 400 * 86_400_000);
      const to = signedAddress(
        config.signingSecret,
        user.captureToken,
        config.captureDomain,
        'r',
        nudge.reminderId,
        expires,
      );
      return deliver(
        eml({
          from: 'amira@example.org',
          to,
          subject: 'Re: Nudge',
          messageId: '<done-1@example.org>',
          body: 'done',
        }),
        to,
      )(deps);
    },
  },
  {
    name: 'the weekly digest',
    at: '2026-11-22T14:00:00.000Z',
    sends: true,
    run: (deps) =>
      runJob({ userId: user.userId, job: 'digest', scheduledAt: new Date('2026-11-22T14:00:00.000Z') }, deps),
  },
];

let worlds = 0;
/** A fresh table with the user in it, and Deps on it whose process can be killed. */
async function world() {
  const name = `crash-${process.pid}-${++worlds}`;
  const table = await crashableTable(name);
  const store = createStore(table.table);
  const clock = movableClock(user.createdAt);
  const deps: Deps = {
    config: { ...config, tableName: name },
    clock,
    store,
    mailer: table.mailer(base.mailer),
    schedules: tableSchedules(store),
    heldMail: heldMailInProcess(() => deps),
  };
  await store.users.create(user);
  const sentBefore = base.ses.sent().length;
  const sentHere = () => base.ses.sent().slice(sentBefore);
  return {
    table,
    deps,
    async step(index: number, at = STEPS[index]!.at) {
      clock.set(at);
      await STEPS[index]!.run(deps);
    },
    /** A send that cannot be tied to its claim leaves the lease to lapse before it is tried again. */
    async retry(index: number) {
      await this.step(index);
      if (STEPS[index]!.sends)
        await this.step(index, new Date(Date.parse(STEPS[index]!.at) + SEND_LEASE_MS + 60_000).toISOString());
    },
    /** Reminders and digests this world sent (confirmations apart: sent at most once, by design). */
    emails: () =>
      sentHere().filter((m) =>
        m.headers?.some((h) => h.name === 'X-Rounds-Reminder' || h.name === 'X-Rounds-Digest'),
      ).length,
    confirmations: () =>
      sentHere().filter((m) =>
        m.headers?.some((h) => h.name === 'Auto-Submitted' && h.value === 'auto-replied'),
      ).length,
  };
}

/**
 * What a run leaves, without when the sends happened (a retried send happens later) or SES's own
 * ids; an email sent twice leaves two alike records of it, counted apart as `emailsTwice`. The
 * one-line confirmation of a reply command is sent at most once, after the command is recorded:
 * a crash between the two loses the confirmation, never the command (counted apart too).
 */
const isConfirmation = (item: Record<string, unknown>) =>
  item.type === 'sent' && item.kind === 'confirmation';
const logical = (items: Record<string, unknown>[]) =>
  [
    ...new Set(
      items
        .filter((item) => !isConfirmation(item))
        .map((item) => {
          const { sentAt: _s, leaseUntil: _l, claimedAt: _c, messageId: _m, sendCount: _n, ...rest } = item;
          return JSON.stringify({ ...rest, sk: String(rest.sk).startsWith('OUT#') ? 'OUT#' : rest.sk });
        }),
    ),
  ].sort();

describe('a crash at any write, then the platform’s retry', { timeout: 600_000 }, () => {
  it('leaves what a clean run leaves, for every step of the fortnight', async () => {
    const report = {
      crashPoints: 0,
      mismatched: [] as string[],
      stepsWithoutWrites: [] as string[],
      writesPerStep: {} as Record<string, number>,
      /** Crash points after which an email the clean run sent never went out. */
      emailsLost: [] as string[],
      /** Crash points between an email and its record: it goes out twice (at least once, never lost). */
      emailsTwice: 0,
      /** Crash points between a command's record and its confirmation: the command holds, the "Done: …" is not sent. */
      confirmationsLost: 0,
    };
    for (let index = 0; index < STEPS.length; index++) {
      // The clean run of this step, after the steps before it.
      const clean = await world();
      for (let before = 0; before < index; before++) await clean.step(before);
      clean.table.arm(undefined);
      await clean.retry(index);
      const writes = clean.table.writes();
      const expected = logical(await clean.table.snapshot());
      const cleanEmails = clean.emails();
      const cleanConfirmations = clean.confirmations();
      if (writes === 0) report.stepsWithoutWrites.push(STEPS[index]!.name);
      report.writesPerStep[STEPS[index]!.name] = writes;

      for (let write = 1; write <= writes; write++)
        for (const when of ['before', 'after'] as const) {
          const crashed = await world();
          for (let before = 0; before < index; before++) await crashed.step(before);
          crashed.table.arm({ write, when } satisfies CrashPoint);
          await crashed.step(index).catch((error) => {
            if (!(error instanceof InjectedCrash)) throw error;
          });
          crashed.table.arm(undefined);
          await crashed.retry(index);
          report.crashPoints++;
          const point = `${STEPS[index]!.name}: crash ${when} write ${write}`;
          const got = logical(await crashed.table.snapshot());
          if (JSON.stringify(got) !== JSON.stringify(expected)) {
            report.mismatched.push(point);
            if (process.env.CRASH_DEBUG && report.mismatched.length <= Number(process.env.CRASH_DEBUG))
              console.log(
                point,
                '\nmissing:',
                expected.filter((x) => !got.includes(x)),
                '\nextra:',
                got.filter((x) => !expected.includes(x)),
              );
          }
          if (crashed.emails() < cleanEmails) report.emailsLost.push(point);
          if (crashed.emails() > cleanEmails) report.emailsTwice++;
          if (crashed.confirmations() < cleanConfirmations) report.confirmationsLost++;
          crashed.table.close();
        }
      clean.table.close();
    }
    expect(report.stepsWithoutWrites).toEqual([]);
    expect(report.mismatched).toEqual([]);
    expect(report.emailsLost).toEqual([]);
    // The email to 60 commits in several transactions, so a crash falls between two of them.
    expect(report.writesPerStep['one question to 60 interviewers, Dr. Lopez among them']).toBeGreaterThan(1);
    // Every write of every step, before and after: the figure the note quotes.
    console.info(
      `crash battery: ${report.crashPoints} crash points, 0 mismatched, 0 emails lost, ${report.emailsTwice} sent twice, ${report.confirmationsLost} confirmations lost`,
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '#bin/local/ports';
import { localSes } from '#shared/adapters/local';
import { sesMailer } from '#shared/adapters/ses-mailer';
import { dispatchDueReminders } from '#shared/dispatch/morning-run';
import type { User } from '#shared/domain/model';
import { ingestMessage } from '#shared/ingest/ingest';
import { runDueJobs } from '#shared/jobs/jobs';
import { addUser } from '#shared/users/users';
import { testDeps } from '../../support/local.ts';
import { eml } from '../../support/mail.ts';

let deps: Awaited<ReturnType<typeof testDeps>>;
let user: User;
let capture: string;

beforeAll(async () => {
  deps = await testDeps();
  ({ user, captureAddress: capture } = await addUser(
    { email: 'amira@example.org', name: 'Amira Haddad', timezone: 'America/Chicago' },
    deps,
  ));
});
afterAll(() => deps.ses.stop());

async function outreachTo(to: string, date = 'Mon, 2 Nov 2026 09:15:00 -0600') {
  const outcome = await ingestMessage(
    {
      raw: eml({ from: 'amira@example.org', to, subject: 'Research opportunities in PM&R', date }),
      recipients: [capture],
    },
    deps,
  );
  return outcome.reminders!.created[0]!;
}

describe('dispatchDueReminders', () => {
  it('sends nothing before the reminder is due', async () => {
    await outreachTo('"Dr. Maria Lopez" <mlopez@stmarys.example.edu>');
    const sent = await dispatchDueReminders(
      { userId: user.userId, asOf: new Date('2026-11-16T13:30:00Z') },
      deps,
    );
    expect(sent).toEqual([]);
  });

  it('sends each due reminder once, as its own email with both parts, a signed Reply-To and List-Unsubscribe', async () => {
    const before = deps.ses.sent().length;
    const asOf = new Date('2026-11-17T13:30:00Z');

    const first = await dispatchDueReminders({ userId: user.userId, asOf }, deps);
    const second = await dispatchDueReminders({ userId: user.userId, asOf }, deps);

    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ to: 'amira@example.org', kind: 'reminder' });
    expect(first[0]?.subject).toContain('Dr. Maria Lopez');
    expect(second).toEqual([]);
    const mails = deps.ses.sent().slice(before);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.text).toContain('Dr. Maria Lopez has not replied');
    expect(mail.html).toContain('<strong>Dr. Maria Lopez has not replied');
    expect(mail.replyTo).toMatch(
      new RegExp(
        `^${capture.split('@')[0]}\\+r\\.${first[0]?.reminderIds[0]}\\.\\d+\\.[a-z2-9]{16}@in\\.rounds\\.test$`,
      ),
    );
    // RFC 8058: a one-click https link first, then the signed mailto address.
    expect(mail.headers?.find((h) => h.name === 'List-Unsubscribe')?.value).toMatch(
      /^<http:\/\/127\.0\.0\.1:3000\/unsubscribe\/.+>, <mailto:.+\+u\..+@in\.rounds\.test/,
    );
    const reminders = await deps.store.reminders.list(user.userId);
    expect(reminders.find((r) => r.reminderId === first[0]?.reminderIds[0])?.state).toBe('sent');
  });

  it('keeps a reminder waiting when the email cannot be sent, and sends it on the next run', async () => {
    const reminder = await outreachTo('pd@program.example.edu', 'Tue, 3 Nov 2026 09:00:00 -0600');
    const closedPort = await freePort();
    const broken = sesMailer(localSes(`http://127.0.0.1:${closedPort}`, 0));
    const asOf = new Date('2026-11-18T13:30:00Z');

    const failed = await dispatchDueReminders({ userId: user.userId, asOf }, { ...deps, mailer: broken });
    const stored = await deps.store.reminders.get(user.userId, reminder.id);
    const retried = await dispatchDueReminders({ userId: user.userId, asOf }, deps);

    expect(failed).toEqual([]);
    expect(stored?.state).toBe('pending');
    expect(retried.map((m) => m.reminderIds[0])).toEqual([reminder.id]);
  });
});

describe('runDueJobs', () => {
  it('delivers a reminder at the user’s morning run, not before, and a second wake-up sends nothing', async () => {
    const reminder = await outreachTo('chief@program.example.edu', 'Wed, 4 Nov 2026 10:00:00 -0600');
    // Due 18 Nov 16:00 UTC (10:00 in Chicago): the 07:30 run that day is too early.
    // The scheduler runs on the real clock: each wake-up happens at its own time.
    const at = (iso: string) => {
      deps.clock.set(iso);
      return runDueJobs(new Date(iso), deps);
    };
    const sameMorning = await at('2026-11-18T17:00:00Z');
    const nextMorning = await at('2026-11-19T13:31:00Z');
    const again = await at('2026-11-19T13:45:00Z');

    const reminderMails = (sent: typeof again) =>
      sent.filter((m) => m.kind === 'reminder').flatMap((m) => m.reminderIds);
    expect(reminderMails(sameMorning)).not.toContain(reminder.id);
    expect(reminderMails(nextMorning)).toContain(reminder.id);
    expect(again).toEqual([]);
  });
});

describe('mail Rounds sends', () => {
  it('never carries a header a third party smuggled into a name (CR/LF in a display name)', async () => {
    const { user, captureAddress: capture } = await addUser(
      { email: 'eve-target@example.org', timezone: 'UTC' },
      deps,
    );
    await ingestMessage(
      {
        raw: eml({
          from: 'eve-target@example.org',
          to: '=?UTF-8?B?RHIgRXZlDQpCY2M6IGF0dGFja2VyQGV2aWwuZXhhbXBsZQ==?= <eve@evil.example>', // "Dr Eve\r\nBcc: attacker@evil.example"
          date: 'Mon, 2 Nov 2026 09:15:00 +0000',
        }),
        recipients: [capture],
      },
      deps,
    );

    deps.clock.set('2026-11-17T08:00:00Z');
    await dispatchDueReminders({ userId: user.userId, asOf: new Date('2026-11-17T08:00:00Z') }, deps);

    const mail = deps.ses.sent().find((m) => m.to === 'eve-target@example.org')!;
    expect(mail.subject).toContain('Dr Eve Bcc: attacker@evil.example');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(JSON.stringify(mail.headers ?? [])).not.toMatch(/\\r|\\n/);
  });
});

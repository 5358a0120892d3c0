// A month in the life of a resident, run on the real stack: emails, an invitation, a
// conference, a rotation, a promised letter, replies — and a tick every morning. The test
// in test/e2e/demo-month.test.ts checks it produces exactly what the playbook prescribes.
import { updateContact } from '#shared/contacts/book';
import type { Deps } from '#shared/deps';
import type { SentMail } from '#shared/dispatch/morning-run';
import type { User } from '#shared/domain/model';
import type { Schedules } from '#shared/domain/schedules';
import { ingestMessage } from '#shared/ingest/ingest';
import { runDueJobs } from '#shared/jobs/jobs';
import { signedAddress } from '#shared/mail/address';
import { addConference, addLetter, addRotation } from '#shared/milestones/milestones';
import { addUser } from '#shared/users/users';

export type DemoDeps = Deps & { schedules: Schedules; clock: { now(): Date; set(iso: string): void } };

export type DemoEntry =
  | { at: string; event: string; outcome?: unknown }
  | {
      at: string;
      sent: { kind: SentMail['kind']; subject: string; reminders: { kind: string; contact: string }[] }[];
    };

const START = '2026-11-01T12:00:00.000Z';
const DAYS = 31;
/** After the 07:00 digest and the 07:30 morning run in Chicago, either side of the DST change. */
const TICK_UTC = '14:00:00.000Z';

function eml(lines: Record<string, string>, body: string): Buffer {
  const head = Object.entries(lines).map(([k, v]) => `${k}: ${v}`);
  return Buffer.from([...head, 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n'));
}

const INVITE = (capture: string) =>
  Buffer.from(
    [
      'From: Amira Haddad <amira@example.org>',
      `To: ${capture}`,
      'Subject: Fwd: Invitation: Mentorship meeting',
      'Date: Tue, 3 Nov 2026 08:00:00 -0600',
      'Message-ID: <demo-invite@example.org>',
      'Content-Type: text/calendar; charset=utf-8; method=REQUEST',
      '',
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
      'UID:demo-mentorship-1@uni.example.edu',
      'DTSTART;TZID=America/Chicago:20261110T160000',
      'DTEND;TZID=America/Chicago:20261110T163000',
      'SUMMARY:Mentorship meeting',
      'ORGANIZER;CN=Dr. Wei Chen:mailto:wchen@uni.example.edu',
      'ATTENDEE;CN=Amira Haddad:mailto:amira@example.org',
      'SEQUENCE:0',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  );

export async function demoMonth(deps: DemoDeps): Promise<{ user: User; log: DemoEntry[] }> {
  const log: DemoEntry[] = [];
  deps.clock.set(START);
  const { user, captureAddress: capture } = await addUser(
    { email: 'amira@example.org', name: 'Amira Haddad', timezone: 'America/Chicago' },
    deps,
  );
  const [token, domain] = capture.split('@') as [string, string];
  const tagged = (...tags: string[]) => `${[token, ...tags].join('+')}@${domain}`;
  const ingest = async (at: string, event: string, raw: Buffer, to = capture) => {
    deps.clock.set(at);
    const outcome = await ingestMessage({ raw, recipients: [to] }, deps);
    log.push({
      at,
      event,
      outcome: { status: outcome.status, reminders: outcome.reminders, command: outcome.command },
    });
    return outcome;
  };
  const replyTo = (reminderId: string) =>
    signedAddress(
      deps.config.signingSecret,
      user.captureToken,
      domain,
      'r',
      reminderId,
      new Date('2027-12-31T00:00:00Z'),
    );
  let lopezNudge = '';

  // Events at their instants; each is a thing the resident does, or mail that arrives.
  const events: { at: string; run: () => Promise<unknown> }[] = [
    {
      at: '2026-11-02T15:15:00.000Z',
      run: () =>
        ingest(
          '2026-11-02T15:15:00.000Z',
          'emails Dr. Maria Lopez (program director), BCC',
          eml(
            {
              From: 'Amira Haddad <amira@example.org>',
              To: '"Dr. Maria Lopez" <mlopez@stmarys.example.edu>',
              Subject: 'Research opportunities in PM&R',
              Date: 'Mon, 2 Nov 2026 09:15:00 -0600',
              'Message-ID': '<demo-lopez-1@example.org>',
            },
            'Dear Dr. Lopez, ...',
          ),
        ),
    },
    {
      at: '2026-11-03T14:00:00.000Z',
      run: () =>
        ingest('2026-11-03T14:00:00.000Z', 'forwards an invitation from Dr. Wei Chen', INVITE(capture)),
    },
    {
      at: '2026-11-04T16:00:00.000Z',
      run: () =>
        ingest(
          '2026-11-04T16:00:00.000Z',
          'emails Dr. Priya Raman, met at a conference (+conf)',
          eml(
            {
              From: 'Amira Haddad <amira@example.org>',
              To: '"Dr. Priya Raman" <praman@rehab.example.org>',
              Subject: 'Great to meet you at the poster session',
              Date: 'Wed, 4 Nov 2026 10:00:00 -0600',
              'Message-ID': '<demo-raman-1@example.org>',
            },
            'Dear Dr. Raman, ...',
          ),
          tagged('conf'),
        ),
    },
    {
      at: '2026-11-05T18:00:00.000Z',
      run: async () => {
        deps.clock.set('2026-11-05T18:00:00.000Z');
        const conference = await addConference(
          user,
          {
            name: 'AAPM&R Annual Assembly',
            start: '2026-12-03',
            end: '2026-12-06',
            targets: ['asilva@rehab.example.org'],
          },
          deps,
        );
        const rotation = await addRotation(
          user,
          { name: 'Inpatient medicine', end: '2026-11-27', attendings: ['sokoye@im.example.edu'] },
          deps,
        );
        log.push({
          at: '2026-11-05T18:00:00.000Z',
          event: 'adds a conference and a rotation',
          outcome: { conference, rotation },
        });
      },
    },
    {
      at: '2026-11-06T18:00:00.000Z',
      run: async () => {
        deps.clock.set('2026-11-06T18:00:00.000Z');
        const letter = await addLetter(user, { from: 'wchen@uni.example.edu', due: '2026-11-20' }, deps);
        await updateContact(user.userId, 'wchen@uni.example.edu', { tier: 'mentor' }, deps.store);
        log.push({
          at: '2026-11-06T18:00:00.000Z',
          event: 'notes the letter Dr. Chen promised; Dr. Chen is a mentor',
          outcome: { letter },
        });
      },
    },
    {
      at: '2026-11-17T15:00:00.000Z',
      run: async () => {
        const nudge = (await deps.store.reminders.list(user.userId)).find(
          (r) =>
            r.kind === 'no_reply_nudge' &&
            r.contactEmail === 'mlopez@stmarys.example.edu' &&
            r.state === 'sent',
        );
        lopezNudge = nudge?.reminderId ?? '';
        return ingest(
          '2026-11-17T15:00:00.000Z',
          'nudges Dr. Lopez and replies "done" to the reminder',
          eml(
            {
              From: 'Amira Haddad <amira@example.org>',
              To: replyTo(lopezNudge),
              Subject: 'Re: Nudge Dr. Maria Lopez?',
              Date: 'Tue, 17 Nov 2026 09:00:00 -0600',
              'Message-ID': '<demo-done-1@example.org>',
            },
            'done',
          ),
          replyTo(lopezNudge),
        );
      },
    },
    {
      at: '2026-11-18T17:00:00.000Z',
      run: () =>
        ingest(
          '2026-11-18T17:00:00.000Z',
          'Dr. Raman replies (Cc to the capture address)',
          eml(
            {
              From: '"Dr. Priya Raman" <praman@rehab.example.org>',
              To: 'amira@example.org',
              Cc: capture,
              Subject: 'Re: Great to meet you at the poster session',
              Date: 'Wed, 18 Nov 2026 11:00:00 -0600',
              'Message-ID': '<demo-raman-reply@rehab.example.org>',
              'In-Reply-To': '<demo-raman-1@example.org>',
            },
            'Lovely to hear from you. Let us talk in December.',
          ),
        ),
    },
  ];

  for (let day = 0; day <= DAYS - 1; day++) {
    const date = new Date(Date.parse(START) + day * 86_400_000).toISOString().slice(0, 10);
    const tickAt = `${date}T${TICK_UTC}`;
    for (const event of events.filter((e) => e.at < tickAt && e.at >= `${date}T00:00:00.000Z`))
      await event.run();
    deps.clock.set(tickAt);
    const sent = await runDueJobs(new Date(tickAt), deps);
    if (sent.length > 0) {
      const reminders = await deps.store.reminders.list(user.userId);
      log.push({
        at: tickAt,
        sent: sent.map((m) => ({
          kind: m.kind,
          subject: m.subject,
          reminders:
            m.kind === 'reminder'
              ? m.reminderIds.map((id) => {
                  const r = reminders.find((x) => x.reminderId === id);
                  return { kind: r?.kind ?? '?', contact: r?.contactEmail ?? '?' };
                })
              : [],
        })),
      });
    }
    for (const event of events.filter((e) => e.at >= tickAt && e.at < `${date}T23:59:59.999Z`))
      await event.run();
  }
  return { user, log };
}

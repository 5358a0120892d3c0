// Match Week (SOAP): an applicant may not contact a program before it contacts them. A program
// whose coordinator wrote this week — mail forwarded, or a calendar invitation — may be thanked
// after its SOAP interview; one that wrote only in February waits until after Match Day. All on
// DynamoDB Local and the local SES, through the same ingest and morning run as every day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchDueReminders } from '#shared/dispatch/morning-run';
import type { User } from '#shared/domain/model';
import { ingestMessage } from '#shared/ingest/ingest';
import { addProgram, setProgram } from '#shared/programs/programs';
import { addUser } from '#shared/users/users';
import { testDeps } from '../../support/local.ts';
import { eml } from '../../support/mail.ts';

let deps: Awaited<ReturnType<typeof testDeps>>;
let user: User;
let capture: string;
beforeAll(async () => {
  deps = await testDeps('2027-02-10T15:00:00Z');
  ({ user, captureAddress: capture } = await addUser(
    { email: 'amira@example.org', name: 'Amira Haddad', timezone: 'America/New_York' },
    deps,
  ));
});
afterAll(() => deps.ses.stop());

/** The user forwards, from Outlook, a message someone sent her. */
const forwardFrom = (from: string, sent: string, subject: string, body: string, date: string) =>
  ingestMessage(
    {
      raw: eml({
        from: 'Amira Haddad <amira@example.org>',
        to: capture,
        subject: `FW: ${subject}`,
        date,
        body: [
          '',
          '________________________________',
          `From: ${from}`,
          `Sent: ${sent}`,
          'To: Amira Haddad <amira@example.org>',
          `Subject: ${subject}`,
          '',
          body,
        ].join('\n'),
      }),
      recipients: [capture],
    },
    deps,
  );

const thanksOf = async (program: string) =>
  (await deps.store.reminders.list(user.userId))
    .filter((r) => r.kind === 'thank_you' && r.about?.program?.name === program)
    .map((r) => ({ contact: r.contactEmail, dueAt: r.dueAt, state: r.state }));

describe('in Match Week', () => {
  it('remembers when a program’s people last wrote, from the mail the user forwards', async () => {
    await addProgram(
      user,
      { name: 'Harbor Internal Medicine', institution: 'Harbor', contacts: ['pd@harbor.example.org'] },
      deps,
    );
    await forwardFrom(
      'Dr. Lena Ortiz <pd@harbor.example.org>',
      'Wednesday, February 10, 2027 9:12 AM',
      'Following up',
      'Dear Dr. Haddad,\n\nThank you for your note. We enjoyed meeting you.\n\nLena Ortiz, MD\nProgram Director',
      'Wed, 10 Feb 2027 10:01:00 -0500',
    );
    expect(await deps.store.contacts.findByEmail(user.userId, 'pd@harbor.example.org')).toMatchObject({
      lastHeardFromAt: '2027-02-10T14:12:00.000Z',
    });

    deps.clock.set('2027-03-16T13:05:00Z');
    const outcome = await forwardFrom(
      'Karen Mills <kmills@lakeside.example.org>',
      'Tuesday, March 16, 2027 8:40 AM',
      'SOAP Interview Invitation - Lakeside Family Medicine Residency',
      [
        'Dear Dr. Haddad,',
        '',
        'The Family Medicine Residency Program at Lakeside would like to invite you to a',
        'SOAP interview for a PGY-1 position on Wednesday, March 17, 2027 at 8:00 AM Eastern.',
        'Please reply to this email to confirm.',
        '',
        'Karen Mills',
        'Residency Program Coordinator',
        'Family Medicine Residency Program | Lakeside Medical Center',
      ].join('\n'),
      'Tue, 16 Mar 2027 09:04:00 -0400',
    );
    expect(outcome.status).toBe('logged');
    expect(await deps.store.contacts.findByEmail(user.userId, 'kmills@lakeside.example.org')).toMatchObject({
      lastHeardFromAt: '2027-03-16T12:40:00.000Z',
    });
  });

  it('thanks the program that wrote first after its interview, and holds the other’s thanks to after Match Day', async () => {
    const [lakeside] = (await deps.store.programs.list(user.userId)).filter((p) =>
      p.name.includes('Family Medicine'),
    );
    expect(lakeside).toBeDefined();
    await setProgram(user, lakeside!.name, { interview: '2027-03-17' }, deps);
    await setProgram(user, 'Harbor Internal Medicine', { interview: '2027-03-17' }, deps);
    // 08:00 in New York the next morning, daylight time.
    expect(await thanksOf(lakeside!.name)).toEqual([
      { contact: 'kmills@lakeside.example.org', dueAt: '2027-03-18T12:00:00.000Z', state: 'pending' },
    ]);

    deps.clock.set('2027-03-18T12:05:00Z');
    const before = deps.ses.sent().length;
    await dispatchDueReminders({ userId: user.userId, asOf: new Date('2027-03-18T12:05:00Z') }, deps);

    const subjects = deps.ses
      .sent()
      .slice(before)
      .map((m) => m.subject);
    expect(subjects.some((s) => s.includes('Karen Mills'))).toBe(true);
    expect(subjects.some((s) => s.includes('Lena Ortiz') || s.includes('pd@harbor'))).toBe(false);
    expect(await thanksOf(lakeside!.name)).toEqual([
      { contact: 'kmills@lakeside.example.org', dueAt: '2027-03-18T12:00:00.000Z', state: 'sent' },
    ]);
    expect(await thanksOf('Harbor Internal Medicine')).toEqual([
      { contact: 'pd@harbor.example.org', dueAt: '2027-03-20T16:00:00.000Z', state: 'pending' },
    ]);
  });

  it('counts a calendar invitation from a program as its writing first, dated when its calendar wrote it', async () => {
    deps.clock.set('2027-03-16T20:00:00Z');
    const invite = (stamp: string, uid: string, organizer: string) =>
      ingestMessage(
        {
          raw: Buffer.from(
            [
              // The user forwards the invitation from her calendar.
              'From: Amira Haddad <amira@example.org>',
              `To: ${capture}`,
              'Subject: Fwd: Invitation: SOAP video interview',
              'Date: Tue, 16 Mar 2027 15:30:00 -0400',
              `Message-ID: <${uid}@calendar.example.org>`,
              'MIME-Version: 1.0',
              'Content-Type: text/calendar; charset=UTF-8; method=REQUEST',
              '',
              'BEGIN:VCALENDAR',
              'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
              'VERSION:2.0',
              'METHOD:REQUEST',
              'BEGIN:VEVENT',
              'DTSTART:20270317T170000Z',
              'DTEND:20270317T173000Z',
              `DTSTAMP:${stamp}`,
              `ORGANIZER;CN=Program Office:mailto:${organizer.match(/<(.+)>/)![1]}`,
              `UID:${uid}@google.com`,
              'ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN=amira@example.org:mailto:amira@example.org',
              'SEQUENCE:0',
              'STATUS:CONFIRMED',
              'SUMMARY:SOAP video interview',
              'END:VEVENT',
              'END:VCALENDAR',
              '',
            ].join('\r\n'),
          ),
          recipients: [capture],
        },
        deps,
      );
    await invite('20270316T192900Z', 'soap-1', 'Program Office <office@valley.example.org>');
    expect(await deps.store.contacts.findByEmail(user.userId, 'office@valley.example.org')).toMatchObject({
      lastHeardFromAt: '2027-03-16T19:29:00.000Z',
    });
  });
});

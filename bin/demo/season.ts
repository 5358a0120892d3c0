// A residency season for one IMG applicant, September to March, on the real stack: programs,
// forwarded invitations (Thalamus, a coordinator, ERAS), interview days, a debrief, a letter
// of intent, news, the ECFMG check, a question about rank, and the quiet period — with a tick
// every morning. test/e2e/demo-season.test.ts checks it sends exactly what the season asks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { editContact, updateContact } from '#shared/contacts/book';
import { newContact } from '#shared/contacts/people';
import type { SentMail } from '#shared/dispatch/morning-run';
import type { User } from '#shared/domain/model';
import { zonedParts, zonedToUtc } from '#shared/domain/time';
import { ingestMessage } from '#shared/ingest/ingest';
import { runDueJobs } from '#shared/jobs/jobs';
import { signedAddress } from '#shared/mail/address';
import { addLetter } from '#shared/milestones/milestones';
import { addProgram, setProgram } from '#shared/programs/programs';
import { chooseFirstChoice, recordNews } from '#shared/programs/season-letters';
import { addUser, updateUserSettings } from '#shared/users/users';
import type { DemoDeps } from './month.ts';

export type SeasonEntry =
  | { at: string; event: string; sentAtOnce?: string[] }
  | {
      at: string;
      sent: { kind: SentMail['kind']; subject: string; reminders: { kind: string; contact: string }[] }[];
    };

const START = '2026-09-01T12:00:00.000Z';
const END = '2027-03-31T12:00:00.000Z';
const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'season');

const eml = (lines: Record<string, string>, body: string) =>
  Buffer.from(
    [
      ...Object.entries(lines).map(([k, v]) => `${k}: ${v}`),
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
    ].join('\r\n'),
  );

/** An email Amira writes, BCC'd to her capture address. */
const outbound = (to: string, subject: string, date: string, id: string, body: string) =>
  eml(
    {
      From: 'Amira Haddad <amira@example.org>',
      To: to,
      Subject: subject,
      Date: date,
      'Message-ID': `<${id}@example.org>`,
    },
    body,
  );

export async function demoSeason(deps: DemoDeps): Promise<{ user: User; log: SeasonEntry[] }> {
  const log: SeasonEntry[] = [];
  deps.clock.set(START);
  const { user, captureAddress: capture } = await addUser(
    { email: 'amira@example.org', name: 'Amira Haddad', timezone: 'America/Chicago' },
    deps,
  );
  const [token, domain] = capture.split('@') as [string, string];
  const replyTo = (reminderId: string) =>
    signedAddress(
      deps.config.signingSecret,
      token,
      domain,
      'r',
      reminderId,
      new Date('2027-12-31T00:00:00Z'),
    );
  const note = (at: string, event: string, sentAtOnce?: string[]) =>
    log.push({ at, event, ...(sentAtOnce?.length ? { sentAtOnce } : {}) });
  /** Mail arriving at the capture address; a reminder sent at once is noted with it. */
  const ingest = async (at: string, event: string, raw: Buffer, to = capture) => {
    deps.clock.set(at);
    const outcome = await ingestMessage({ raw, recipients: [to] }, deps);
    const now = await deps.store.reminders.getMany(
      user.userId,
      (outcome.reminders?.created ?? []).map((r) => r.id),
    );
    note(
      at,
      event,
      now.filter((r) => r.state === 'sent').map((r) => `${r.kind} ${r.contactEmail}`),
    );
    return outcome;
  };
  const forward = (at: string, event: string, file: string) =>
    ingest(at, event, readFileSync(join(FIXTURES, file)));
  const act = async (at: string, event: string, run: () => Promise<unknown>) => {
    deps.clock.set(at);
    await run();
    note(at, event);
  };
  const open = async (kind: string, contact: string) =>
    (await deps.store.reminders.list(user.userId)).find(
      (r) => r.kind === kind && r.contactEmail === contact && (r.state === 'sent' || r.state === 'pending'),
    );
  let me = user;

  const events: { at: string; run: () => Promise<unknown> }[] = [
    {
      at: '2026-09-02T15:00:00.000Z',
      run: () =>
        act(
          '2026-09-02T15:00:00.000Z',
          'applies through ERAS; an IMG; Dr. Wei Chen, her mentor, promises a letter',
          async () => {
            me = await updateUserSettings(me, { assignments: ['img=yes'] }, deps);
            await addProgram(
              me,
              { name: 'Internal Medicine Residency Program', institution: 'Riverside University Health' },
              deps,
            );
            await addProgram(
              me,
              { name: 'Family Medicine Residency', institution: "St. Mary's Medical Center" },
              deps,
            );
            await addProgram(
              me,
              {
                name: 'Pediatrics Residency Program',
                institution: "Lakeshore Children's Hospital",
                policy: 'no-post-interview',
              },
              deps,
            );
            await addProgram(
              me,
              { name: 'Emergency Medicine Residency', institution: 'Harbor General' },
              deps,
            );
            await addLetter(me, { from: 'wchen@uni.example.edu', due: '2026-09-20' }, deps);
            await updateContact(
              me.userId,
              'wchen@uni.example.edu',
              { tier: 'mentor', name: 'Dr. Wei Chen' },
              deps.store,
            );
          },
        ),
    },
    {
      at: '2026-09-03T16:00:00.000Z',
      run: () =>
        act('2026-09-03T16:00:00.000Z', 'asks Dr. Ada Okafor for a letter; she agrees', async () => {
          await deps.store.contacts.create(me.userId, {
            ...newContact(me.userId, 'aokafor@uni.example.edu', {
              firstContactAt: '2026-09-03T16:00:00.000Z',
              createdAt: '2026-09-03T16:00:00.000Z',
            }),
            name: 'Dr. Ada Okafor',
            tier: 'mentor',
          });
          await editContact(me, 'aokafor@uni.example.edu', { letterStatus: 'agreed' }, deps);
        }),
    },
    {
      at: '2026-09-05T16:00:00.000Z',
      run: () =>
        act('2026-09-05T16:00:00.000Z', 'sends Dr. Okafor the ERAS letter request form', () =>
          editContact(me, 'aokafor@uni.example.edu', { letterStatus: 'form_sent' }, deps),
        ),
    },
    {
      at: '2026-09-24T16:00:00.000Z',
      run: () =>
        act('2026-09-24T16:00:00.000Z', "sees Dr. Okafor's letter uploaded in MyERAS", () =>
          editContact(me, 'aokafor@uni.example.edu', { letterStatus: 'uploaded' }, deps),
        ),
    },
    {
      at: '2026-09-25T16:00:00.000Z',
      run: () =>
        act('2026-09-25T16:00:00.000Z', 'assigns it to her programs', () =>
          editContact(me, 'aokafor@uni.example.edu', { letterStatus: 'assigned' }, deps),
        ),
    },
    {
      at: '2026-10-14T02:14:00.000Z',
      run: () =>
        forward(
          '2026-10-14T02:14:00.000Z',
          'forwards a Thalamus invitation from Riverside',
          '01-thalamus-invitation.eml',
        ),
    },
    {
      at: '2026-10-14T13:10:00.000Z',
      run: () =>
        forward(
          '2026-10-14T13:10:00.000Z',
          'schedules in Thalamus, forwards the confirmation',
          '04-thalamus-scheduled.eml',
        ),
    },
    {
      at: '2026-10-21T12:41:00.000Z',
      run: () =>
        forward(
          '2026-10-21T12:41:00.000Z',
          "forwards St. Mary's coordinator's invitation",
          '02-coordinator-invitation.eml',
        ),
    },
    {
      at: '2026-10-21T23:00:00.000Z',
      run: async () => {
        await ingest(
          '2026-10-21T23:00:00.000Z',
          'answers the coordinator with her dates (BCC)',
          outbound(
            'Karen Mills <kmills@stmarys.example.org>',
            "Re: Family Medicine Residency Interview Invitation - St. Mary's Medical Center",
            'Wed, 21 Oct 2026 18:00:00 -0500',
            'season-answer-stmarys',
            'Dear Ms. Mills,\n\nThank you! I would be glad to interview on Thursday, November 19.\n\nAmira',
          ),
        );
        deps.clock.set('2026-10-22T15:00:00.000Z');
        await setProgram(me, 'Family Medicine Residency', { interview: '2026-11-19' }, deps);
        note(
          '2026-10-22T15:00:00.000Z',
          "sets St. Mary's interview day, 19 Nov, as the coordinator confirmed",
        );
      },
    },
    {
      at: '2026-10-26T14:20:00.000Z',
      run: () =>
        forward(
          '2026-10-26T14:20:00.000Z',
          'forwards an invitation relayed by ERAS from Lakeshore',
          '03-eras-invitation.eml',
        ),
    },
    {
      at: '2026-10-27T15:00:00.000Z',
      run: async () => {
        const answer = await open('interview_response', 'peds.residency@lakeshore.example.org');
        await ingest(
          '2026-10-27T15:00:00.000Z',
          'replies "done" to the Lakeshore reminder: she scheduled 8 Dec',
          eml(
            {
              From: 'Amira Haddad <amira@example.org>',
              To: replyTo(answer!.reminderId),
              Subject: 'Re: Answer Pediatrics Residency Program',
              Date: 'Tue, 27 Oct 2026 10:00:00 -0500',
              'Message-ID': '<season-done-lakeshore@example.org>',
            },
            'done',
          ),
          replyTo(answer!.reminderId),
        );
        await setProgram(me, 'Pediatrics Residency Program', { interview: '2026-12-08' }, deps);
      },
    },
    {
      at: '2026-10-29T17:00:00.000Z',
      run: () =>
        forward(
          '2026-10-29T17:00:00.000Z',
          'forwards a waitlist note from Harbor General',
          '05-waitlist.eml',
        ),
    },
    {
      at: '2026-10-30T15:00:00.000Z',
      run: () =>
        forward(
          '2026-10-30T15:00:00.000Z',
          'forwards a regret from Northfield Surgery',
          '06-not-offered.eml',
        ),
    },
    {
      at: '2026-11-02T18:00:00.000Z',
      run: () =>
        act('2026-11-02T18:00:00.000Z', 'decides not to go to Lakeshore on 8 Dec', () =>
          setProgram(me, 'Pediatrics Residency Program', { attending: false }, deps),
        ),
    },
    {
      at: '2026-11-18T15:00:00.000Z',
      run: async () => {
        const debrief = await open('interview_debrief', 'jdoe@riverside.example.org');
        await ingest(
          '2026-11-18T15:00:00.000Z',
          'answers the Riverside debrief: who she met, and a private note',
          eml(
            {
              From: 'Amira Haddad <amira@example.org>',
              To: replyTo(debrief!.reminderId),
              Subject: 'Re: Who did you meet at Internal Medicine Residency Program?',
              Date: 'Wed, 18 Nov 2026 09:00:00 -0600',
              'Message-ID': '<season-debrief-riverside@example.org>',
            },
            'Dr. Sam Lee <slee@riverside.example.org>, APD\nnote: Warm residents, strong IMG track record, J-1 sponsored.',
          ),
          replyTo(debrief!.reminderId),
        );
      },
    },
    {
      at: '2026-12-10T16:00:00.000Z',
      run: () =>
        ingest(
          '2026-12-10T16:00:00.000Z',
          'sends Dr. Chen an update on her interviews (BCC)',
          outbound(
            '"Dr. Wei Chen" <wchen@uni.example.edu>',
            'Interview season update',
            'Thu, 10 Dec 2026 10:00:00 -0600',
            'season-chen-update',
            'Dear Dr. Chen,\n\nI wanted to share that I have had three interviews so far. Thank you for your letter.\n\nAmira',
          ),
        ),
    },
    {
      at: '2027-01-04T16:00:00.000Z',
      run: () =>
        act('2027-01-04T16:00:00.000Z', 'makes Riverside her first choice', () =>
          chooseFirstChoice(me, 'Internal Medicine Residency Program', deps),
        ),
    },
    {
      at: '2027-01-13T16:00:00.000Z',
      run: () =>
        act('2027-01-13T16:00:00.000Z', 'sends Riverside her letter of intent', () =>
          setProgram(me, 'Internal Medicine Residency Program', { status: 'letter_of_intent' }, deps),
        ),
    },
    {
      at: '2027-01-20T16:00:00.000Z',
      run: () =>
        act('2027-01-20T16:00:00.000Z', 'records news: her Step 2 CK score', () =>
          recordNews(me, 'Step 2 CK: 252', deps),
        ),
    },
    {
      at: '2027-02-10T15:00:00.000Z',
      run: () =>
        ingest(
          '2027-02-10T15:00:00.000Z',
          "asks St. Mary's coordinator where they will rank her (BCC)",
          outbound(
            'Karen Mills <kmills@stmarys.example.org>',
            'Following up',
            'Wed, 10 Feb 2027 09:00:00 -0600',
            'season-rank-question',
            'Dear Ms. Mills,\n\nI enjoyed my interview day. Could you tell me where you will rank me?\n\nAmira',
          ),
        ),
    },
    {
      at: '2027-03-01T16:00:00.000Z',
      run: () =>
        ingest(
          '2027-03-01T16:00:00.000Z',
          "asks Harbor General's coordinator about a late interview (BCC)",
          outbound(
            'Lena Ortiz <lortiz@harbor.example.org>',
            'Interview waitlist',
            'Mon, 1 Mar 2027 10:00:00 -0600',
            'season-harbor-late',
            'Dear Ms. Ortiz,\n\nIs there any chance an interview date opened up?\n\nAmira',
          ),
        ),
    },
    {
      at: '2027-03-19T18:00:00.000Z',
      run: () =>
        act('2027-03-19T18:00:00.000Z', 'matches at Riverside', () =>
          setProgram(me, 'Internal Medicine Residency Program', { status: 'matched' }, deps),
        ),
    },
  ];

  // Each morning, a tick just after the 07:00 digest and one just after the 07:30 run, Chicago
  // time: the jobs run at their own minutes, as the deployed schedules fire them.
  const ticks: string[] = [];
  for (let t = Date.parse(START); t <= Date.parse(END); t += 86_400_000) {
    const { year, month, day } = zonedParts(new Date(t), user.timezone);
    for (const [hour, minute] of [
      [7, 1],
      [7, 31],
    ] as const)
      ticks.push(zonedToUtc({ year, month, day, hour, minute }, user.timezone)!.toISOString());
  }
  let done = 0;
  for (const tickAt of ticks) {
    while (done < events.length && events[done]!.at < tickAt) await events[done++]!.run();
    deps.clock.set(tickAt);
    const sent = await runDueJobs(new Date(tickAt), deps);
    if (sent.length > 0) {
      const reminders = await deps.store.reminders.getMany(
        user.userId,
        sent.flatMap((m) => m.reminderIds),
      );
      log.push({
        at: tickAt,
        sent: sent.map((m) => ({
          kind: m.kind,
          subject: m.subject,
          reminders: m.reminderIds.map((id) => {
            const r = reminders.find((x) => x.reminderId === id);
            return { kind: r?.kind ?? '?', contact: r?.contactEmail ?? '?' };
          }),
        })),
      });
    }
  }
  while (done < events.length) await events[done++]!.run();
  return { user, log };
}

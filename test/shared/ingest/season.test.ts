// The season's mail, as the applicant forwards it (test/fixtures/season): an invitation is
// answered at once — its reminder mailed on capture, not at the next morning run, with the
// program's clock and the user's — and again before its deadline; a scheduled interview ends
// those and plans the day (prepare, note who you met, thank them); a waitlist or a regret
// moves the program and asks nothing. All on DynamoDB Local and the local SES.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWeeklyDigest } from '#shared/digest/send';
import { dispatchDueReminders } from '#shared/dispatch/morning-run';
import type { User } from '#shared/domain/model';
import { ingestMessage } from '#shared/ingest/ingest';
import { addProgram, programViews, setProgram } from '#shared/programs/programs';
import { addUser } from '#shared/users/users';
import { testDeps } from '../../support/local.ts';
import { eml } from '../../support/mail.ts';

let deps: Awaited<ReturnType<typeof testDeps>>;
let user: User;
let capture: string;
beforeAll(async () => {
  deps = await testDeps('2026-10-14T02:15:00Z');
  // An IMG on a preliminary year in New York, applying to programs in other zones.
  ({ user, captureAddress: capture } = await addUser(
    { email: 'amira@example.org', name: 'Amira Haddad', timezone: 'America/New_York' },
    deps,
  ));
});
afterAll(() => deps.ses.stop());

const forward = (file: string) =>
  ingestMessage({ raw: readFileSync(`test/fixtures/season/${file}`), recipients: [capture] }, deps);
const open = async () =>
  (await deps.store.reminders.list(user.userId))
    .filter((r) => ['pending', 'sent', 'snoozed'].includes(r.state))
    .map((r) => ({ kind: r.kind, contact: r.contactEmail, dueAt: r.dueAt, state: r.state }))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));

describe('an interview invitation', () => {
  it('is answered at once: its reminder is mailed on capture, with the program’s time and the user’s', async () => {
    const before = deps.ses.sent().length;
    const outcome = await forward('01-thalamus-invitation.eml');

    expect(outcome).toMatchObject({
      status: 'logged',
      program: { name: 'Internal Medicine Residency Program', status: 'invited' },
      interactions: [{ direction: 'inbound', contacts: [{ email: 'jdoe@riverside.example.org' }] }],
      reminders: {
        created: [
          {
            kind: 'interview_response',
            contact: 'jdoe@riverside.example.org',
            dueAt: '2026-10-14T02:15:00.000Z',
          },
          // The user's last morning run (07:30 in New York) before Friday 17:00 Central.
          {
            kind: 'interview_response',
            contact: 'jdoe@riverside.example.org',
            dueAt: '2026-10-16T11:30:00.000Z',
          },
        ],
      },
    });
    const sent = deps.ses.sent().slice(before);
    expect(sent.map((m) => m.subject)).toEqual([
      "Answer Internal Medicine Residency Program's interview invitation by Fri 16 Oct, 17:00 Central time (18:00 your time)",
    ]);
    expect(sent[0]!.text).toContain('Dates fill within hours');
    expect(sent[0]!.text).toContain('To: Jane Doe <jdoe@riverside.example.org>');
    // The platform's no-reply address is nobody to write to: it is not made a contact.
    const contacts = await deps.store.contacts.list(user.userId);
    expect(contacts.map((c) => c.email)).toEqual(['jdoe@riverside.example.org']);
    expect(contacts[0]).toMatchObject({ institution: 'Riverside University Health' });
    expect(await programViews(user, deps)).toEqual([
      expect.objectContaining({
        name: 'Internal Medicine Residency Program',
        institution: 'Riverside University Health',
        status: 'invited',
        contacts: ['jdoe@riverside.example.org'],
      }),
    ]);
  });

  it('delivered twice, changes nothing and mails nothing more', async () => {
    const before = deps.ses.sent().length;
    expect(await forward('01-thalamus-invitation.eml')).toMatchObject({ status: 'duplicate' });
    expect(deps.ses.sent().length).toBe(before);
    expect((await open()).filter((r) => r.kind === 'interview_response')).toHaveLength(2);
  });

  it('once scheduled, asks no more, and plans the day: prepare, note who you met, thank them', async () => {
    deps.clock.set('2026-10-14T13:15:00Z');
    const outcome = await forward('04-thalamus-scheduled.eml');

    expect(outcome).toMatchObject({
      program: { name: 'Internal Medicine Residency Program', status: 'scheduled' },
      reminders: {
        resolved: [{ kind: 'interview_response' }, { kind: 'interview_response' }],
      },
    });
    expect(await open()).toEqual([
      {
        kind: 'meeting_prep',
        contact: 'jdoe@riverside.example.org',
        dueAt: '2026-11-16T12:30:00.000Z',
        state: 'pending',
      },
      {
        kind: 'interview_debrief',
        contact: 'jdoe@riverside.example.org',
        dueAt: '2026-11-17T20:00:00.000Z',
        state: 'pending',
      },
      {
        kind: 'thank_you',
        contact: 'jdoe@riverside.example.org',
        dueAt: '2026-11-18T14:00:00.000Z',
        state: 'pending',
      },
    ]);
    const program = (await deps.store.programs.list(user.userId))[0]!;
    expect(program.history.map((h) => [h.status, h.at])).toEqual([
      ['applied', '2026-10-13T20:02:00.000Z'],
      ['invited', '2026-10-13T20:02:00.000Z'],
      ['scheduled', '2026-10-14T12:02:00.000Z'],
    ]);
    expect(program.interview).toEqual({
      at: '2026-11-17T14:00:00.000Z',
      zone: 'America/Chicago',
      attending: true,
    });
  });

  it("from a coordinator's own mail: 48 hours from when she sent it, and her program's people", async () => {
    deps.clock.set('2026-10-21T12:41:00Z');
    const outcome = await forward('02-coordinator-invitation.eml');
    expect(outcome).toMatchObject({
      program: { name: 'Family Medicine Residency', status: 'invited' },
      reminders: {
        created: [
          {
            kind: 'interview_response',
            contact: 'kmills@stmarys.example.org',
            dueAt: '2026-10-21T12:41:00.000Z',
          },
          {
            kind: 'interview_response',
            contact: 'kmills@stmarys.example.org',
            dueAt: '2026-10-22T11:30:00.000Z',
          },
        ],
      },
    });
    expect(deps.ses.sent().at(-1)!.subject).toBe(
      "Answer Family Medicine Residency's interview invitation by Thu 22 Oct, 15:15",
    );
  });

  it('a program with no post-interview mail gets no thank-you, only the debrief', async () => {
    deps.clock.set('2026-10-26T14:00:00Z');
    await addProgram(
      user,
      {
        name: 'Pediatrics Residency Program',
        institution: "Lakeshore Children's Hospital",
        policy: 'no-post-interview',
      },
      deps,
    );
    const invited = await forward('03-eras-invitation.eml');
    expect(invited).toMatchObject({
      program: { name: 'Pediatrics Residency Program', status: 'invited' },
      reminders: { created: [{ contact: 'peds.residency@lakeshore.example.org' }, {}] },
    });
    expect(deps.ses.sent().at(-1)!.subject).toBe(
      "Answer Pediatrics Residency Program's interview invitation by Thu 29 Oct, 23:59 Pacific time (Fri 30 Oct, 02:59 your time)",
    );
  });
});

describe('a waitlist and a regret', () => {
  it('move their program and ask nothing of the user', async () => {
    deps.clock.set('2026-10-30T16:00:00Z');
    const before = deps.ses.sent().length;
    const waitlisted = await forward('05-waitlist.eml');
    const declined = await forward('06-not-offered.eml');
    expect(waitlisted).toMatchObject({
      program: { name: 'Emergency Medicine Residency', status: 'waitlisted' },
      reminders: { created: [] },
    });
    expect(declined).toMatchObject({ program: { status: 'declined' }, reminders: { created: [] } });
    expect(deps.ses.sent().length).toBe(before);
  });
});

describe('the interview day, as the user changes it', () => {
  it('set by hand, is planned like a confirmed one; a policy of no post-interview mail ends its thank-you', async () => {
    deps.clock.set('2026-10-31T12:00:00Z');
    const scheduled = await setProgram(user, 'Family Medicine Residency', { interview: '2026-11-19' }, deps);
    expect(scheduled).toMatchObject({
      status: 'scheduled',
      // 08:00 in New York, where the user is.
      interview: { at: '2026-11-19T13:00:00.000Z', attending: true },
      reminders: {
        created: [
          { kind: 'meeting_prep', contact: 'kmills@stmarys.example.org', dueAt: '2026-11-18T12:30:00.000Z' },
          { kind: 'interview_debrief', dueAt: '2026-11-19T19:00:00.000Z' },
          { kind: 'thank_you', contact: 'kmills@stmarys.example.org', dueAt: '2026-11-20T13:00:00.000Z' },
        ],
      },
    });
    const quiet = await setProgram(user, 'Family Medicine Residency', { policy: 'no-post-interview' }, deps);
    expect(quiet.reminders).toMatchObject({
      cancelled: [{ kind: 'thank_you', contact: 'kmills@stmarys.example.org' }],
    });
  });

  it('not attending: the day’s reminders end, and one comes to cancel with two weeks’ notice', async () => {
    deps.clock.set('2026-10-31T12:00:00Z');
    const notGoing = await setProgram(
      user,
      'Internal Medicine Residency Program',
      { attending: false },
      deps,
    );
    expect(notGoing.reminders).toMatchObject({
      created: [
        {
          kind: 'interview_cancel',
          contact: 'jdoe@riverside.example.org',
          dueAt: '2026-11-03T12:30:00.000Z',
        },
      ],
      cancelled: [{ kind: 'meeting_prep' }, { kind: 'interview_debrief' }, { kind: 'thank_you' }],
    });
    // Due in three days: delivered by that morning's run, as every reminder is.
    const riverside = (await open()).filter((r) => r.contact === 'jdoe@riverside.example.org');
    expect(riverside.map((r) => r.kind)).toEqual(['interview_cancel']);
  });

  it('withdrawn: nothing more is asked about the program', async () => {
    const withdrawn = await setProgram(user, 'Family Medicine Residency', { status: 'withdrawn' }, deps);
    expect(withdrawn.reminders?.cancelled.map((r) => r.kind).sort()).toEqual([
      'interview_debrief',
      'meeting_prep',
    ]);
  });

  it('not attending needs a day to cancel', async () => {
    await expect(
      setProgram(user, 'Emergency Medicine Residency', { attending: false }, deps),
    ).rejects.toThrow(
      'Emergency Medicine Residency has no interview day yet: give it with --interview <date>',
    );
  });
});

describe('after the interview day', () => {
  it('a reply to the debrief makes contacts of the people met, keeps the note private, and thanks them in one reminder', async () => {
    deps.clock.set('2026-11-01T12:00:00Z');
    await addProgram(
      user,
      { name: 'Neurology Residency', institution: 'Bayview', contacts: ['coord@neuro.example.org'] },
      deps,
    );
    await setProgram(user, 'Neurology Residency', { interview: '2026-11-24' }, deps);
    // The morning after: the debrief (and yesterday's prep) go out.
    deps.clock.set('2026-11-25T12:00:00Z');
    await dispatchDueReminders({ userId: user.userId, asOf: new Date('2026-11-25T12:00:00Z') }, deps);
    const debrief = deps.ses.sent().find((m) => m.subject === 'Who did you meet at Neurology Residency?')!;
    expect(debrief.text).toContain('Rounds reminds you to thank each of them');

    const outcome = await ingestMessage(
      {
        raw: eml({
          from: 'Amira Haddad <amira@example.org>',
          to: debrief.replyTo!,
          subject: `Re: ${debrief.subject}`,
          date: 'Wed, 25 Nov 2026 07:30:00 -0500',
          body: [
            'Dr. Sam Lee <SLee@neuro.example.org>, APD',
            'Priya Nair pnair@neuro.example.org',
            'note: Strong stroke service; residents seemed happy. Ask about moonlighting.',
            '',
            `On Wed, Nov 25, 2026 at 7:00 AM Rounds <${debrief.from}> wrote:`,
            '> Who did you meet at Neurology Residency?',
          ].join('\n'),
        }),
        recipients: [debrief.replyTo!],
      },
      deps,
    );

    expect(outcome).toMatchObject({ status: 'command', command: { action: 'debrief' } });
    expect(deps.ses.sent().at(-1)!.text).toContain(
      'Added 2 people to Neurology Residency; kept your note, privately, on the program; Rounds will remind you to thank them on Wed 25 Nov.',
    );
    const [neurology] = (await programViews(user, deps)).filter((p) => p.name === 'Neurology Residency');
    expect(neurology!.contacts).toEqual([
      'coord@neuro.example.org',
      'slee@neuro.example.org',
      'pnair@neuro.example.org',
    ]);
    const sam = await deps.store.contacts.findByEmail(user.userId, 'slee@neuro.example.org');
    expect(sam).toMatchObject({ name: 'Dr. Sam Lee', role: 'APD' });
    const program = (await deps.store.programs.list(user.userId)).find(
      (p) => p.name === 'Neurology Residency',
    )!;
    expect(program.notes?.map((n) => n.text)).toEqual([
      'Strong stroke service; residents seemed happy. Ask about moonlighting.',
    ]);
    // One thank-you for the three of them, the day after the interview.
    const thanks = (await deps.store.reminders.list(user.userId)).filter(
      (r) =>
        r.kind === 'thank_you' && r.about?.program?.name === 'Neurology Residency' && r.state === 'pending',
    );
    expect(thanks.map((r) => [r.dueAt, [r.contactEmail, ...(r.others ?? []).map((o) => o.email)]])).toEqual([
      [
        '2026-11-25T13:00:00.000Z',
        ['coord@neuro.example.org', 'slee@neuro.example.org', 'pnair@neuro.example.org'],
      ],
    ]);
  });
});

describe('the digest in the season', () => {
  it('has a by-program section: what is in play, where each stands, and what comes next', async () => {
    deps.clock.set('2026-11-30T12:00:00Z');
    await sendWeeklyDigest({ userId: user.userId, scheduledAt: new Date('2026-11-30T12:00:00Z') }, deps);
    const digest = deps.ses.sent().at(-1)!;
    const section = digest.text.split('YOUR PROGRAMS (THE 2027 MATCH)\n')[1]!.split('\n\n')[0]!;
    expect(section.split('\n').map((l) => l.trim())).toEqual([
      'Internal Medicine Residency Program, Riverside University Health: interview was Tue 17 Nov (you did not go) · next: Cancel the Internal Medicine Residency Program interview (Tue 3 Nov)',
      // Its deadline passed: nothing more to answer.
      "Pediatrics Residency Program, Lakeshore Children's Hospital: invited Mon 26 Oct",
      'Emergency Medicine Residency: waitlisted Thu 29 Oct',
      'Neurology Residency, Bayview: interviewed Tue 24 Nov · next: Thank coord@neuro.example.org, Dr. Sam Lee and Priya Nair for “Neurology Residency” (Wed 25 Nov)',
      'and 2 closed (declined, withdrawn or matched)',
    ]);
  });
});

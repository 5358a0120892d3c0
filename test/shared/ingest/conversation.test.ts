// Conversation truth: Rounds' picture of each thread is what really happened, from mail as
// real clients write it (test/fixtures/conversation/). The user BCCs their answers; the
// contacts' own replies reach Rounds only as quotes. Every file goes in through the Lambda
// entry point, in order, for one resident in Chicago.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboundHandler } from '#functions/inbound';
import { directoryRawMail } from '#shared/adapters/raw-mail';
import type { User } from '#shared/domain/model';
import { contactView, nextFollowUps, reminderView, timelineView } from '#shared/domain/views';
import type { IngestOutcome } from '#shared/ingest/ingest';
import { addUser } from '#shared/users/users';
import { testDeps } from '../../support/local.ts';
import { sesReceipt, tagged } from '../../support/ses.ts';

let deps: Awaited<ReturnType<typeof testDeps>>;
let user: User;
let capture: string;
let handler: ReturnType<typeof createInboundHandler>;

beforeAll(async () => {
  deps = await testDeps('2026-11-20T12:00:00Z');
  ({ user, captureAddress: capture } = await addUser(
    { email: 'amira@example.org', name: 'Amira Haddad', timezone: 'America/Chicago' },
    deps,
  ));
  handler = createInboundHandler({ ...deps, rawMail: directoryRawMail('test/fixtures/conversation') });
});
afterAll(() => deps.ses.stop());

async function deliver(file: string, tags: string[] = []): Promise<IngestOutcome> {
  const { outcomes } = await handler(sesReceipt(file, [tagged(capture, tags)]));
  return outcomes[0]!;
}

const timelineOf = async (email: string) => {
  const contact = await deps.store.contacts.findByEmail(user.userId, email);
  return contact
    ? (await deps.store.interactions.timeline(user.userId, contact.contactId)).map(timelineView)
    : [];
};
const openReminders = async (email: string) => {
  const contact = await deps.store.contacts.findByEmail(user.userId, email);
  return contact
    ? (await deps.store.reminders.ofContact(user.userId, contact.contactId))
        .filter((r) => ['pending', 'sent', 'snoozed'].includes(r.state))
        .map(reminderView)
    : [];
};

describe('a contact’s reply known only from the user’s BCC’d answer', () => {
  it('an outreach keeps its Windows-1252 subject whole and waits two weeks for an answer', async () => {
    const outcome = await deliver('01-outreach.eml');

    expect(outcome.interactions?.[0]?.subject).toBe('Research elective inquiry – PM&R');
    expect(outcome.reminders?.created).toEqual([
      expect.objectContaining({
        kind: 'no_reply_nudge',
        contact: 'mlopez@stmarys.example.edu',
        dueAt: '2026-11-16T15:15:00.000Z',
      }),
    ]);
  });

  it('the Gmail answer quoting her logs her reply at the quoted time, inferred, and ends the nudge', async () => {
    const outcome = await deliver('02-gmail-reply-quoting-answer.eml');

    expect(outcome.status).toBe('logged');
    expect(outcome.interactions).toEqual([
      {
        id: expect.any(String),
        kind: 'email',
        direction: 'inbound',
        occurredAt: '2026-11-04T16:00:00.000Z',
        subject: 'Re: Research elective inquiry',
        contacts: [{ email: 'mlopez@stmarys.example.edu', name: 'Dr. Maria Lopez' }],
        inferred: true,
      },
      expect.objectContaining({ direction: 'outbound', occurredAt: '2026-11-05T13:42:10.000Z' }),
    ]);
    expect(outcome.reminders?.resolved).toEqual([
      { id: expect.any(String), kind: 'no_reply_nudge', contact: 'mlopez@stmarys.example.edu' },
    ]);
    // Her answer was the reply; the user's answer to it is not new outreach waiting on her.
    expect(outcome.reminders?.created).toEqual([]);
    expect(await openReminders('mlopez@stmarys.example.edu')).toEqual([]);
    expect(
      (await timelineOf('mlopez@stmarys.example.edu')).map((i) => `${i.direction} ${i.occurredAt}`),
    ).toEqual([
      'outbound 2026-11-05T13:42:10.000Z',
      'inbound 2026-11-04T16:00:00.000Z',
      'outbound 2026-11-02T15:15:00.000Z',
    ]);
    const lopez = await deps.store.contacts.findByEmail(user.userId, 'mlopez@stmarys.example.edu');
    expect(lopez?.unanswered).toBe(0);
  });

  it('an Outlook reply with the From/Sent block is the user writing, and the quoted sender replied', async () => {
    const outcome = await deliver('03-outlook-reply-quoting-first-mail.eml');

    expect(
      outcome.interactions?.map((i) => [i.direction, i.occurredAt, i.contacts[0]?.email, i.inferred]),
    ).toEqual([
      // "Sent: Thursday, November 5, 2026 6:30 PM" has no zone: read in the user's (Chicago).
      ['inbound', '2026-11-06T00:30:00.000Z', 'okafor@kings.example.ac.uk', true],
      ['outbound', '2026-11-06T14:05:33.000Z', 'okafor@kings.example.ac.uk', undefined],
    ]);
    expect(outcome.reminders?.created.filter((r) => r.kind === 'no_reply_nudge')).toEqual([]);
  });

  it('a bump quoting the user’s own earlier mail is outreach again, and waits for an answer', async () => {
    const outcome = await deliver('04-aol-bump-quoting-own-mail.eml');

    expect(outcome.interactions?.map((i) => [i.direction, i.contacts[0]?.email, i.inferred])).toEqual([
      ['outbound', 'crivera@im.example.edu', undefined],
    ]);
    expect(outcome.reminders?.created.map((r) => r.kind)).toEqual(['no_reply_nudge']);
  });

  it('a reply carrying the earlier message as an attachment is the user writing, not a forward', async () => {
    const outcome = await deliver('05-reply-with-attached-message.eml');

    expect(outcome.interactions?.map((i) => [i.direction, i.contacts[0]?.email, i.inferred])).toEqual([
      ['outbound', 'lortega@fm.example.org', undefined],
    ]);
    expect(outcome.reminders?.created.map((r) => r.kind)).toEqual(['no_reply_nudge']);
  });

  it('a French reply logs the quoted answer at its time in the user’s zone', async () => {
    const outcome = await deliver('07-french-reply.eml');

    expect(outcome.interactions?.[0]).toMatchObject({
      direction: 'inbound',
      occurredAt: '2026-11-12T23:30:00.000Z',
      contacts: [{ email: 'cdubois@chu.example.fr' }],
      inferred: true,
    });
  });
});

describe('what an email is for', () => {
  it('a thank-you note is logged and starts no nudge', async () => {
    const outcome = await deliver('06-thank-you-note.eml');

    expect(outcome.status).toBe('logged');
    expect(outcome.reminders?.created).toEqual([]);
    expect(await openReminders('wchen@uni.example.edu')).toEqual([]);
  });

  it('a +3d tag always asks for the follow-up, thanks or not', async () => {
    const outcome = await deliver('08-thanks-with-3d-tag.eml', ['3d']);

    expect(outcome.reminders?.created).toEqual([
      expect.objectContaining({ kind: 'no_reply_nudge', dueAt: '2026-11-17T16:00:00.000Z' }),
    ]);
  });

  it('a second delivery of any of them changes nothing', async () => {
    const before = await deps.store.reminders.list(user.userId);
    for (const file of ['02-gmail-reply-quoting-answer.eml', '03-outlook-reply-quoting-first-mail.eml'])
      expect((await deliver(file)).status).toBe('duplicate');
    expect(await deps.store.reminders.list(user.userId)).toEqual(before);
    const contacts = await deps.store.contacts.list(user.userId);
    expect(
      contacts.map((c) => contactView(c, nextFollowUps(before), '2026-11-20T12:00:00Z').email).sort(),
    ).toEqual([
      'cdubois@chu.example.fr',
      'crivera@im.example.edu',
      'lortega@fm.example.org',
      'mlopez@stmarys.example.edu',
      'okafor@kings.example.ac.uk',
      'sokoye@im.example.edu',
      'wchen@uni.example.edu',
    ]);
  });
});

describe('one thread, one nudge', () => {
  it('an email To two people waits with one reminder naming both, ended by either’s reply', async () => {
    const outcome = await deliver('09-two-recipients.eml');

    expect(outcome.reminders?.created).toEqual([
      {
        id: expect.any(String),
        kind: 'no_reply_nudge',
        contact: 'nrahman@metro.example.edu',
        contacts: ['nrahman@metro.example.edu', 'pgreen@metro.example.edu'],
        dueAt: '2026-11-30T15:00:00.000Z',
      },
    ]);
    expect((await openReminders('pgreen@metro.example.edu')).map((r) => r.contacts)).toEqual([
      ['nrahman@metro.example.edu', 'pgreen@metro.example.edu'],
    ]);

    const answered = await deliver('10-one-of-two-answers.eml');

    expect(answered.reminders?.resolved.map((r) => r.contacts)).toEqual([
      ['nrahman@metro.example.edu', 'pgreen@metro.example.edu'],
    ]);
    expect(await openReminders('nrahman@metro.example.edu')).toEqual([]);
  });
});

describe('what Rounds could not see or read, said', () => {
  it('an invitation it cannot read is not logged as a plain email: the outcome and the digest say so', async () => {
    const outcome = await deliver('11-forwarded-unreadable-invite.eml');

    expect(outcome).toMatchObject({ status: 'ignored', reason: 'calendar-unreadable' });
    expect(outcome.warnings?.length).toBeGreaterThan(0);
    expect(
      await deps.store.contacts.findByEmail(user.userId, 'imresidency@metro.example.edu'),
    ).toBeUndefined();
  });

  it('a logged thread that cites a message Rounds never got says so, and the digest lists both', async () => {
    const { sendWeeklyDigest } = await import('#shared/digest/send');
    const outcome = await deliver('12-thread-with-a-gap.eml');

    expect(outcome.warnings).toEqual(['an earlier message in this thread never reached Rounds']);
    await sendWeeklyDigest({ userId: user.userId, scheduledAt: new Date('2026-11-23T13:00:00Z') }, deps);
    const digest = deps.ses.sent().at(-1)!;
    expect(digest.text).toContain('TO CHECK');
    expect(digest.text).toContain('Rounds could not read the invitation in “Fwd: Interview day invitation”');
    expect(digest.text).toContain(
      '“Re: Family medicine sub-internship” with Dr. Luis Ortega: an earlier message in this thread never reached Rounds.',
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '#shared/domain/model';
import { ingestMessage } from '#shared/ingest/ingest';
import { addUser } from '#shared/users/users';
import { testDeps } from '../../support/local.ts';
import { eml } from '../../support/mail.ts';

let deps: Awaited<ReturnType<typeof testDeps>>;
let user: User;
let capture: string;

beforeAll(async () => {
  deps = await testDeps();
  const added = await addUser(
    {
      email: 'amira@example.org',
      name: 'Amira Haddad',
      timezone: 'America/Chicago',
      aliases: ['amira.h@hospital.example'],
    },
    deps,
  );
  user = added.user;
  capture = added.captureAddress;
});
afterAll(() => deps.ses.stop());

const outreach = (overrides: Parameters<typeof eml>[0] = {}) =>
  eml({
    from: 'Amira Haddad <amira@example.org>',
    to: '"Dr. Maria Lopez" <mlopez@stmarys.example.edu>',
    subject: 'Research opportunities in PM&R',
    ...overrides,
  });

describe('ingestMessage: an outbound email with the capture address in BCC', () => {
  it('creates the contact, logs the email at its Date and sets a nudge 14 days later', async () => {
    const raw = outreach({ messageId: '<outreach-1@example.org>', bcc: capture });

    const outcome = await ingestMessage({ raw, recipients: [capture] }, deps);

    expect(outcome).toMatchObject({
      messageId: '<outreach-1@example.org>',
      status: 'logged',
      interactions: [
        {
          kind: 'email',
          direction: 'outbound',
          occurredAt: '2026-11-02T15:15:00.000Z',
          subject: 'Research opportunities in PM&R',
          contacts: [{ email: 'mlopez@stmarys.example.edu', name: 'Dr. Maria Lopez' }],
        },
      ],
      reminders: {
        created: [
          {
            kind: 'no_reply_nudge',
            contact: 'mlopez@stmarys.example.edu',
            dueAt: '2026-11-16T15:15:00.000Z',
          },
        ],
        resolved: [],
      },
    });
    const contact = await deps.store.contacts.findByEmail(user.userId, 'mlopez@stmarys.example.edu');
    expect(contact).toMatchObject({ name: 'Dr. Maria Lopez', lastContactAt: '2026-11-02T15:15:00.000Z' });
  });

  it('treats the same message again as a duplicate that changes nothing', async () => {
    const raw = outreach({ messageId: '<outreach-dup@example.org>', to: 'pd@program.example.edu' });
    await ingestMessage({ raw, recipients: [capture] }, deps);
    const before = await deps.store.reminders.list(user.userId);

    const again = await ingestMessage({ raw, recipients: [capture] }, deps);

    expect(again).toEqual({ messageId: '<outreach-dup@example.org>', status: 'duplicate' });
    expect(await deps.store.reminders.list(user.userId)).toEqual(before);
  });

  it('never makes a contact of the user, an alias or the capture address', async () => {
    const raw = outreach({
      to: `"Amira" <amira.h@hospital.example>, ${capture}, "Dr. Chen" <chen@uni.example.edu>`,
      cc: 'amira@example.org',
    });
    const outcome = await ingestMessage({ raw, recipients: [capture] }, deps);
    expect(outcome.interactions?.[0]?.contacts).toEqual([
      { email: 'chen@uni.example.edu', name: 'Dr. Chen' },
    ]);
  });

  it('finds the capture address in the Bcc line of a saved message when no recipient is given', async () => {
    const outcome = await ingestMessage(
      { raw: outreach({ bcc: capture, to: 'k@uni.example.edu' }), recipients: [] },
      deps,
    );
    expect(outcome.status).toBe('logged');
  });

  it('logs a message with no Date at the time it arrives and one with no Message-ID under a stable id', async () => {
    deps.clock.set('2026-11-03T10:00:00Z');
    const raw = outreach({ date: null, messageId: null, to: 'nodate@uni.example.edu' });

    const first = await ingestMessage({ raw, recipients: [capture] }, deps);
    const second = await ingestMessage({ raw, recipients: [capture] }, deps);

    expect(first.status).toBe('logged');
    expect(first.interactions?.[0]?.occurredAt).toBe('2026-11-03T10:00:00.000Z');
    expect(first.messageId).toMatch(/^<[0-9a-f]{32}@rounds\.generated>$/);
    expect(second).toEqual({ messageId: first.messageId, status: 'duplicate' });
  });

  it('logs only with +none, and takes the follow-up delay from +3d', async () => {
    const [token, domain] = capture.split('@');
    const logOnly = await ingestMessage(
      { raw: outreach({ to: 'a@uni.example.edu' }), recipients: [`${token}+none@${domain}`] },
      deps,
    );
    const soon = await ingestMessage(
      {
        raw: outreach({ to: 'b@uni.example.edu', date: 'Tue, 3 Nov 2026 08:00:00 +0000' }),
        recipients: [`${token}+3d@${domain}`],
      },
      deps,
    );
    expect(logOnly.reminders?.created).toEqual([]);
    expect(soon.reminders?.created).toMatchObject([
      { kind: 'no_reply_nudge', dueAt: '2026-11-06T08:00:00.000Z' },
    ]);
  });

  it('resolves the earlier nudge when the user writes to the contact again', async () => {
    const first = await ingestMessage(
      { raw: outreach({ to: 'again@uni.example.edu' }), recipients: [capture] },
      deps,
    );
    const second = await ingestMessage(
      {
        raw: outreach({ to: 'again@uni.example.edu', date: 'Mon, 9 Nov 2026 09:00:00 -0600' }),
        recipients: [capture],
      },
      deps,
    );
    const firstNudge = first.reminders?.created[0];
    expect(second.reminders?.resolved).toEqual([
      { id: firstNudge?.id, kind: 'no_reply_nudge', contact: 'again@uni.example.edu' },
    ]);
    expect(second.reminders?.created).toHaveLength(1);
  });
});

describe('ingestMessage: what mail can make too long', () => {
  it('logs a message whose Message-ID, subject and names are absurdly long, and knows it again', async () => {
    const raw = outreach({
      messageId: `<${'x'.repeat(3000)}@example.org>`,
      subject: 'S'.repeat(5000),
      to: `"${'N'.repeat(3000)}" <long@uni.example.edu>, "Junk" <${'y'.repeat(400)}@uni.example.edu>`,
    });
    const first = await ingestMessage({ raw, recipients: [capture] }, deps);
    const again = await ingestMessage({ raw, recipients: [capture] }, deps);
    expect(first.status).toBe('logged');
    expect(first.interactions?.[0]?.subject?.length).toBeLessThanOrEqual(300);
    expect(first.interactions?.[0]?.contacts.map((c) => [c.email, c.name?.length])).toEqual([
      ['long@uni.example.edu', 200],
    ]);
    expect(again.status).toBe('duplicate');
  });
});

describe('ingestMessage: dates from mail', () => {
  it('does not believe a date in year 9999, nor crash on one in 275760: the time of receipt, and why', async () => {
    for (const [date, id] of [
      ['Fri, 31 Dec 9999 23:59:00 +0000', '<far-future@example.org>'],
      ['Sat, 13 Sep 275760 00:00:00 +0000', '<edge-of-time@example.org>'],
    ] as const) {
      const outcome = await ingestMessage(
        {
          raw: outreach({ messageId: id, date, to: '"Dr. Rosa Diaz" <rdiaz@im.example.edu>' }),
          recipients: [capture],
        },
        deps,
      );

      expect(outcome.status).toBe('logged');
      expect(outcome.interactions?.[0]?.occurredAt).toBe(deps.clock.now().toISOString());
      expect(outcome.warnings?.[0]).toContain('is implausible; the time of receipt was used');
    }
    const diaz = await deps.store.contacts.findByEmail(user.userId, 'rdiaz@im.example.edu');
    expect(diaz?.lastContactAt).toBe(deps.clock.now().toISOString());
  });
});

describe('ingestMessage: privacy of subjects', () => {
  it('keeps, emails and publishes a subject with identifiers in it only redacted', async () => {
    const outcome = await ingestMessage(
      {
        raw: outreach({
          messageId: '<phi-subject@example.org>',
          subject: 'Question re pt MRN 7654321 DOB 05/06/1970',
          to: '"Dr. Omar Said" <osaid@im.example.edu>',
        }),
        recipients: [capture],
      },
      deps,
    );

    expect(outcome.interactions?.[0]?.subject).toBe('Question re pt [redacted MRN] [redacted DOB]');
    const nudge = (await deps.store.reminders.list(user.userId)).find(
      (r) => r.contactEmail === 'osaid@im.example.edu',
    );
    expect(nudge?.about?.subject).toBe('Question re pt [redacted MRN] [redacted DOB]');
  });
});

describe('ingestMessage: what it refuses', () => {
  it('rejects mail from a sender it cannot tie to the user', async () => {
    const raw = eml({ from: 'stranger@spam.example', to: capture, subject: 'Win a prize' });
    const outcome = await ingestMessage({ raw, recipients: [capture] }, deps);
    expect(outcome).toMatchObject({ status: 'rejected', reason: 'unknown-sender' });
    expect(await deps.store.contacts.findByEmail(user.userId, 'stranger@spam.example')).toBeUndefined();
  });

  it('rejects mail to a capture token nobody holds', async () => {
    const raw = outreach();
    const outcome = await ingestMessage({ raw, recipients: ['nobody00000000@in.rounds.test'] }, deps);
    expect(outcome).toMatchObject({ status: 'rejected', reason: 'unknown-recipient' });
  });

  it('records bytes that are not an email at all', async () => {
    const outcome = await ingestMessage(
      { raw: Buffer.from([0, 1, 2, 255, 254]), recipients: [capture] },
      deps,
    );
    expect(outcome).toMatchObject({ status: 'rejected', reason: 'not-an-email' });
  });

  it('ignores an email whose only recipient is the capture address', async () => {
    const raw = eml({ from: 'amira@example.org', to: capture, subject: 'note to self' });
    const outcome = await ingestMessage({ raw, recipients: [capture] }, deps);
    expect(outcome).toMatchObject({ status: 'ignored', reason: 'no-recipient' });
  });

  it('ignores auto-replies and never makes a contact of them', async () => {
    const raw = eml({
      from: 'mlopez@stmarys.example.edu',
      to: 'amira@example.org',
      cc: capture,
      subject: 'Out of Office: Research opportunities',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const outcome = await ingestMessage({ raw, recipients: [capture] }, deps);
    expect(outcome).toMatchObject({ status: 'ignored', reason: 'auto-reply' });
  });
});

describe('ingestMessage: mail from a contact', () => {
  it('logs a reply that threads to a logged message and ends the nudge', async () => {
    const sent = await ingestMessage(
      {
        raw: outreach({ messageId: '<ask-chen@example.org>', to: '"Dr. Wei Chen" <wchen@uni.example.edu>' }),
        recipients: [capture],
      },
      deps,
    );
    const reply = eml({
      from: '"Dr. Wei Chen" <wchen@uni.example.edu>',
      to: 'amira@example.org',
      cc: capture,
      subject: 'Re: Research opportunities in PM&R',
      date: 'Thu, 5 Nov 2026 16:00:00 -0500',
      inReplyTo: '<ask-chen@example.org>',
      references: '<ask-chen@example.org>',
      body: 'Happy to talk. Call my office.',
    });

    const outcome = await ingestMessage({ raw: reply, recipients: [capture] }, deps);

    expect(outcome).toMatchObject({
      status: 'logged',
      interactions: [{ direction: 'inbound', occurredAt: '2026-11-05T21:00:00.000Z' }],
      reminders: { resolved: [{ id: sent.reminders?.created[0]?.id, kind: 'no_reply_nudge' }] },
    });
  });

  it('rejects a known contact whose mail does not thread to anything the user logged', async () => {
    const raw = eml({
      from: 'wchen@uni.example.edu',
      to: 'amira@example.org',
      cc: capture,
      subject: 'Unrelated',
    });
    const outcome = await ingestMessage({ raw, recipients: [capture] }, deps);
    expect(outcome).toMatchObject({ status: 'rejected', reason: 'unknown-sender' });
  });

  it('never lets ignored mail anchor a thread: a forged "reply" to a mailing-list message is rejected', async () => {
    const listMail = eml({
      from: 'news@lists.example.org',
      to: capture,
      subject: 'Weekly newsletter',
      messageId: '<newsletter-48@lists.example.org>',
      headers: { 'List-Id': '<news.lists.example.org>' },
    });
    expect((await ingestMessage({ raw: listMail, recipients: [capture] }, deps)).status).toBe('ignored');
    const forged = eml({
      from: 'wchen@uni.example.edu',
      to: 'amira@example.org',
      cc: capture,
      subject: 'Re: Weekly newsletter',
      inReplyTo: '<newsletter-48@lists.example.org>',
      references: '<newsletter-48@lists.example.org>',
      body: 'Replying here.',
    });

    const outcome = await ingestMessage({ raw: forged, recipients: [capture] }, deps);

    expect(outcome).toMatchObject({ status: 'rejected', reason: 'unknown-sender' });
  });
});

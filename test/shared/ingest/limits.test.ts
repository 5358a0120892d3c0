// Limits a real resident hits, and what an attacker sends: a 25 MB attachment, a 2,000-line
// thread, a body shaped to make a parser quadratic.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ingestMessage } from '#shared/ingest/ingest';
import { residentWorld } from '../../support/local.ts';

const { deps, user, capture } = await residentWorld();

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'));

describe('ingest at the limits', () => {
  it('logs an email carrying 25 MB of attachments and keeps none of it', async () => {
    const attachment = randomBytes(25 * 1024 * 1024)
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    const raw = crlf([
      'From: Amira Haddad <amira@example.org>',
      'To: "Dr. Maria Lopez" <mlopez@stmarys.example.edu>',
      'Subject: My CV, scores and research portfolio',
      'Date: Mon, 2 Nov 2026 09:15:00 -0600',
      'Message-ID: <big-attachment@example.org>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Dear Dr. Lopez, please find my portfolio attached.',
      '--b',
      'Content-Type: application/pdf; name="portfolio.pdf"',
      'Content-Disposition: attachment; filename="portfolio.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      attachment,
      '--b--',
      '',
    ]);

    const outcome = await ingestMessage({ raw, recipients: [capture] }, deps);

    expect(outcome.status).toBe('logged');
    const contact = await deps.store.contacts.findByEmail(user.userId, 'mlopez@stmarys.example.edu');
    const [entry] = await deps.store.interactions.timeline(user.userId, contact!.contactId);
    expect(entry?.snippet).toBe('Dear Dr. Lopez, please find my portfolio attached.');
  });

  it('logs the newest message of a 2,000-line thread with a short snippet', async () => {
    const quoted = Array.from(
      { length: 2000 },
      (_, i) => `> line ${i} of an old thread, MRN 99${String(i).padStart(6, '0')}`,
    );
    const raw = crlf([
      'From: Amira Haddad <amira@example.org>',
      'To: "Dr. Wei Chen" <wchen@uni.example.edu>',
      'Subject: Re: Re: Re: Scheduling',
      'Date: Tue, 3 Nov 2026 09:15:00 -0600',
      'Message-ID: <long-thread@example.org>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Thursday at 4 works for me. Thank you!',
      '',
      'On Mon, Nov 2, 2026 at 3:00 PM Dr. Wei Chen <wchen@uni.example.edu> wrote:',
      ...quoted,
      '',
    ]);

    const outcome = await ingestMessage({ raw, recipients: [capture] }, deps);

    expect(outcome.status).toBe('logged');
    const contact = await deps.store.contacts.findByEmail(user.userId, 'wchen@uni.example.edu');
    const [entry] = await deps.store.interactions.timeline(user.userId, contact!.contactId);
    expect(entry?.snippet).toBe('Thursday at 4 works for me. Thank you!');
    expect(entry?.snippet?.length).toBeLessThanOrEqual(160);
    expect(entry?.snippet).not.toMatch(/99\d{6}/);
  });

  it('reads a 300 KB message of the shape that made the reply parser quadratic, to an outcome', async () => {
    const raw = crlf([
      'From: Amira Haddad <amira@example.org>',
      'To: "Dr. Maria Lopez" <mlopez@stmarys.example.edu>',
      'Subject: Re: Research opportunities',
      'Date: Mon, 2 Nov 2026 09:15:00 -0600',
      'Message-ID: <on-on-on@example.org>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Could we talk this week? ${'On Mon '.repeat(300_000 / 7)}`,
    ]);

    const outcome = await ingestMessage({ raw, recipients: [capture] }, deps);

    expect(outcome.status).toBe('logged');
    expect(outcome.reminders?.created.map((r) => r.kind)).toEqual(['no_reply_nudge']);
  });

  it('logs an email to 2,000 recipients as one interaction, making at most 100 of them contacts', async () => {
    const to = Array.from({ length: 2000 }, (_, i) => `Resident ${i} <resident${i}@class.example.edu>`).join(
      ', ',
    );
    const raw = crlf([
      'From: Amira Haddad <amira@example.org>',
      `To: ${to}`,
      'Subject: Class update',
      'Date: Mon, 2 Nov 2026 09:15:00 -0600',
      'Message-ID: <class-update@example.org>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Could everyone send me their rotation schedule?',
    ]);

    const outcome = await ingestMessage({ raw, recipients: [capture] }, deps);

    expect(outcome.status).toBe('logged');
    expect(outcome.interactions?.[0]?.contacts).toHaveLength(100);
    expect(outcome.reminders?.created).toEqual([]);
    expect(outcome.warnings).toEqual([
      '1900 more recipients were not made contacts (one message makes at most 100)',
    ]);
    const contacts = await deps.store.contacts.list(user.userId);
    expect(contacts.filter((c) => c.email.endsWith('@class.example.edu'))).toHaveLength(100);
  });
});

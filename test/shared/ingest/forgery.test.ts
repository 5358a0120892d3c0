// The forgery battery: a contact's "reply" under every combination of SES verdicts, signed by
// the contact's own domain or by someone else's. Only what DMARC or an aligned DKIM signature
// vouches for is accepted; DMARC FAIL never is. Counts, not timings.
import { describe, expect, it } from 'vitest';
import { ingestMessage } from '#shared/ingest/ingest';
import { residentWorld } from '../../support/local.ts';
import { eml } from '../../support/mail.ts';

const { deps, capture } = await residentWorld();
const STATUSES = ['PASS', 'FAIL', 'GRAY'] as const;

describe('contact mail under every verdict', () => {
  it('accepts exactly the replies DMARC or an aligned DKIM signature vouches for', async () => {
    await ingestMessage(
      {
        raw: eml({
          from: 'amira@example.org',
          to: '"Dr. Wei Chen" <wchen@uni.example.edu>',
          messageId: '<anchor@example.org>',
        }),
        recipients: [capture],
      },
      deps,
    );
    let n = 0;
    const results = { accepted: 0, rejected: 0, forgeriesAccepted: 0, genuineRejected: 0 };
    for (const spf of STATUSES)
      for (const dkim of STATUSES)
        for (const dmarc of STATUSES)
          for (const signer of ['uni.example.edu', 'mail.uni.example.edu', 'evil.example']) {
            const raw = eml({
              from: '"Dr. Wei Chen" <wchen@uni.example.edu>',
              to: 'amira@example.org',
              cc: capture,
              subject: 'Re: Hello',
              messageId: `<reply-${++n}@uni.example.edu>`,
              inReplyTo: '<anchor@example.org>',
              references: '<anchor@example.org>',
              headers: { 'DKIM-Signature': `v=1; a=rsa-sha256; d=${signer}; s=s1; b=abc` },
              body: 'Happy to talk.',
            });
            const outcome = await ingestMessage(
              { raw, recipients: [capture], verdicts: { spf, dkim, dmarc } },
              deps,
            );
            const vouched =
              dmarc !== 'FAIL' && (dmarc === 'PASS' || (dkim === 'PASS' && signer !== 'evil.example'));
            const accepted = outcome.status === 'logged';
            results[accepted ? 'accepted' : 'rejected']++;
            if (accepted && !vouched) results.forgeriesAccepted++;
            if (!accepted && vouched) results.genuineRejected++;
          }

    // 27 with DMARC PASS, and 6 with DMARC GRAY and a passing DKIM signature of the contact's domain.
    expect(results).toEqual({ accepted: 33, rejected: 48, forgeriesAccepted: 0, genuineRejected: 0 });
  });
});

describe('calendar updates under weak verdicts', () => {
  const invite = (method: 'REQUEST' | 'CANCEL', sequence: number) =>
    [
      'BEGIN:VCALENDAR',
      'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
      'VERSION:2.0',
      `METHOD:${method}`,
      'BEGIN:VEVENT',
      'DTSTART:20261210T160000Z',
      'DTEND:20261210T163000Z',
      'ORGANIZER;CN=Dr. Maria Lopez:mailto:mlopez@stmarys.example.edu',
      'UID:forgery-target@google.com',
      'ATTENDEE;CN=amira@example.org:mailto:amira@example.org',
      `SEQUENCE:${sequence}`,
      `STATUS:${method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
      'SUMMARY:Research chat',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
  const calendarMail = (id: string, method: 'REQUEST' | 'CANCEL', signer: string, from: string) =>
    eml({
      from,
      to: 'amira@example.org',
      cc: capture,
      subject: method === 'CANCEL' ? 'Canceled event: Research chat' : 'Invitation: Research chat',
      messageId: id,
      headers: {
        'DKIM-Signature': `v=1; a=rsa-sha256; d=${signer}; s=s1; b=abc`,
        'Content-Type': `text/calendar; charset=UTF-8; method=${method}`,
      },
      body: invite(method, method === 'CANCEL' ? 1 : 0),
    });
  const lopez = '"Dr. Maria Lopez" <mlopez@stmarys.example.edu>';
  const weak = { spf: 'PASS', dkim: 'PASS', dmarc: 'GRAY' };

  it('a CANCEL signed by someone else is rejected; one signed by Google, for the logged meeting, is taken', async () => {
    // The user forwards the invitation: now it is a meeting the user logged.
    const logged = await ingestMessage(
      {
        raw: calendarMail(
          '<invite@google.com>',
          'REQUEST',
          'example.org',
          'Amira Haddad <amira@example.org>',
        ),
        recipients: [capture],
        verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
      },
      deps,
    );
    expect(logged.status).toBe('logged');

    const forged = await ingestMessage(
      {
        raw: calendarMail('<forged-cancel@evil.example>', 'CANCEL', 'evil.example', lopez),
        recipients: [capture],
        verdicts: weak,
      },
      deps,
    );
    const genuine = await ingestMessage(
      {
        raw: calendarMail('<cancel@google.com>', 'CANCEL', 'google.com', lopez),
        recipients: [capture],
        verdicts: weak,
      },
      deps,
    );

    expect(forged).toMatchObject({ status: 'rejected', reason: 'unauthenticated' });
    expect(genuine.status).toBe('logged');
    expect(genuine.reminders?.cancelled?.length).toBeGreaterThan(0);
  });
});

// The forgery battery: a contact's "reply" under every combination of SES verdicts, signed by
// the contact's own domain or by someone else's. Only what DMARC or an aligned DKIM signature
// vouches for is accepted; DMARC FAIL never is. Counts, not timings.
import { describe, expect, it } from 'vitest';
import { ingestMessage } from '#shared/ingest/ingest';
import { residentWorld } from '../../support/local.ts';
import { eml } from '../../support/mail.ts';

const start = '2026-11-02T12:00:00Z';
const { deps, capture } = await residentWorld(start);
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

describe('mail as the user under every verdict', () => {
  it('takes what DMARC or an aligned SPF or DKIM pass vouches for, holds a pass for another domain, refuses the rest', async () => {
    const ALL = ['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED'] as const;
    const results = { accepted: 0, held: 0, refused: 0, forgeriesAccepted: 0, genuineNotAccepted: 0 };
    let n = 0;
    for (const spf of ALL)
      for (const dkim of ALL)
        for (const dmarc of ALL)
          for (const mailFrom of ['bounce@example.org', 'x@attacker.example'])
            for (const signer of ['example.org', 'attacker.example']) {
              // A day per case: the user is asked by email only a few times a day.
              deps.clock.set(new Date(Date.UTC(2027, 0, 1) + ++n * 86_400_000).toISOString());
              const raw = eml({
                from: 'Amira Haddad <amira@example.org>',
                to: `"Dr. Case ${n}" <case${n}@uni.example.edu>`,
                bcc: capture,
                messageId: `<user-${n}@example.org>`,
                headers: { 'DKIM-Signature': `v=1; a=rsa-sha256; d=${signer}; s=s1; b=abc` },
              });
              const outcome = await ingestMessage(
                { raw, recipients: [capture], verdicts: { spf, dkim, dmarc }, mailFrom },
                deps,
              );
              const vouched =
                dmarc !== 'FAIL' &&
                (dmarc === 'PASS' ||
                  (spf === 'PASS' && mailFrom.endsWith('@example.org')) ||
                  (dkim === 'PASS' && signer === 'example.org'));
              const accepted = outcome.status === 'logged';
              if (accepted) results.accepted++;
              else if (outcome.reason === 'held-for-confirmation') results.held++;
              else results.refused++;
              if (accepted && !vouched) results.forgeriesAccepted++;
              if (!accepted && vouched) results.genuineNotAccepted++;
            }

    deps.clock.set(start);
    // 256 cases. Accepted: 64 with DMARC PASS, and 30 with DMARC GRAY or PROCESSING_FAILED and
    // an SPF or DKIM pass for the user's own domain. Held: 26 with a pass only for another
    // domain. Refused: 64 with DMARC FAIL, 72 with no DMARC verdict and nothing passing.
    expect(results).toEqual({
      accepted: 94,
      held: 26,
      refused: 136,
      forgeriesAccepted: 0,
      genuineNotAccepted: 0,
    });
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

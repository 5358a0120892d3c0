// The emails Rounds sends, as a resident reads them. Pure renderers, checked as text.
import { describe, expect, it } from 'vitest';
import { renderCommandHelp, renderConfirmation } from '#templates/confirmation';
import { renderReminder } from '#templates/reminder';

describe('renderReminder', () => {
  it('says who, why now, and how to answer, in plain text', () => {
    const email = renderReminder({
      kind: 'no_reply_nudge',
      contactName: 'Dr. Maria Lopez',
      contactEmail: 'mlopez@stmarys.example.edu',
      about: { subject: 'Research opportunities in PM&R', occurredAt: '2026-11-02T15:15:00.000Z' },
      dueAt: '2026-11-16T15:15:00.000Z',
      timezone: 'America/Chicago',
      dashboardUrl: 'http://127.0.0.1:3000',
    });
    expect(email.subject).toMatchInlineSnapshot(`"Nudge Dr. Maria Lopez? No reply since Mon 2 Nov"`);
    expect(email.text).toMatchInlineSnapshot(`
      "Dr. Maria Lopez has not replied to “Research opportunities in PM&R” of Mon 2 Nov.
      One short, polite follow-up after two weeks of silence is expected. If there is still no answer after that, let it go.

      To: Dr. Maria Lopez <mlopez@stmarys.example.edu>

      Reply to this email with one word:
        done       you did it
        replied    they answered you
        snooze 1w  remind me again in a week (or 3d, or until Monday)
        skip       not this time
        stop       no more reminders about this person
        note …     add a note to their timeline

      Your contacts: http://127.0.0.1:3000
      — Rounds"
    `);
  });

  it('escapes everything that came from mail in the HTML part', () => {
    const email = renderReminder({
      kind: 'thank_you',
      contactName: '<script>alert(1)</script>',
      contactEmail: 'x@y.org',
      dueAt: '2026-11-16T15:15:00.000Z',
      timezone: 'UTC',
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.text).not.toContain('Your contacts');
  });

  it('names the meeting’s local time for preparation', () => {
    const email = renderReminder({
      kind: 'meeting_prep',
      contactName: 'Dr. Wei Chen',
      contactEmail: 'wchen@uni.example.edu',
      about: { subject: 'Mentorship meeting', occurredAt: '2026-11-10T22:00:00.000Z' },
      dueAt: '2026-11-09T22:00:00.000Z',
      timezone: 'America/Chicago',
    });
    expect(email.subject).toMatchInlineSnapshot(`"Prepare for Dr. Wei Chen, Tue 10 Nov, 16:00"`);
  });
});

describe('renderReminder for a thread', () => {
  it('names everyone the one nudge is about, and writes to all of them', () => {
    const rendered = renderReminder({
      kind: 'no_reply_nudge',
      contactName: 'Dr. Nadia Rahman',
      contactEmail: 'nrahman@metro.example.edu',
      others: [{ email: 'pgreen@metro.example.edu', name: 'Paul Green' }],
      about: { subject: 'Preliminary year positions', occurredAt: '2026-11-16T15:00:00.000Z' },
      dueAt: '2026-11-30T15:00:00.000Z',
      timezone: 'America/Chicago',
    });

    expect(rendered.subject).toBe('Nudge Dr. Nadia Rahman and Paul Green? No reply since Mon 16 Nov');
    expect(rendered.text).toContain(
      'To: Dr. Nadia Rahman <nrahman@metro.example.edu>, Paul Green <pgreen@metro.example.edu>',
    );
    expect(rendered.html).toContain('href="mailto:nrahman@metro.example.edu,pgreen@metro.example.edu"');
  });

  it('writes on the thread with the capture address in Bcc, so the answer is logged', () => {
    const rendered = renderReminder({
      kind: 'no_reply_nudge',
      contactEmail: 'nrahman@metro.example.edu',
      about: { subject: 'Preliminary year positions', occurredAt: '2026-11-16T15:00:00.000Z' },
      dueAt: '2026-11-30T15:00:00.000Z',
      timezone: 'America/Chicago',
      captureAddress: 'k7token@in.rounds.test',
    });
    expect(rendered.html).toContain(
      'href="mailto:nrahman@metro.example.edu?subject=Re%3A%20Preliminary%20year%20positions&amp;bcc=k7token%40in.rounds.test"',
    );
  });
});

describe('confirmations', () => {
  it('answer in the reply’s thread, in one line', () => {
    expect(renderConfirmation('Snoozed until Tue 24 Nov.', 'Re: Nudge Dr. Maria Lopez?')).toMatchObject({
      subject: 'Re: Nudge Dr. Maria Lopez?',
      text: 'Snoozed until Tue 24 Nov.\n— Rounds',
    });
    expect(renderConfirmation('Done.', 'Nudge').subject).toBe('Re: Nudge');
  });

  it('list the commands when the reply could not be read', () => {
    const help = renderCommandHelp('maybe', 'Re: Nudge');
    expect(help.text.split('\n').slice(0, 3)).toEqual([
      'Rounds did not understand “maybe”.',
      'Reply with one of:',
      '  done — the reminder is done',
    ]);
  });
});

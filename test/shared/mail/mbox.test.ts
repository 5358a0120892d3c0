import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MboxScanner, splitMbox, unescapeMboxMessage } from '#shared/mail/mbox';

const takeout = readFileSync(new URL('../../fixtures/archives/takeout-all-mail.mbox', import.meta.url));

describe('MboxScanner', () => {
  it('finds every message of a Gmail Takeout export with its Date header', () => {
    const scanner = new MboxScanner();
    const spans = [...scanner.feed(takeout), ...scanner.end()];

    expect(spans.map((s) => s.date)).toEqual([
      'Mon, 23 Nov 2026 08:02:07 -0600',
      'Mon, 14 Sep 2026 09:10:00 -0500',
      'Sun, 15 Nov 2026 10:45:00 -0600',
      'Fri, 20 Nov 2026 09:30:00 -0600',
      'Tue, 17 Nov 2026 08:05:00 -0600',
    ]);
    // Each message starts at its own headers, not at the mailbox's "From " line.
    for (const span of spans)
      expect(takeout.toString('latin1', span.start, span.start + 12)).toBe('X-GM-THRID: ');
  });

  it('finds the same messages however the file is cut into chunks', () => {
    const whole = splitMbox(takeout).map((m) => m.toString('latin1'));
    for (const size of [1, 7, 64, 1000]) {
      const scanner = new MboxScanner();
      const spans = [];
      for (let at = 0; at < takeout.length; at += size)
        spans.push(...scanner.feed(takeout.subarray(at, at + size)));
      spans.push(...scanner.end());
      expect(
        spans.map((s) => unescapeMboxMessage(takeout.subarray(s.start, s.end)).toString('latin1')),
      ).toEqual(whole);
    }
  });

  it('reads a folded Date header, a last message without a final newline, and LF line ends', () => {
    const mbox = Buffer.from(
      'From a@example.org Mon Nov  2 09:00:00 2026\nDate: Mon,\n 2 Nov 2026 09:00:00 -0600\nSubject: one\n\nbody\nFrom here on, a line that only looks like a separator\n\nFrom b@example.org Tue Nov  3 09:00:00 2026\nSubject: two\n\nlast line',
    );
    const messages = splitMbox(mbox).map((m) => m.toString());
    const scanner = new MboxScanner();
    const spans = [...scanner.feed(mbox), ...scanner.end()];

    expect(spans.map((s) => s.date)).toEqual(['Mon, 2 Nov 2026 09:00:00 -0600', undefined]);
    expect(messages).toHaveLength(2);
    // A "From " line inside a paragraph is body text, not a new message.
    expect(messages[0]).toContain('From here on, a line');
    expect(messages[1]).toBe('Subject: two\n\nlast line');
  });
});

describe('unescapeMboxMessage', () => {
  it('gives back the line the sender wrote: ">From" was "From", ">>From" was ">From"', () => {
    const escaped = Buffer.from('Subject: x\n\n>From Amman\n>>From a quote\n> From a real quote\n');
    expect(unescapeMboxMessage(escaped).toString()).toBe(
      'Subject: x\n\nFrom Amman\n>From a quote\n> From a real quote\n',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { parseReplyCommand, visibleReplyText } from '#shared/mail/reply-command';

// Tuesday 17 Nov 2026, 08:05 in Chicago.
const sentAt = new Date('2026-11-17T14:05:00Z');
const tz = 'America/Chicago';
const parse = (body: string) => parseReplyCommand(body, sentAt, tz);

describe('parseReplyCommand', () => {
  it.each([
    ['done', 'done'],
    ['Done!', 'done'],
    ['DONE, thanks', 'done'],
    ['  done.  ', 'done'],
    ['Replied', 'replied'],
    ['skip', 'skip'],
    ['Stop.', 'stop'],
  ])('reads %j as %s', (body, action) => {
    expect(parse(body)).toEqual({ action });
  });

  it.each([
    ['snooze 3d', '2026-11-20T14:05:00.000Z'],
    ['snooze 2w', '2026-12-01T14:05:00.000Z'],
    ['Snooze: 1 week', '2026-11-24T14:05:00.000Z'],
    ['snooze 10 days', '2026-11-27T14:05:00.000Z'],
    ['snooze until Monday', '2026-11-23T13:00:00.000Z'],
    ['snooze until Dec 7', '2026-12-07T13:00:00.000Z'],
  ])('reads %j as a snooze until %s', (body, until) => {
    expect(parse(body)).toEqual({ action: 'snooze', until });
  });

  it.each(['snooze 9999w', 'snooze 999w', 'snooze until 2218'])(
    'does not take %j for a date anyone means (a snooze reaches a year at most)',
    (body) => {
      expect(parse(body)).toEqual({ action: 'unknown', line: body });
    },
  );

  it('keeps the words of a note as written', () => {
    expect(parse('Note: Said they sponsor J-1, not H-1B')).toEqual({
      action: 'note',
      text: 'Said they sponsor J-1, not H-1B',
    });
  });

  it('reads only the top-posted lines, not the quoted reminder', () => {
    const body = 'skip\n\nSent from my iPhone\n\n> On Nov 17, 2026, at 07:30, Rounds wrote:\n> done\n';
    expect(parse(body)).toEqual({ action: 'skip' });
  });

  it('reports what it could not read', () => {
    expect(parse('maybe later?')).toEqual({ action: 'unknown', line: 'maybe later?' });
    expect(parse('snooze whenever')).toEqual({ action: 'unknown', line: 'snooze whenever' });
    expect(parse('')).toEqual({ action: 'unknown', line: '' });
  });
});

describe('visibleReplyText', () => {
  it('drops a Gmail quote header and the quote', () => {
    const body = 'done\n\nOn Tue, Nov 17, 2026 at 7:30 AM Rounds <r@in.rounds.test> wrote:\n> Nudge\n';
    expect(visibleReplyText(body)).toBe('done');
  });

  it('keeps a long paragraph whole and still drops the quote after it', () => {
    const paragraph = 'I read your group’s paper on sepsis bundles with great interest, and at rounds today '
      .repeat(20)
      .trim();
    const body = `${paragraph}\n\nOn Tue, Nov 17, 2026 at 7:30 AM Dr. Lopez <l@x.edu> wrote:\n> ${paragraph}\n> Best\n`;
    expect(visibleReplyText(body)).toBe(paragraph);
  });

  it('keeps whole a 15 KB line built to make the reply parser backtrack (it took 25 s before)', () => {
    // Anyone who knows the capture address can send this; `npm run bench` times it.
    const line = 'on at '.repeat(2_600);
    expect(visibleReplyText(`${line}\n`)).toBe(line.trim());
  });
});

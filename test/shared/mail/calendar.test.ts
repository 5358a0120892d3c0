// Real invitations that used to be lost, read now (test/fixtures/calendars/, in each client's
// layout): a malformed line, two VCALENDARs in one part, a date without VALUE=DATE, no UID,
// an update of one occurrence, EXDATE, a series since 2016, vendor TZIDs, a VTIMEZONE that
// does not cover the date. What cannot be read is said, never dropped in silence.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCalendar } from '#shared/mail/calendar';

const NOW = new Date('2026-11-20T12:00:00Z');
const read = (file: string, timezone = 'America/Chicago') =>
  readCalendar(readFileSync(join('test/fixtures/calendars', file), 'utf8'), timezone, NOW);

describe('readCalendar', () => {
  it('skips a malformed line and reads the rest of the invitation', () => {
    const { events, problems } = read('malformed-line.ics');

    expect(events.map((e) => [e.uid, e.start, e.organizer?.email])).toEqual([
      ['malformed-line-01@google.com', '2026-12-03T15:00:00.000Z', 'jnunez@stmarys.example.edu'],
    ]);
    expect(problems).toEqual(['2 unreadable lines skipped']);
  });

  it('reads every VCALENDAR of one attachment', () => {
    expect(read('two-calendars.ics').events.map((e) => [e.summary, e.start])).toEqual([
      ['Mentor check-in', '2026-12-07T15:00:00.000Z'],
      ['Mentor check-in (2)', '2026-12-14T15:00:00.000Z'],
    ]);
  });

  it('reads a date written without VALUE=DATE as an all-day event in the user’s zone', () => {
    const { events, problems } = read('bare-date.ics');

    expect(events.map((e) => [e.start, e.end, e.allDay])).toEqual([
      ['2026-12-10T06:00:00.000Z', '2026-12-11T06:00:00.000Z', true],
    ]);
    expect(problems).toContain('dates without VALUE=DATE read as all-day');
  });

  it('gives an event with no UID (an Outlook Web export) a stable one', () => {
    const first = read('no-uid.ics');
    const again = read('no-uid.ics');

    expect(first.events.map((e) => [e.start, e.organizer?.email])).toEqual([
      ['2026-12-08T20:00:00.000Z', 'wchen@uni.example.edu'],
    ]);
    expect(first.events[0]?.uid).toMatch(/^generated-/);
    expect(again.events[0]?.uid).toBe(first.events[0]?.uid);
  });

  it('reads an update that carries only the changed occurrence, and says which one it was', () => {
    expect(
      read('occurrence-only.ics').events.map((e) => [e.uid, e.start, e.occurrenceOf, e.sequence]),
    ).toEqual([['weekly-research-01@google.com', '2026-12-04T20:00:00.000Z', '2026-12-03T19:00:00.000Z', 1]]);
  });

  it('picks the next occurrence a series still has, leaving out the cancelled one (EXDATE)', () => {
    // Thursdays 14:00 New York; 26 Nov is excluded, so the next is 3 Dec.
    expect(read('weekly-with-exdate.ics').events.map((e) => e.start)).toEqual(['2026-12-03T19:00:00.000Z']);
  });

  it('follows an occurrence moved in the same file, and skips one cancelled there', () => {
    expect(read('weekly-with-moved-occurrence.ics').events.map((e) => [e.start, e.end])).toEqual([
      ['2026-11-27T15:00:00.000Z', '2026-11-27T15:30:00.000Z'],
    ]);
    expect(read('weekly-with-cancelled-occurrence.ics').events.map((e) => e.start)).toEqual([
      '2026-12-03T19:00:00.000Z',
    ]);
  });

  it('finds today’s occurrence of a daily series that began in 2016, with a vendor-prefixed zone', () => {
    // Fri 20 Nov 2026, 07:30 in New York, is still ahead at 12:00 UTC.
    expect(read('daily-since-2016.ics').events.map((e) => [e.start, e.end])).toEqual([
      ['2026-11-20T12:30:00.000Z', '2026-11-20T13:00:00.000Z'],
    ]);
  });

  it('reads a Mozilla vendor TZID with no VTIMEZONE in that zone, not the user’s', () => {
    expect(read('vendor-tzid.ics').events.map((e) => e.start)).toEqual(['2026-12-03T15:00:00.000Z']);
  });

  it('reads a time in its named zone when the VTIMEZONE sent with it does not cover the date', () => {
    expect(read('vtimezone-not-covering.ics').events.map((e) => e.start)).toEqual([
      '2026-12-03T15:00:00.000Z',
    ]);
  });

  it('reads a property with an empty parameter (DTSTART;;VALUE=DATE-TIME)', () => {
    const ics =
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Rounds\r\nDTSTART;;VALUE=DATE-TIME:20261203T093000Z\r\nUID:abc\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';

    expect(readCalendar(ics, 'UTC', NOW).events.map((e) => e.start)).toEqual(['2026-12-03T09:30:00.000Z']);
  });

  it('says what it could not read', () => {
    const { events, problems } = read('unreadable.ics');

    expect(events).toEqual([]);
    expect(problems.length).toBeGreaterThan(0);
  });
});

describe('invitations through the inbound Lambda', () => {
  it('logs each readable fixture as a meeting at its real time, and refuses to guess the rest', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { createInboundHandler } = await import('#functions/inbound');
    const { directoryRawMail } = await import('#shared/adapters/raw-mail');
    const { addUser } = await import('#shared/users/users');
    const { testDeps } = await import('../../support/local.ts');
    const deps = await testDeps('2026-11-20T12:00:00Z');
    const { captureAddress } = await addUser(
      { email: 'amira@example.org', timezone: 'America/Chicago' },
      deps,
    );
    const dir = mkdtempSync(join(tmpdir(), 'rounds-invites-'));
    const handler = createInboundHandler({ ...deps, rawMail: directoryRawMail(dir) });
    const deliver = async (file: string) => {
      const ics = readFileSync(join('test/fixtures/calendars', file), 'utf8');
      writeFileSync(
        join(dir, file),
        [
          'Date: Fri, 20 Nov 2026 06:00:00 -0600',
          `Message-ID: <${file}@example.org>`,
          `Subject: Fwd: Invitation (${file})`,
          'From: Amira Haddad <amira@example.org>',
          `To: ${captureAddress}`,
          'Content-Type: multipart/mixed; boundary="inv"',
          '',
          '--inv',
          'Content-Type: text/plain; charset=UTF-8',
          '',
          'Forwarding my invitation.',
          '--inv',
          'Content-Type: text/calendar; charset=UTF-8; method=REQUEST',
          '',
          ics,
          '--inv--',
        ].join('\r\n'),
      );
      // As SES reports mail from a provider that publishes DMARC: the user's own domain vouched for.
      const { sesReceipt } = await import('../../support/ses.ts');
      const event = sesReceipt(file, [captureAddress], undefined, 'amira@example.org');
      return (await handler(event)).outcomes[0]!;
    };

    const met = async (file: string) => {
      const outcome = await deliver(file);
      return [outcome.status, outcome.interactions?.[0]?.kind, outcome.interactions?.[0]?.occurredAt];
    };
    expect(await met('daily-since-2016.ics')).toEqual(['logged', 'meeting', '2026-11-20T12:30:00.000Z']);
    expect(await met('vendor-tzid.ics')).toEqual(['logged', 'meeting', '2026-12-03T15:00:00.000Z']);
    expect(await met('weekly-with-exdate.ics')).toEqual(['logged', 'meeting', '2026-12-03T19:00:00.000Z']);
    // The organizer moves that very occurrence: the meeting and its reminders move with it.
    const moved = await deliver('occurrence-only.ics');
    expect(moved.interactions?.[0]?.occurredAt).toBe('2026-12-04T20:00:00.000Z');
    expect(moved.reminders?.moved?.map((r) => r.kind).sort()).toEqual(['meeting_prep', 'thank_you']);
    const unreadable = await deliver('unreadable.ics');
    expect(unreadable).toMatchObject({ status: 'ignored', reason: 'calendar-unreadable' });
    await deps.ses.stop();
  });
});

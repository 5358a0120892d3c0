import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '#bin/local/ports';
import { localSes } from '#shared/adapters/local';
import { sesMailer } from '#shared/adapters/ses-mailer';
import { isoWeekKey } from '#shared/digest/build';
import { sendWeeklyDigest } from '#shared/digest/send';
import type { Contact, User } from '#shared/domain/model';
import { ingestMessage } from '#shared/ingest/ingest';
import { runDueJobs } from '#shared/jobs/jobs';
import { addUser } from '#shared/users/users';
import { testDeps } from '../../support/local.ts';
import { eml } from '../../support/mail.ts';

describe('isoWeekKey', () => {
  it.each([
    ['2026-11-16T13:00:00Z', 'America/Chicago', '2026w47'],
    ['2026-11-23T05:00:00Z', 'America/Chicago', '2026w47'], // still Sunday night in Chicago
    ['2026-11-23T05:00:00Z', 'Asia/Kolkata', '2026w48'],
    ['2027-01-01T12:00:00Z', 'UTC', '2026w53'],
    ['2028-01-03T12:00:00Z', 'UTC', '2028w01'],
  ])('%s in %s is %s', (at, tz, week) => {
    expect(isoWeekKey(new Date(at), tz)).toBe(week);
  });
});

let deps: Awaited<ReturnType<typeof testDeps>>;
let user: User;
let capture: string;

beforeAll(async () => {
  deps = await testDeps('2026-11-01T12:00:00Z');
  ({ user, captureAddress: capture } = await addUser(
    { email: 'amira@example.org', name: 'Amira Haddad', timezone: 'America/Chicago' },
    deps,
  ));
  for (const [i, to] of [
    '"Dr. Maria Lopez" <mlopez@stmarys.example.edu>',
    '"Dr. Wei Chen" <wchen@uni.example.edu>',
  ].entries()) {
    await ingestMessage(
      {
        raw: eml({ from: 'amira@example.org', to, date: `Mon, ${2 + i} Nov 2026 09:15:00 -0600` }),
        recipients: [capture],
      },
      deps,
    );
  }
});
afterAll(() => deps.ses.stop());

const digests = () => deps.ses.sent().filter((m) => m.headers?.some((h) => h.name === 'X-Rounds-Digest'));

describe('sendWeeklyDigest', () => {
  it('sends one digest a week even when the schedule fires twice', async () => {
    const monday = new Date('2026-11-09T13:00:00Z');
    const first = await sendWeeklyDigest({ userId: user.userId, scheduledAt: monday }, deps);
    const second = await sendWeeklyDigest({ userId: user.userId, scheduledAt: monday }, deps);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ to: 'amira@example.org', kind: 'digest' });
    expect(second).toEqual([]);
    expect(digests()).toHaveLength(1);
  });

  it('lists the week’s follow-ups, numbered, and the new contacts to place', async () => {
    const digest = digests()[0]!;
    expect(digest.subject).toBe('Your week in Rounds: 2 new contacts');
    expect(digest.text).toContain('NEW CONTACTS: WHAT ARE THEY TO YOU?');
    expect(digest.text).toMatch(/1\. Dr\. Maria Lopez — needs a tier and a role/);
    expect(digest.html).toContain('<h2');
    expect(digest.replyTo).toMatch(/\+w\.2026w46\.\d+\.[a-z2-9]{16}@/);
  });

  it('gives the week back when sending fails, so the next wake-up sends it', async () => {
    const closed = await freePort();
    const broken = sesMailer(localSes(`http://127.0.0.1:${closed}`, 0));
    const monday = new Date('2026-11-16T13:00:00Z');
    const failed = await sendWeeklyDigest(
      { userId: user.userId, scheduledAt: monday },
      { ...deps, mailer: broken },
    );
    const retried = await sendWeeklyDigest({ userId: user.userId, scheduledAt: monday }, deps);
    expect(failed).toEqual([]);
    expect(retried).toHaveLength(1);
    expect(retried[0]?.subject).toBe('Your week in Rounds: 2 follow-ups this week');
  });

  it('a tick that jumps weeks ahead sends one digest, for the current week', async () => {
    const before = digests().length;
    deps.clock.set('2027-01-20T12:00:00Z');
    await runDueJobs(new Date('2027-01-20T12:00:00Z'), deps);
    const after = digests();
    expect(after.length - before).toBe(1);
    expect(after.at(-1)?.headers?.find((h) => h.name === 'X-Rounds-Digest')?.value).toBe('2027w03');
  });
});

describe('replies to the digest', () => {
  it('act on numbered items, one per line, and confirm each', async () => {
    const digest = digests().at(-1)!;
    const items = (await deps.store.digests.get(user.userId, '2027w03'))!.items;
    expect(items.map((i) => i.type)).toContain('reminder');
    const reply = eml({
      from: 'amira@example.org',
      to: digest.replyTo,
      subject: `Re: ${digest.subject}`,
      date: 'Wed, 20 Jan 2027 08:00:00 -0600',
      body: 'done 1\nsnooze 2 1w\n\nOn Mon, Jan 18, 2027 Rounds wrote:\n> 1. Nudge\n',
    });

    const outcome = await ingestMessage({ raw: reply, recipients: [digest.replyTo] }, deps);

    expect(outcome.status).toBe('command');
    expect(outcome.command).toMatchObject({
      action: 'digest',
      items: [
        { item: 1, action: 'done' },
        { item: 2, action: 'snooze', until: '2027-01-27T14:00:00.000Z' },
      ],
    });
    const first = items.find((i) => i.n === 1);
    const state =
      first?.type === 'reminder'
        ? (await deps.store.reminders.get(user.userId, first.reminderId))?.state
        : undefined;
    expect(state).toBe('done');
    const confirmation = deps.ses.sent().at(-1)!;
    expect(confirmation.text.split('\n').slice(0, 2)).toEqual([
      expect.stringMatching(/^1: Done: /),
      '2: Snoozed until Wed 27 Jan.',
    ]);
  });

  it('sets a new contact’s tier with "tier N mentor"', async () => {
    deps.clock.set('2027-01-25T12:00:00Z');
    await ingestMessage(
      {
        raw: eml({
          from: 'amira@example.org',
          to: '"Dr. Ana Silva" <asilva@rehab.example.org>',
          date: 'Tue, 26 Jan 2027 06:00:00 -0600',
        }),
        recipients: [capture],
      },
      deps,
    );
    await sendWeeklyDigest({ userId: user.userId, scheduledAt: new Date('2027-02-01T13:00:00Z') }, deps);
    const record = (await deps.store.digests.get(user.userId, '2027w05'))!;
    const silva = record.items.find((i) => i.type === 'contact' && i.email === 'asilva@rehab.example.org')!;
    const digest = digests().at(-1)!;
    const reply = eml({ from: 'amira@example.org', to: digest.replyTo, body: `tier ${silva.n} mentor` });

    await ingestMessage({ raw: reply, recipients: [digest.replyTo] }, deps);

    expect((await deps.store.contacts.findByEmail(user.userId, 'asilva@rehab.example.org'))?.tier).toBe(
      'mentor',
    );
    const keepInTouch = (await deps.store.reminders.list(user.userId)).find(
      (r) => r.kind === 'keep_in_touch' && r.contactEmail === 'asilva@rehab.example.org',
    );
    expect(keepInTouch?.dueAt).toBe('2027-04-26T12:00:00.000Z');
  });

  it('answers every line, the ones it could not use too', async () => {
    const digest = digests().at(-1)!;
    const record = (await deps.store.digests.get(user.userId, '2027w05'))!;
    const missing = record.items.length + 1;
    const outcome = await ingestMessage(
      {
        raw: eml({
          from: 'amira@example.org',
          to: digest.replyTo,
          body: `skip ${missing}\nperhaps later\ndone 1`,
        }),
        recipients: [digest.replyTo],
      },
      deps,
    );

    expect(outcome.command).toMatchObject({
      action: 'digest',
      items: [{ item: missing, action: 'unknown' }, { item: 1 }],
    });
    expect(deps.ses.sent().at(-1)?.text.split('\n').slice(0, 3)).toEqual([
      `skip ${missing}: there is no item ${missing} in this digest.`,
      '“perhaps later”: not a command Rounds knows; write the command and the item number, e.g. done 2.',
      expect.stringMatching(/^1: /),
    ]);
  });

  it('answers a reply it cannot read with the commands, acting on nothing', async () => {
    const digest = digests().at(-1)!;
    const outcome = await ingestMessage(
      {
        raw: eml({ from: 'amira@example.org', to: digest.replyTo, body: 'thanks!' }),
        recipients: [digest.replyTo],
      },
      deps,
    );
    expect(outcome.command).toEqual({ action: 'digest', items: [] });
    expect(deps.ses.sent().at(-1)?.text).toContain('Rounds did not understand “thanks!”');
  });
});

describe('the digest after a long history', () => {
  it('sums up the network and this week’s rest, naming people as they are now, whatever is old', async () => {
    deps.clock.set('2026-12-01T12:00:00Z');
    const { user: farah } = await addUser(
      { email: 'farah@example.org', name: 'Farah Nasser', timezone: 'America/Chicago' },
      deps,
    );
    const person = (id: string, overrides: Partial<Contact>): Contact => ({
      contactId: id,
      email: `${id}@uni.example.edu`,
      emails: [`${id}@uni.example.edu`],
      name: null,
      institution: null,
      role: 'faculty',
      tier: null,
      status: 'active',
      firstContactAt: '2025-01-06T15:00:00.000Z',
      lastContactAt: '2025-01-06T15:00:00.000Z',
      createdAt: '2025-01-06T15:00:00.000Z',
      ...overrides,
    });
    for (const c of [
      // A mentor last written to two years back: in the network, and gone quiet.
      person('okafor', { name: 'Dr. Ada Okafor', tier: 'mentor' }),
      // Came to rest this week, and long ago.
      person('rested-now', {
        name: 'Dr. Now Resting',
        lastContactAt: '2026-11-26T15:00:00.000Z',
        dormantAfter: '2026-12-10T15:00:00.000Z',
      }),
      person('rested-then', {
        name: 'Dr. Long Resting',
        lastContactAt: '2026-05-04T15:00:00.000Z',
        dormantAfter: '2026-05-18T15:00:00.000Z',
      }),
      // Renamed since the reminder about them was written.
      person('park', { name: 'Dr. Ines Park' }),
    ])
      await deps.store.contacts.put(farah.userId, c);
    await deps.store.reminders.create({
      reminderId: 'r-park',
      userId: farah.userId,
      kind: 'no_reply_nudge',
      contactId: 'park',
      contactEmail: 'park@uni.example.edu',
      contactName: 'I. Park',
      dueAt: '2026-12-15T15:00:00.000Z',
      state: 'pending',
      createdAt: '2025-01-06T15:00:00.000Z',
    });

    const sent = await sendWeeklyDigest(
      { userId: farah.userId, scheduledAt: new Date('2026-12-14T13:00:00Z') },
      deps,
    );

    expect(sent).toHaveLength(1);
    const text = digests().find((m) => m.to.includes('farah@example.org'))!.text;
    expect(text).toContain('mentors: 1 (aim for 2–3)');
    expect(text).toMatch(/GONE QUIET\n\s+Dr\. Ada Okafor \(mentor\)/);
    expect(text).toMatch(/RESTING\n\s+Dr\. Now Resting\n\s+No answer/);
    expect(text).not.toContain('Dr. Long Resting');
    expect(text).toContain('Nudge Dr. Ines Park');
  });
});

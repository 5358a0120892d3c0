import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '#bin/local/ports';
import { localSes } from '#shared/adapters/local';
import { sesMailer } from '#shared/adapters/ses-mailer';
import { isoWeekKey } from '#shared/digest/build';
import { sendWeeklyDigest } from '#shared/digest/send';
import type { User } from '#shared/domain/model';
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

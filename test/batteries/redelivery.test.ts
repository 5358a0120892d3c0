// At-least-once delivery, by the thousand: SES may deliver a message more than once and the
// Scheduler may fire an occurrence more than once, sometimes at the same moment. Whatever the
// count, the records are those of one delivery and each email goes out once. Counts, not timings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboundHandler } from '#functions/inbound';
import { directoryRawMail } from '#shared/adapters/raw-mail';
import type { User } from '#shared/domain/model';
import { ingestMessage } from '#shared/ingest/ingest';
import { runJob } from '#shared/jobs/jobs';
import { addUser } from '#shared/users/users';
import { testDeps } from '../support/local.ts';
import { eml } from '../support/mail.ts';
import { sesReceipt, tagged } from '../support/ses.ts';

const dir = 'test/fixtures/mail';
const { cases } = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as {
  cases: { file: string; tags?: string[] }[];
};

/** 1,000 redeliveries by default; `npm run test:nightly` redelivers the whole corpus 1,000 times. */
const REDELIVERIES = process.env.ROUNDS_NIGHTLY ? cases.length * 1000 : 1000;
const FIRES = 1000;
/** How many deliveries or fires run at once: duplicates race each other, not only follow. */
const AT_ONCE = 20;

let deps: Awaited<ReturnType<typeof testDeps>>;
let user: User;
let capture: string;
beforeAll(async () => {
  deps = await testDeps('2026-11-20T12:00:00Z');
  ({ user, captureAddress: capture } = await addUser(
    {
      email: 'amira@example.org',
      name: 'Amira Haddad',
      timezone: 'America/Chicago',
      aliases: ['amira.haddad@hospital.example.org'],
    },
    deps,
  ));
});
afterAll(() => deps.ses.stop());

/** What the user has: every contact, interaction on a timeline, and reminder. */
async function records() {
  const contacts = await deps.store.contacts.list(user.userId);
  const timelines = await Promise.all(
    contacts.map((c) => deps.store.interactions.timeline(user.userId, c.contactId)),
  );
  const interactions = new Set(timelines.flat().map((i) => i.interactionId));
  return {
    contacts: contacts.length,
    interactions: interactions.size,
    timelineEntries: timelines.flat().length,
    reminders: (await deps.store.reminders.list(user.userId)).length,
  };
}

async function inBatches<T>(items: T[], run: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += AT_ONCE) await Promise.all(items.slice(i, i + AT_ONCE).map(run));
}

describe('redelivery', { timeout: 3_600_000 }, () => {
  it(`the whole corpus delivered once, then ${REDELIVERIES} redeliveries (${AT_ONCE} at a time): 0 double interactions or reminders`, async () => {
    const handler = createInboundHandler({ ...deps, rawMail: directoryRawMail(dir) });
    const deliver = (c: { file: string; tags?: string[] }) =>
      handler(sesReceipt(c.file, [tagged(capture, c.tags ?? [])]));
    for (const c of cases) await deliver(c);
    const once = await records();
    expect(once.contacts).toBeGreaterThan(10);

    const again = Array.from({ length: REDELIVERIES }, (_, i) => cases[i % cases.length]!);
    const statuses = new Map<string, number>();
    await inBatches(again, async (c) => {
      const { outcomes } = await deliver(c);
      for (const o of outcomes) statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
    });

    expect(await records()).toEqual(once);
    // Nothing is logged a second time: a redelivery is a duplicate, or refused again.
    expect(statuses.get('logged') ?? 0).toBe(0);
    expect(statuses.get('command') ?? 0).toBe(0);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(REDELIVERIES);
  });
});

describe('scheduler double-fire', { timeout: 600_000 }, () => {
  it(`the morning run and the digest each fired ${FIRES} times (${AT_ONCE} at once): every email sent exactly once`, async () => {
    // Three people emailed a fortnight ago, none answered: three nudges due on the 17th.
    for (const [i, who] of [
      'mlopez@stmarys.example.edu',
      'wchen@uni.example.edu',
      'okafor@kings.example.ac.uk',
    ].entries())
      await ingestMessage(
        {
          raw: eml({
            from: 'amira@example.org',
            to: who,
            messageId: `<fire-${i}@example.org>`,
            date: 'Mon, 2 Nov 2026 09:15:00 -0600',
          }),
          recipients: [capture],
        },
        deps,
      );
    const sentBefore = deps.ses.sent().length;
    const morning = new Date('2026-11-17T13:30:00Z');
    deps.clock.set(morning.toISOString());
    await inBatches(Array.from({ length: FIRES }), () =>
      runJob({ userId: user.userId, job: 'morning', scheduledAt: morning }, deps),
    );
    const digestAt = new Date('2026-11-22T14:00:00Z');
    deps.clock.set(digestAt.toISOString());
    await inBatches(Array.from({ length: FIRES }), () =>
      runJob({ userId: user.userId, job: 'digest', scheduledAt: digestAt }, deps),
    );

    const sent = deps.ses.sent().slice(sentBefore);
    const perReminder = new Map<string, number>();
    for (const mail of sent)
      for (const h of mail.headers ?? [])
        if (h.name === 'X-Rounds-Reminder') perReminder.set(h.value, (perReminder.get(h.value) ?? 0) + 1);
    const nudges = (await deps.store.reminders.list(user.userId)).filter(
      (r) => r.kind === 'no_reply_nudge' && r.sentAt !== undefined,
    );
    expect(nudges.length).toBeGreaterThanOrEqual(3);
    expect([...perReminder.values()].every((n) => n === 1)).toBe(true);
    for (const nudge of nudges) expect(perReminder.get(nudge.reminderId)).toBe(1);
    expect(sent.filter((m) => m.headers?.some((h) => h.name === 'X-Rounds-Digest'))).toHaveLength(1);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IngestOutcome } from '#shared/ingest/ingest';
import { importPastMail, type PastMessage } from '#shared/ingest/past-mail';
import { MboxScanner, unescapeMboxMessage } from '#shared/mail/mbox';
import { residentWorld } from '../../support/local.ts';
import { eml } from '../../support/mail.ts';

// Amira joins Rounds on 2 Dec 2026 and brings her Gmail (Takeout, "All mail").
const { deps, user } = await residentWorld('2026-12-02T15:00:00Z');
const takeout = readFileSync(new URL('../../fixtures/archives/takeout-all-mail.mbox', import.meta.url));

function takeoutMessages(): PastMessage[] {
  const scanner = new MboxScanner();
  return [...scanner.feed(takeout), ...scanner.end()].map((span, i) => ({
    file: 'All mail.mbox',
    index: i + 1,
    date: span.date,
    read: async () => unescapeMboxMessage(takeout.subarray(span.start, span.end)),
  }));
}

async function importAll(): Promise<IngestOutcome[]> {
  const outcomes: IngestOutcome[] = [];
  for await (const { outcome } of importPastMail(user, takeoutMessages(), deps)) outcomes.push(outcome);
  return outcomes;
}

describe('importPastMail', () => {
  it('logs her history at its own dates, oldest first, and keeps only the follow-ups still worth making', async () => {
    const sentBefore = deps.ses.sent().length;

    const outcomes = await importAll();

    // Message-IDs are compared as Rounds keeps them, in lower case.
    const byId = new Map(outcomes.map((o) => [o.messageId, o]));
    // September's unanswered outreach: logged, but a nudge due in September is not made now.
    expect(byId.get('<cagx7rq1sent-raman@mail.gmail.com>')).toMatchObject({
      status: 'logged',
      interactions: [{ direction: 'outbound', occurredAt: '2026-09-14T14:10:00.000Z' }],
      reminders: { created: [] },
    });
    // Mid-November's unanswered ask: its nudge fell due three days ago, so it is made, and due.
    expect(byId.get('<cagx7rq1sent-okafor@mail.gmail.com>')?.reminders?.created).toEqual([
      expect.objectContaining({
        kind: 'no_reply_nudge',
        contact: 'okafor@kings.example.ac.uk',
        dueAt: '2026-11-29T16:45:00.000Z',
      }),
    ]);
    // Dr. Chen's answer comes first in the file but is read after the email it answers: it
    // threads to it, and the nudge that email made is resolved by it.
    expect(outcomes.map((o) => o.messageId).indexOf('<cagx7rq1sent-chen@mail.gmail.com>')).toBeLessThan(
      outcomes
        .map((o) => o.messageId)
        .indexOf('<bn8pr04mb1234reply-chen@bn8pr04mb1234.namprd04.prod.outlook.com>'),
    );
    expect(byId.get('<bn8pr04mb1234reply-chen@bn8pr04mb1234.namprd04.prod.outlook.com>')).toMatchObject({
      status: 'logged',
      interactions: [{ direction: 'inbound', occurredAt: '2026-11-23T14:02:07.000Z' }],
      reminders: {
        resolved: [expect.objectContaining({ kind: 'no_reply_nudge', contact: 'wchen@uni.example.edu' })],
      },
    });
    // Her old "done" to a Rounds reminder is history, not a command acting today.
    expect(byId.get('<cagx7rq1sent-done@mail.gmail.com>')).toMatchObject({
      status: 'ignored',
      reason: 'rounds-mail',
    });

    const open = (await deps.store.reminders.list(user.userId)).filter((r) => r.state === 'pending');
    expect(open.map((r) => r.contactEmail)).toEqual(['okafor@kings.example.ac.uk']);
    const contacts = await deps.store.contacts.list(user.userId);
    expect(contacts.map((c) => [c.email, c.lastContactAt]).sort()).toEqual([
      ['okafor@kings.example.ac.uk', '2026-11-15T16:45:00.000Z'],
      ['praman@heart.example.org', '2026-09-14T14:10:00.000Z'],
      ['wchen@uni.example.edu', '2026-11-23T14:02:07.000Z'],
    ]);
    // Nothing is sent: no confirmation, no reminder, no digest.
    expect(deps.ses.sent()).toHaveLength(sentBefore);
  });

  it('leaves out a message with no date rather than log it as of today', async () => {
    const undated: PastMessage = {
      file: 'draft.eml',
      read: async () =>
        eml({
          from: 'amira@example.org',
          to: 'Dr. Ana Ruiz <aruiz@x.example.edu>',
          date: null,
          messageId: '<undated@example.org>',
        }),
    };

    const results = [];
    for await (const result of importPastMail(user, [undated], deps)) results.push(result);

    expect(results[0]?.outcome).toMatchObject({ status: 'ignored', reason: 'undated' });
    expect(await deps.store.contacts.findByEmail(user.userId, 'aruiz@x.example.edu')).toBeUndefined();
  });

  it('reads the body as she wrote it (">From" restored) and changes nothing when imported again', async () => {
    const timeline = await deps.store.interactions.timeline(
      user.userId,
      (await deps.store.contacts.findByEmail(user.userId, 'praman@heart.example.org'))!.contactId,
    );
    expect(timeline[0]?.snippet).toContain('From my time in Amman');

    const again = await importAll();

    expect(new Set(again.map((o) => o.status))).toEqual(new Set(['duplicate']));
  });
});

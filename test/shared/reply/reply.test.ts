import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchDueReminders } from '#shared/dispatch/morning-run';
import type { User } from '#shared/domain/model';
import { ingestMessage } from '#shared/ingest/ingest';
import { addUser } from '#shared/users/users';
import { testDeps } from '../../support/local.ts';
import { eml } from '../../support/mail.ts';

let deps: Awaited<ReturnType<typeof testDeps>>;
let user: User;
let capture: string;
let sequence = 0;

beforeAll(async () => {
  deps = await testDeps('2026-11-20T12:00:00Z');
  ({ user, captureAddress: capture } = await addUser(
    { email: 'amira@example.org', name: 'Amira Haddad', timezone: 'America/Chicago' },
    deps,
  ));
});
afterAll(() => deps.ses.stop());

/** Emails a new contact, lets the nudge go out, and returns it with its reply address. */
async function sentNudge() {
  const contact = `pd${++sequence}@program.example.edu`;
  const logged = await ingestMessage(
    {
      raw: eml({ from: 'amira@example.org', to: `"Dr. Pat Reyes" <${contact}>`, subject: 'Observership' }),
      recipients: [capture],
    },
    deps,
  );
  const reminderId = logged.reminders!.created[0]!.id;
  await dispatchDueReminders({ userId: user.userId, asOf: new Date('2026-11-17T13:30:00Z') }, deps);
  const mail = deps.ses.sent().find((m) => m.headers?.some((h) => h.value === reminderId))!;
  return { reminderId, contact, replyTo: mail.replyTo, subject: mail.subject };
}

const reply = (to: string, body: string, extra: Parameters<typeof eml>[0] = {}) =>
  eml({
    from: 'Amira Haddad <amira@example.org>',
    to,
    subject: 'Re: Nudge Dr. Pat Reyes?',
    date: 'Tue, 17 Nov 2026 08:05:00 -0600',
    body: `${body}\n\nOn Tue, Nov 17, 2026 at 7:30 AM Rounds <rounds@in.rounds.test> wrote:\n> Dr. Pat Reyes has not replied\n> done\n`,
    ...extra,
  });

const stateOf = async (id: string) => (await deps.store.reminders.get(user.userId, id))?.state;
const lastSent = () => deps.ses.sent().at(-1)!;

describe('reply commands', () => {
  it('"Done!" top-posted above the quote marks the reminder done and confirms in the thread', async () => {
    const nudge = await sentNudge();
    const raw = reply(nudge.replyTo, 'Done!', { messageId: '<done-1@example.org>' });

    const outcome = await ingestMessage({ raw, recipients: [nudge.replyTo] }, deps);

    expect(outcome).toMatchObject({
      status: 'command',
      command: { action: 'done', reminderId: nudge.reminderId },
    });
    expect(await stateOf(nudge.reminderId)).toBe('done');
    const confirmation = lastSent();
    expect(confirmation.to).toBe('amira@example.org');
    expect(confirmation.text.split('\n')[0]).toBe('Done: Dr. Pat Reyes. Well kept.');
    expect(confirmation.headers).toContainEqual({ name: 'In-Reply-To', value: '<done-1@example.org>' });
  });

  it('"snooze 1w" moves the reminder a week from the reply, and it is sent again then', async () => {
    const nudge = await sentNudge();
    const outcome = await ingestMessage(
      { raw: reply(nudge.replyTo, 'snooze 1w'), recipients: [nudge.replyTo] },
      deps,
    );

    expect(outcome.command).toEqual({
      action: 'snooze',
      reminderId: nudge.reminderId,
      until: '2026-11-24T14:05:00.000Z',
    });
    expect(lastSent().text).toMatch(/^Snoozed until Tue 24 Nov\./);
    const early = await dispatchDueReminders(
      { userId: user.userId, asOf: new Date('2026-11-24T14:00:00Z') },
      deps,
    );
    const due = await dispatchDueReminders(
      { userId: user.userId, asOf: new Date('2026-11-25T13:30:00Z') },
      deps,
    );
    expect(early.flatMap((m) => m.reminderIds)).not.toContain(nudge.reminderId);
    expect(due.flatMap((m) => m.reminderIds)).toContain(nudge.reminderId);
  });

  it('"snooze until Monday" comes due Monday morning in the user’s zone', async () => {
    const nudge = await sentNudge();
    const outcome = await ingestMessage(
      { raw: reply(nudge.replyTo, 'Snooze until Monday'), recipients: [nudge.replyTo] },
      deps,
    );
    expect(outcome.command).toMatchObject({ action: 'snooze', until: '2026-11-23T13:00:00.000Z' });
  });

  it('a snooze, skip or done on a reminder already closed changes nothing and says so', async () => {
    const nudge = await sentNudge();
    await ingestMessage({ raw: reply(nudge.replyTo, 'done'), recipients: [nudge.replyTo] }, deps);
    const before = await deps.store.reminders.get(user.userId, nudge.reminderId);

    for (const command of ['snooze 1w', 'skip', 'done']) {
      const outcome = await ingestMessage(
        { raw: reply(nudge.replyTo, command), recipients: [nudge.replyTo] },
        deps,
      );
      expect(outcome.command).toEqual({
        action: command.split(' ')[0],
        reminderId: nudge.reminderId,
        unchanged: 'already-closed',
      });
      expect(lastSent().text).toMatch(/^Already closed: Dr\. Pat Reyes; nothing to /);
    }
    expect(await deps.store.reminders.get(user.userId, nudge.reminderId)).toEqual(before);
  });

  it('"skip" drops this one', async () => {
    const nudge = await sentNudge();
    await ingestMessage({ raw: reply(nudge.replyTo, 'skip'), recipients: [nudge.replyTo] }, deps);
    expect(await stateOf(nudge.reminderId)).toBe('skipped');
  });

  it('"stop" cancels every open reminder about the contact and marks them stopped', async () => {
    const nudge = await sentNudge();
    await ingestMessage({ raw: reply(nudge.replyTo, 'stop'), recipients: [nudge.replyTo] }, deps);
    expect(await stateOf(nudge.reminderId)).toBe('cancelled');
    expect((await deps.store.contacts.findByEmail(user.userId, nudge.contact))?.status).toBe('stopped');
  });

  it('"replied" logs an inbound touch and resolves the nudge', async () => {
    const nudge = await sentNudge();
    await ingestMessage({ raw: reply(nudge.replyTo, 'replied'), recipients: [nudge.replyTo] }, deps);
    const contact = await deps.store.contacts.findByEmail(user.userId, nudge.contact);
    const timeline = await deps.store.interactions.timeline(user.userId, contact!.contactId);
    expect(await stateOf(nudge.reminderId)).toBe('resolved');
    expect(timeline[0]).toMatchObject({
      kind: 'email',
      direction: 'inbound',
      occurredAt: '2026-11-17T14:05:00.000Z',
    });
  });

  it('"note …" puts the text on the contact’s timeline, redacted', async () => {
    const nudge = await sentNudge();
    await ingestMessage(
      {
        raw: reply(nudge.replyTo, 'note Said they sponsor H-1B; call 312-555-0199'),
        recipients: [nudge.replyTo],
      },
      deps,
    );
    const contact = await deps.store.contacts.findByEmail(user.userId, nudge.contact);
    const [note] = await deps.store.interactions.timeline(user.userId, contact!.contactId);
    expect(note).toMatchObject({ kind: 'note', snippet: 'Said they sponsor H-1B; call [redacted phone]' });
  });

  it('answers a command it does not know with the list of commands, changing nothing', async () => {
    const nudge = await sentNudge();
    const outcome = await ingestMessage(
      { raw: reply(nudge.replyTo, 'maybe tomorrow?'), recipients: [nudge.replyTo] },
      deps,
    );
    expect(outcome.command).toEqual({ action: 'unknown', reminderId: nudge.reminderId });
    expect(await stateOf(nudge.reminderId)).toBe('sent');
    expect(lastSent().text).toContain('Rounds did not understand “maybe tomorrow?”');
    expect(lastSent().text).toContain('snooze 3d');
  });

  it('rejects a reply from any other address and changes nothing', async () => {
    const nudge = await sentNudge();
    const raw = reply(nudge.replyTo, 'done', { from: 'someone@else.example' });
    const outcome = await ingestMessage({ raw, recipients: [nudge.replyTo] }, deps);
    expect(outcome).toMatchObject({ status: 'rejected', reason: 'not-the-user' });
    expect(await stateOf(nudge.reminderId)).toBe('sent');
  });

  it('rejects a reply to an address whose signature was altered', async () => {
    const nudge = await sentNudge();
    const tampered = nudge.replyTo.replace(/([a-z2-9])@/, (_m, c: string) => `${c === 'a' ? 'b' : 'a'}@`);
    const outcome = await ingestMessage({ raw: reply(tampered, 'done'), recipients: [tampered] }, deps);
    expect(outcome).toMatchObject({ status: 'rejected', reason: 'bad-signature' });
    expect(await stateOf(nudge.reminderId)).toBe('sent');
  });

  it('rejects a signed address moved onto another reminder', async () => {
    const first = await sentNudge();
    const second = await sentNudge();
    const moved = first.replyTo.replace(first.reminderId, second.reminderId);
    const outcome = await ingestMessage({ raw: reply(moved, 'done'), recipients: [moved] }, deps);
    expect(outcome).toMatchObject({ status: 'rejected', reason: 'bad-signature' });
    expect(await stateOf(second.reminderId)).toBe('sent');
  });
});

// Reply commands: the user answers a reminder ("done", "snooze 1w") and it acts on exactly
// the item its signed reply address names.
import { renderCommandHelp, renderConfirmation } from '#templates/confirmation';
import { logger } from '../adapters/observability.ts';
import { updateContact } from '../contacts/contact-book.ts';
import { createReminder } from '../contacts/people.ts';
import type { Deps } from '../deps.ts';
import { stableId } from '../domain/ids.ts';
import type { Interaction, Reminder, Tier, User } from '../domain/model.ts';
import { isOpen } from '../domain/model.ts';
import { readCaptureTags, remindersAfterOutboundEmail, WRITE_TO_KINDS } from '../domain/playbook.ts';
import { redact } from '../domain/privacy.ts';
import { resolveSettings } from '../domain/settings.ts';
import type { SignedTag } from '../domain/signing.ts';
import { shortDate } from '../domain/time.ts';
import type { ParsedMail } from '../mail/parse.ts';
import {
  digestCommandLines,
  parseDigestLine,
  parseReplyCommand,
  type ReplyCommand,
} from '../mail/reply-command.ts';
import { countOutbound, refreshKeepInTouch } from '../reminders/cadence.ts';
import { resolveNudges } from '../reminders/resolve.ts';
import type { Store } from '../store/index.ts';

export type CommandAction = 'done' | 'replied' | 'snooze' | 'skip' | 'stop' | 'note' | 'tier' | 'unknown';

export type CommandOutcome =
  | { action: CommandAction | 'unsubscribe'; reminderId?: string; until?: string }
  | { action: 'digest'; items: DigestItemOutcome[] };

export type DigestItemOutcome = {
  item: number;
  action: CommandAction;
  reminderId?: string;
  contact?: string;
  until?: string;
};

/** What an action needs of the message that asked for it: an id to key what it writes. */
type MessageRef = Pick<ParsedMail, 'messageId'>;

type ReplyInput = { user: User; mail: ParsedMail; tag: SignedTag; occurredAt: string; replyAddress: string };

/** Sends the one-line answer, threaded under the user's reply. */
function confirmer(input: ReplyInput, deps: Deps) {
  const { user, mail } = input;
  return (text: string, help = false) =>
    async () => {
      const rendered = help ? renderCommandHelp(text, mail.subject) : renderConfirmation(text, mail.subject);
      try {
        const sent = await deps.mailer.send({
          to: user.email,
          from: deps.config.fromAddress,
          replyTo: input.replyAddress,
          ...rendered,
          headers: [
            { name: 'In-Reply-To', value: mail.messageId },
            { name: 'References', value: [...mail.references, mail.messageId].slice(-10).join(' ') },
            { name: 'Auto-Submitted', value: 'auto-replied' },
          ],
        });
        await deps.store.messages.recordSent(user.userId, sent.messageId, {
          kind: 'confirmation',
          sentAt: deps.clock.now().toISOString(),
        });
      } catch (error) {
        // The command already took effect; a lost confirmation must not undo or repeat it.
        logger.error('confirmation not sent', { userId: user.userId, error: String(error) });
      }
    };
}

export async function applyReplyCommand(
  input: ReplyInput,
  deps: Deps,
): Promise<{ outcome: CommandOutcome; confirm: () => Promise<void> }> {
  const { user, mail, tag } = input;
  const { store } = deps;
  const reply = confirmer(input, deps);

  if (tag.purpose === 'u') {
    await store.users.update(user.userId, {
      mailPausedAt: deps.clock.now().toISOString(),
      mailPausedReason: 'unsubscribed',
    });
    return {
      outcome: { action: 'unsubscribe' },
      confirm: reply('Reminder emails are paused. Your contacts and reminders are kept.'),
    };
  }
  if (tag.purpose === 'w') return applyDigestReply(input, deps);

  const reminder = await store.reminders.get(user.userId, tag.subject);
  if (!reminder) return { outcome: { action: 'unknown' }, confirm: reply('That reminder no longer exists.') };
  const command = parseReplyCommand(mail.text, new Date(input.occurredAt), user.timezone);
  if (command.action === 'unknown')
    return {
      outcome: { action: 'unknown', reminderId: reminder.reminderId },
      confirm: reply(command.line, true),
    };
  const result = await actOnReminder(user, reminder, command, input, deps);
  return {
    outcome: { action: command.action, reminderId: reminder.reminderId, ...result.extra },
    confirm: reply(result.line),
  };
}

/** Does what one command says to one reminder; returns the line that confirms it. */
async function actOnReminder(
  user: User,
  reminder: Reminder,
  command: Exclude<ReplyCommand, { action: 'unknown' }>,
  input: { mail: MessageRef; occurredAt: string },
  deps: Deps,
): Promise<{ line: string; extra?: { until: string } }> {
  const { store } = deps;
  const { mail, occurredAt } = input;
  const nowIso = deps.clock.now().toISOString();
  const name = reminder.contactName ?? reminder.contactEmail;
  const alreadyEnded = !isOpen(reminder.state);
  switch (command.action) {
    case 'done': {
      const ended = await store.reminders.end(user.userId, reminder.reminderId, 'done', nowIso, 'reply');
      // "Done" on a reminder to write means they wrote: the same as an email Rounds saw.
      if (ended && WRITE_TO_KINDS.includes(reminder.kind))
        await userWrote(user, reminder, occurredAt, mail, deps);
      return { line: alreadyEnded ? `Already closed: ${name}.` : `Done: ${name}. Well kept.` };
    }
    case 'skip':
      await store.reminders.end(user.userId, reminder.reminderId, 'skipped', nowIso, 'reply');
      return { line: `Skipped this one for ${name}.` };
    case 'snooze': {
      const moved = await store.reminders.snooze(user.userId, reminder.reminderId, command.until);
      const when = shortDate(new Date(command.until), user.timezone);
      return {
        line: moved ? `Snoozed until ${when}.` : `Already closed: ${name}; nothing to snooze.`,
        extra: { until: command.until },
      };
    }
    case 'stop':
      await store.contacts.setFields(user.userId, reminder.contactId, { status: 'stopped' });
      await cancelOpenReminders(user.userId, reminder, store, nowIso);
      return { line: `No more reminders about ${name}.` };
    case 'replied':
      await logNote(user, reminder, occurredAt, 'inbound', `${name} replied (you told Rounds)`, mail, store);
      await store.contacts.touch(user.userId, reminder.contactId, occurredAt);
      await resolveNudges(user.userId, reminder.contactId, occurredAt, 'reply: replied', store, nowIso);
      await store.contacts.recordInbound(user.userId, reminder.contactId);
      await refreshKeepInTouch(user, reminder.contactId, resolveSettings(user.settings), store, nowIso);
      // The reminder replied to ends too, whatever its kind: the conversation is going.
      await store.reminders.end(user.userId, reminder.reminderId, 'resolved', nowIso, 'reply: replied');
      return { line: `Logged ${name}'s reply; no more nudges.` };
    case 'note':
      await logNote(user, reminder, occurredAt, 'note', command.text, mail, store);
      return { line: `Noted on ${name}'s timeline.` };
    case 'tier': {
      const contact = await store.contacts.get(user.userId, reminder.contactId);
      if (!contact) return { line: `${name} is no longer a contact.` };
      return { line: await setTier(user, contact.email, command.tier, deps) };
    }
  }
}

async function setTier(user: User, email: string, tier: Tier, deps: Deps): Promise<string> {
  const contact = await updateContact(user.userId, email, { tier }, deps.store);
  await refreshKeepInTouch(
    user,
    contact.contactId,
    resolveSettings(user.settings),
    deps.store,
    deps.clock.now().toISOString(),
  );
  return `${contact.name ?? contact.email} is now a ${tier.replace('_', ' ')}.`;
}

/**
 * A reply to the weekly digest: one command per line, naming its items by number
 * ("done 2", "snooze 3 1w", "tier 5 mentor"). Each line is confirmed on its own.
 */
async function applyDigestReply(
  input: ReplyInput,
  deps: Deps,
): Promise<{ outcome: CommandOutcome; confirm: () => Promise<void> }> {
  const { user, mail, tag } = input;
  const reply = confirmer(input, deps);
  const digest = await deps.store.digests.get(user.userId, tag.subject);
  if (!digest) return { outcome: { action: 'unknown' }, confirm: reply('That digest is too old to act on.') };
  const results: DigestItemOutcome[] = [];
  const lines: string[] = [];
  let unreadable = '';
  for (const line of digestCommandLines(mail.text)) {
    const parsed = parseDigestLine(line, new Date(input.occurredAt), user.timezone);
    const item = parsed ? digest.items.find((i) => i.n === parsed.item) : undefined;
    if (!parsed || !item) {
      unreadable ||= line;
      continue;
    }
    if (item.type === 'contact') {
      if (parsed.command.action !== 'tier') {
        lines.push(
          `${parsed.item}: ${item.label} is a new contact; reply "tier ${parsed.item} mentor" (or sponsor, working, peer, weak_tie).`,
        );
        results.push({ item: parsed.item, action: 'unknown', contact: item.email });
        continue;
      }
      lines.push(`${parsed.item}: ${await setTier(user, item.email, parsed.command.tier, deps)}`);
      results.push({ item: parsed.item, action: 'tier', contact: item.email });
      continue;
    }
    const reminder = await deps.store.reminders.get(user.userId, item.reminderId);
    if (!reminder) {
      lines.push(`${parsed.item}: that reminder no longer exists.`);
      results.push({ item: parsed.item, action: 'unknown', reminderId: item.reminderId });
      continue;
    }
    const done = await actOnReminder(
      user,
      reminder,
      parsed.command,
      { mail, occurredAt: input.occurredAt },
      deps,
    );
    lines.push(`${parsed.item}: ${done.line}`);
    results.push({
      item: parsed.item,
      action: parsed.command.action,
      reminderId: reminder.reminderId,
      ...done.extra,
    });
  }
  if (lines.length === 0)
    return { outcome: { action: 'digest', items: [] }, confirm: reply(unreadable, true) };
  return { outcome: { action: 'digest', items: results }, confirm: reply(lines.join('\n')) };
}

async function cancelOpenReminders(userId: string, about: Reminder, store: Store, nowIso: string) {
  for (const reminder of await store.reminders.ofContact(userId, about.contactId)) {
    if (isOpen(reminder.state))
      await store.reminders.end(userId, reminder.reminderId, 'cancelled', nowIso, 'reply: stop');
  }
}

/**
 * The user says they wrote: log it, count it as an unanswered email (a nudge sent), and
 * set up the next nudge or the cadence, exactly as for an email Rounds saw.
 */
async function userWrote(user: User, reminder: Reminder, occurredAt: string, mail: MessageRef, deps: Deps) {
  const { store } = deps;
  const nowIso = deps.clock.now().toISOString();
  const settings = resolveSettings(user.settings);
  const who = reminder.contactName ?? reminder.contactEmail;
  await logNote(user, reminder, occurredAt, 'outbound', `You wrote to ${who}`, mail, store);
  await store.contacts.touch(user.userId, reminder.contactId, occurredAt);
  const contact = await store.contacts.get(user.userId, reminder.contactId);
  if (contact && reminder.kind === 'no_reply_nudge') {
    const unanswered = await countOutbound(user, contact, mail.messageId, occurredAt, settings, store);
    const drafts = remindersAfterOutboundEmail(
      { occurredAt, directRecipients: [{ email: contact.email, unanswered }], tags: readCaptureTags([]) },
      settings,
    );
    const about = {
      ...(reminder.about?.subject ? { subject: reminder.about.subject } : {}),
      occurredAt,
      interactionId: `done:${mail.messageId}`,
    };
    for (const draft of drafts)
      await createReminder(user, contact, draft, about, `done:${mail.messageId}`, store, nowIso);
  }
  await refreshKeepInTouch(user, reminder.contactId, settings, store, nowIso);
}

async function logNote(
  user: User,
  reminder: Reminder,
  occurredAt: string,
  kind: 'note' | 'inbound' | 'outbound',
  text: string,
  mail: MessageRef,
  store: Store,
) {
  const interaction: Interaction = {
    interactionId: stableId(user.userId, kind, mail.messageId, reminder.reminderId),
    kind: kind === 'note' ? 'note' : 'email',
    ...(kind !== 'note' ? { direction: kind } : {}),
    occurredAt,
    subject:
      kind === 'note' ? 'Note' : kind === 'inbound' ? 'Reply (reported by you)' : 'Written (reported by you)',
    snippet: redact(text).slice(0, 500),
    messageId: mail.messageId,
    contacts: [
      { email: reminder.contactEmail, ...(reminder.contactName ? { name: reminder.contactName } : {}) },
    ],
    contactIds: [reminder.contactId],
  };
  await store.interactions.put(user.userId, interaction);
}

/** The one-click actions a reminder email links to (each confirmed on a page, then POSTed). */
export const CLICK_ACTIONS = { done: 'Mark done', snooze: 'Snooze a week', skip: 'Skip this one' } as const;
export type ClickAction = keyof typeof CLICK_ACTIONS;

/**
 * A one-click action from a signed link: the same effect as replying with the command.
 * `clickId` keys what it writes, so a double submit does not log twice.
 */
export async function applyClickAction(
  user: User,
  reminderId: string,
  action: ClickAction,
  clickId: string,
  deps: Deps,
): Promise<{ outcome: CommandOutcome; line: string }> {
  const reminder = await deps.store.reminders.get(user.userId, reminderId);
  if (!reminder) return { outcome: { action: 'unknown' }, line: 'That reminder no longer exists.' };
  const at = deps.clock.now();
  const command: Exclude<ReplyCommand, { action: 'unknown' }> =
    action === 'snooze'
      ? { action: 'snooze', until: new Date(at.getTime() + 7 * 86_400_000).toISOString() }
      : { action };
  const result = await actOnReminder(
    user,
    reminder,
    command,
    { mail: { messageId: `<click.${clickId}@rounds>` }, occurredAt: at.toISOString() },
    deps,
  );
  return { outcome: { action, reminderId, ...result.extra }, line: result.line };
}

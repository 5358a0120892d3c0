// Reply commands: the user answers a reminder ("done", "snooze 1w") and it acts on exactly
// the item its signed reply address names.
import { renderCommandHelp, renderConfirmation } from '#templates/confirmation';
import { countOutbound, refreshKeepInTouch } from './cadence.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { createReminder } from './contacts.ts';
import { readCaptureTags, remindersAfterOutboundEmail, WRITE_TO_KINDS } from './followup.ts';
import { stableId } from './ids.ts';
import type { ParsedMail } from './mail/parse.ts';
import { parseReplyCommand } from './mail/reply-command.ts';
import type { Mailer } from './mailer.ts';
import type { Interaction, Reminder, User } from './model.ts';
import { isOpen } from './model.ts';
import { logger } from './observability.ts';
import { redact } from './privacy.ts';
import { resolveNudges } from './reminders.ts';
import { resolveSettings } from './settings.ts';
import type { SignedTag } from './signing.ts';
import type { Store } from './store.ts';
import { shortDate } from './time.ts';

export type CommandOutcome = {
  action: 'done' | 'replied' | 'snooze' | 'skip' | 'stop' | 'note' | 'unknown' | 'unsubscribe';
  reminderId?: string;
  until?: string;
};

type Deps = { store: Store; mailer: Mailer; clock: Clock; config: Config };

export async function applyReplyCommand(
  input: { user: User; mail: ParsedMail; tag: SignedTag; occurredAt: string; replyAddress: string },
  deps: Deps,
): Promise<{ outcome: CommandOutcome; confirm: () => Promise<void> }> {
  const { user, mail, tag } = input;
  const { store } = deps;
  const nowIso = deps.clock.now().toISOString();
  const reply =
    (line: string, help = false) =>
    async () => {
      const rendered = help ? renderCommandHelp(line, mail.subject) : renderConfirmation(line, mail.subject);
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
        await store.recordSentMessage(user.userId, sent.messageId, { kind: 'confirmation', sentAt: nowIso });
      } catch (error) {
        // The command already took effect; a lost confirmation must not undo or repeat it.
        logger.error('confirmation not sent', { userId: user.userId, error: String(error) });
      }
    };

  if (tag.purpose === 'u') {
    await store.updateUser(user.userId, { mailPausedAt: nowIso });
    return {
      outcome: { action: 'unsubscribe' },
      confirm: reply('Reminder emails are paused. Your contacts and reminders are kept.'),
    };
  }

  const reminder = await store.getReminder(user.userId, tag.subject);
  if (!reminder) {
    return { outcome: { action: 'unknown' }, confirm: reply('That reminder no longer exists.') };
  }
  const name = reminder.contactName ?? reminder.contactEmail;
  const command = parseReplyCommand(mail.text, new Date(input.occurredAt), user.timezone);
  const base = { reminderId: reminder.reminderId };
  const alreadyEnded = !isOpen(reminder.state);

  switch (command.action) {
    case 'done': {
      const ended = await store.endReminder(user.userId, reminder.reminderId, 'done', nowIso, 'reply');
      // "Done" on a reminder to write means they wrote: the same as an email Rounds saw.
      if (ended && WRITE_TO_KINDS.includes(reminder.kind))
        await userWrote(user, reminder, input.occurredAt, mail, deps);
      return {
        outcome: { action: 'done', ...base },
        confirm: reply(alreadyEnded ? `Already closed: ${name}.` : `Done: ${name}. Well kept.`),
      };
    }
    case 'skip': {
      await store.endReminder(user.userId, reminder.reminderId, 'skipped', nowIso, 'reply');
      return { outcome: { action: 'skip', ...base }, confirm: reply(`Skipped this one for ${name}.`) };
    }
    case 'snooze': {
      const moved = await store.snoozeReminder(user.userId, reminder.reminderId, command.until);
      const when = shortDate(new Date(command.until), user.timezone);
      return {
        outcome: { action: 'snooze', ...base, until: command.until },
        confirm: reply(moved ? `Snoozed until ${when}.` : `Already closed: ${name}; nothing to snooze.`),
      };
    }
    case 'stop': {
      await store.setContactStatus(user.userId, reminder.contactId, 'stopped');
      await cancelOpenReminders(user.userId, reminder, store, nowIso);
      return { outcome: { action: 'stop', ...base }, confirm: reply(`No more reminders about ${name}.`) };
    }
    case 'replied': {
      await logNote(
        user,
        reminder,
        input.occurredAt,
        'inbound',
        `${name} replied (you told Rounds)`,
        mail,
        store,
      );
      await store.touchContact(user.userId, reminder.contactId, input.occurredAt);
      await resolveNudges(user.userId, reminder.contactId, input.occurredAt, 'reply: replied', store, nowIso);
      await store.recordInbound(user.userId, reminder.contactId);
      await refreshKeepInTouch(user, reminder.contactId, resolveSettings(user.settings), store, nowIso);
      // The reminder replied to ends too, whatever its kind: the conversation is going.
      await store.endReminder(user.userId, reminder.reminderId, 'resolved', nowIso, 'reply: replied');
      return {
        outcome: { action: 'replied', ...base },
        confirm: reply(`Logged ${name}'s reply; no more nudges.`),
      };
    }
    case 'note': {
      await logNote(user, reminder, input.occurredAt, 'note', command.text, mail, store);
      return { outcome: { action: 'note', ...base }, confirm: reply(`Noted on ${name}'s timeline.`) };
    }
    case 'unknown':
      return { outcome: { action: 'unknown', ...base }, confirm: reply(command.line, true) };
  }
}

async function cancelOpenReminders(userId: string, about: Reminder, store: Store, nowIso: string) {
  for (const reminder of await store.contactReminders(userId, about.contactId)) {
    if (isOpen(reminder.state))
      await store.endReminder(userId, reminder.reminderId, 'cancelled', nowIso, 'reply: stop');
  }
}

/**
 * The user says they wrote: log it, count it as an unanswered email (a nudge sent), and
 * set up the next nudge or the cadence, exactly as for an email Rounds saw.
 */
async function userWrote(user: User, reminder: Reminder, occurredAt: string, mail: ParsedMail, deps: Deps) {
  const { store } = deps;
  const nowIso = deps.clock.now().toISOString();
  const settings = resolveSettings(user.settings);
  const who = reminder.contactName ?? reminder.contactEmail;
  await logNote(user, reminder, occurredAt, 'outbound', `You wrote to ${who}`, mail, store);
  await store.touchContact(user.userId, reminder.contactId, occurredAt);
  const contact = await store.getContact(user.userId, reminder.contactId);
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
  mail: ParsedMail,
  store: Store,
) {
  const interaction: Interaction = {
    interactionId: stableId(user.userId, kind, mail.messageId),
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
  await store.putInteraction(user.userId, interaction);
}

// Reply commands: the user answers a reminder ("done", "snooze 1w") or a digest ("done 2"),
// and the reply acts on exactly the item its signed reply address names.
import type { Deps } from '../deps.ts';
import type { Reminder } from '../domain/model.ts';
import { parseReplyCommand } from '../mail/reply-command.ts';
import { parseDebrief, recordDebrief } from '../programs/debrief.ts';
import type { WriteUnit } from '../store/unit.ts';
import { actOnReminder } from './act.ts';
import { confirmer } from './confirm.ts';
import { applyDigestReply } from './digest-reply.ts';
import type { ReplyInput, ReplyResult } from './outcome.ts';

/**
 * `known` is what ingest read already: the reminder the address names (undefined when there
 * is none) and the delivery's unit of work, which the command's writes join.
 */
export async function applyReplyCommand(
  input: ReplyInput,
  deps: Deps,
  known?: { reminder: Reminder | undefined; unit: WriteUnit },
): Promise<ReplyResult> {
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

  const reminder =
    known && known.reminder?.reminderId === tag.subject
      ? known.reminder
      : await store.reminders.get(user.userId, tag.subject);
  if (!reminder) return { outcome: { action: 'unknown' }, confirm: reply('That reminder no longer exists.') };
  const command = parseReplyCommand(mail.text, new Date(input.occurredAt), user.timezone);
  // An interview's debrief is answered with who the user met and what they thought.
  const debrief =
    reminder.kind === 'interview_debrief' && (command.action === 'unknown' || command.action === 'note')
      ? parseDebrief(mail.text)
      : undefined;
  if (debrief) {
    // Its writes are idempotent and made first; the delivery's seen marker follows (ingest).
    const { line } = await recordDebrief(
      user,
      reminder,
      debrief,
      { messageId: mail.messageId, occurredAt: input.occurredAt },
      deps,
    );
    return { outcome: { action: 'debrief', reminderId: reminder.reminderId }, confirm: reply(line) };
  }
  if (command.action === 'unknown')
    return {
      outcome: { action: 'unknown', reminderId: reminder.reminderId },
      confirm: reply(command.line, true),
    };
  const result = await actOnReminder(
    user,
    reminder,
    command,
    { messageId: mail.messageId, occurredAt: input.occurredAt },
    deps,
    known?.unit,
  );
  return {
    outcome: { action: command.action, reminderId: reminder.reminderId, ...result.extra },
    confirm: reply(result.line),
  };
}

// One-click actions from a reminder email's signed links (the page asks first; POST acts).
import type { Deps } from '../deps.ts';
import type { User } from '../domain/model.ts';
import { type ClickAction, clickCommand } from '../mail/reply-command.ts';
import { actOnReminder } from './act.ts';
import type { CommandOutcome } from './outcome.ts';

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
  const result = await actOnReminder(
    user,
    reminder,
    clickCommand(action, at),
    { messageId: `<click.${clickId}@rounds>`, occurredAt: at.toISOString() },
    deps,
  );
  return { outcome: { action, reminderId, ...result.extra }, line: result.line };
}

// One-click actions from a reminder email's signed links (the page asks first; POST acts),
// and the web app's buttons on a reminder.
import type { Deps } from '../deps.ts';
import { InvalidInputError, NotFoundError } from '../domain/errors.ts';
import { stableId } from '../domain/ids.ts';
import type { Reminder, User } from '../domain/model.ts';
import { appSnoozeUntil, type ClickAction, clickCommand } from '../mail/reply-command.ts';
import { actOnReminder, type KnownCommand } from './act.ts';
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
  return actNow(user, reminder, action, (at) => clickCommand(action, at), `<click.${clickId}@rounds>`, deps);
}

/** Acts on a reminder as of now, as a message with this id would (the id keys what it writes). */
async function actNow(
  user: User,
  reminder: Reminder,
  action: ClickAction | AppAction,
  commandAt: (at: Date) => KnownCommand,
  messageId: string,
  deps: Deps,
): Promise<{ outcome: CommandOutcome; line: string }> {
  const at = deps.clock.now();
  const command = commandAt(at);
  const result = await actOnReminder(
    user,
    reminder,
    command,
    { messageId, occurredAt: at.toISOString() },
    deps,
  );
  return { outcome: { action, reminderId: reminder.reminderId, ...result.extra }, line: result.line };
}

/** What the web app's buttons on a reminder may do. */
export const APP_ACTIONS = ['done', 'skip', 'replied', 'snooze', 'stop'] as const;
export type AppAction = (typeof APP_ACTIONS)[number];
export const isAppAction = (name: string): name is AppAction =>
  (APP_ACTIONS as readonly string[]).includes(name);

/**
 * A button in the web app: the same effect as the reply command ("snooze 3d", "snooze until
 * 2026-12-03"). `requestId` comes with the form, so a double submit logs once.
 */
export async function applyAppAction(
  user: User,
  reminderId: string,
  action: AppAction,
  snoozeFor: string | undefined,
  requestId: string,
  deps: Deps,
): Promise<{ outcome: CommandOutcome; line: string }> {
  const reminder = await deps.store.reminders.get(user.userId, reminderId);
  if (!reminder) throw new NotFoundError('That reminder no longer exists.');
  const commandAt = (at: Date): KnownCommand => {
    if (action !== 'snooze') return { action };
    const until = appSnoozeUntil(snoozeFor ?? '1w', at, user.timezone);
    if (!until)
      throw new InvalidInputError(
        `Rounds cannot snooze to “${snoozeFor}”: pick 1d, 3d, 1w, 2w or a date within a year.`,
      );
    return { action, until };
  };
  const messageId = `<app.${stableId(requestId, reminderId, action)}@rounds>`;
  return actNow(user, reminder, action, commandAt, messageId, deps);
}

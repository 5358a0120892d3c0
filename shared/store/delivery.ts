// What ingest must know before it can do anything with a delivery, read in two requests: the
// capture token's user link, then (one BatchGet) the user, whether the message was seen, and
// the reminder a signed reply address names. A duplicate costs those two and nothing more.
import type { Reminder, User } from '../domain/model.ts';
import { messageKeys } from './messages.ts';
import { reminderKeys } from './reminders.ts';
import type { Table } from './table.ts';
import { userKeys } from './users.ts';

export type Delivery = { user: User; seen: boolean; reminder?: Reminder | undefined };

export function deliveryReader(table: Table) {
  return async (token: string, messageId: string, reminderId?: string): Promise<Delivery | undefined> => {
    const link = await table.get<{ userId: string }>(userKeys.token(token));
    if (!link) return undefined;
    const { userId } = link;
    const [user, seen, reminder] = await table.getEach([
      userKeys.profile(userId),
      messageKeys.seen(userId, messageId),
      ...(reminderId ? [reminderKeys.reminder(userId, reminderId)] : []),
    ]);
    if (!user) return undefined;
    return { user: user as User, seen: seen !== undefined, reminder: reminder as Reminder | undefined };
  };
}

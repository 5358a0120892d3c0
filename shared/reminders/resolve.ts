import { isOpen } from '../domain/model.ts';
import { isAnsweredByContactReply } from '../domain/playbook.ts';
import type { Store } from '../store/index.ts';

/** The contact answered: never a nudge after that. */
export async function resolveNudges(
  userId: string,
  contactId: string,
  replyAt: string,
  endedBy: string,
  store: Store,
  nowIso: string,
): Promise<{ id: string; kind: string; contact: string }[]> {
  const resolved: { id: string; kind: string; contact: string }[] = [];
  for (const reminder of await store.reminders.ofContact(userId, contactId)) {
    if (!isOpen(reminder.state)) continue;
    if (!isAnsweredByContactReply(reminder, replyAt)) continue;
    if (await store.reminders.end(userId, reminder.reminderId, 'resolved', nowIso, endedBy))
      resolved.push({ id: reminder.reminderId, kind: reminder.kind, contact: reminder.contactEmail });
  }
  return resolved;
}

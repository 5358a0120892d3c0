// Reading what a plan is made against: the open and closed reminders of the contacts an event
// touches. One Query per contact on its reminder links, then one BatchGet for all of them;
// a contact this event creates has none, so it costs nothing.
import type { Deps } from '../deps.ts';
import type { Contact, Reminder } from '../domain/model.ts';
import { ReminderPlanner } from '../domain/reminder-plan.ts';

export async function plannerFor(
  userId: string,
  contactIds: string[],
  deps: Pick<Deps, 'store' | 'clock'>,
  options: {
    staleBefore?: string | undefined;
    /** Contacts created by this event: no reminder can be theirs yet. */
    isNew?: (contactId: string) => boolean;
  } = {},
): Promise<ReminderPlanner> {
  const planner = new ReminderPlanner(userId, deps.clock.now().toISOString(), [], options.staleBefore);
  const ids = [...new Set(contactIds)].filter((id) => !options.isNew?.(id));
  planner.see(await deps.store.reminders.ofContacts(userId, ids));
  return planner;
}

/**
 * What acting on one reminder is planned against: its contact's other reminders and the
 * contact itself, in one Query and one BatchGet (the reminder, read already, is not read again).
 */
export async function plannerAround(
  userId: string,
  reminder: Reminder,
  deps: Pick<Deps, 'store' | 'clock'>,
): Promise<{ planner: ReminderPlanner; contact: Contact | undefined }> {
  const planner = new ReminderPlanner(userId, deps.clock.now().toISOString(), []);
  const { reminders, contacts } = await deps.store.reminders.around(userId, [reminder.contactId], {
    known: [reminder],
    withContacts: true,
  });
  planner.see(reminders);
  return { planner, contact: contacts[0] };
}

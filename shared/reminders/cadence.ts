// What every interaction sets going: the keep-in-touch cadence of the contact's tier, the
// nudge count, and dormancy after the last unanswered nudge.
import { createReminder, type ReminderRef } from '../contacts/people.ts';
import { type Contact, isOpen, type User } from '../domain/model.ts';
import { dormantAfter, keepInTouchDue } from '../domain/playbook.ts';
import type { Settings } from '../domain/settings.ts';
import type { Store } from '../store/index.ts';

/**
 * Keeps exactly one open keep-in-touch reminder per tiered contact, due a cadence after the
 * last interaction either way. One already sent is answered by the new interaction.
 */
export async function refreshKeepInTouch(
  user: User,
  contactId: string,
  settings: Settings,
  store: Store,
  nowIso: string,
): Promise<{ created: (ReminderRef & { dueAt: string })[]; moved: (ReminderRef & { dueAt: string })[] }> {
  const result = {
    created: [] as (ReminderRef & { dueAt: string })[],
    moved: [] as (ReminderRef & { dueAt: string })[],
  };
  const contact = await store.contacts.get(user.userId, contactId);
  if (!contact?.lastContactAt || contact.status === 'stopped') return result;
  const due = keepInTouchDue(contact.lastContactAt, contact.tier, settings);
  const open = (await store.reminders.ofContact(user.userId, contactId)).filter(
    (r) => r.kind === 'keep_in_touch' && isOpen(r.state),
  );
  if (!due) return result;
  let waiting = false;
  for (const reminder of open) {
    if (reminder.state === 'sent') {
      await store.reminders.end(user.userId, reminder.reminderId, 'resolved', nowIso, 'in touch again');
    } else if (!waiting) {
      waiting = true;
      if (reminder.dueAt !== due && (await store.reminders.reschedule(user.userId, reminder.reminderId, due)))
        result.moved.push({
          id: reminder.reminderId,
          kind: reminder.kind,
          contact: reminder.contactEmail,
          dueAt: due,
        });
    } else {
      await store.reminders.end(user.userId, reminder.reminderId, 'resolved', nowIso, 'duplicate cadence');
    }
  }
  if (!waiting) {
    const about = {
      subject: 'Keep in touch',
      occurredAt: contact.lastContactAt,
      interactionId: `cadence:${contactId}`,
    };
    const reminder = await createReminder(
      user,
      contact,
      { kind: 'keep_in_touch', dueAt: due },
      about,
      `cadence:${due}`,
      store,
      nowIso,
    );
    if (reminder.dueAt === due && reminder.state === 'pending')
      result.created.push({
        id: reminder.reminderId,
        kind: reminder.kind,
        contact: reminder.contactEmail,
        dueAt: due,
      });
  }
  return result;
}

/** The user wrote to them: one more unanswered email; after the last nudge, dormancy is set. */
export async function countOutbound(
  user: User,
  contact: Contact,
  messageId: string,
  occurredAt: string,
  settings: Settings,
  store: Store,
): Promise<number> {
  // Writing again to someone who went dormant is a new attempt: the nudges start over.
  if (contact.dormantAfter && contact.dormantAfter <= occurredAt && contact.lastOutboundId !== messageId)
    await store.contacts.recordInbound(user.userId, contact.contactId);
  const unanswered = await store.contacts.recordOutbound(user.userId, contact.contactId, messageId);
  const dormant = dormantAfter(unanswered, occurredAt, settings);
  if (dormant) await store.contacts.setFields(user.userId, contact.contactId, { dormantAfter: dormant });
  return unanswered;
}

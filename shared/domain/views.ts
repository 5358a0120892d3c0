// The contract's JSON shapes (CONTRACT.md), built in one place for the CLI and the API.
import { interactionView } from '../contacts/people.ts';
import { type Contact, contactStatus, type Interaction, isOpen, type Reminder } from './model.ts';

/** A contact as CONTRACT.md shows it; `now` decides whether they have gone dormant. */
export function contactView(contact: Contact, reminders: Reminder[], now: string) {
  const next = reminders
    .filter((r) => r.contactId === contact.contactId && isOpen(r.state) && r.state !== 'sent')
    .map((r) => r.dueAt)
    .sort()[0];
  return {
    email: contact.email,
    emails: contact.emails,
    name: contact.name,
    institution: contact.institution,
    role: contact.role,
    tier: contact.tier,
    status: contactStatus(contact, now),
    lastContactAt: contact.lastContactAt,
    nextFollowUpAt: next ?? null,
  };
}

export const reminderView = (r: Reminder) => ({
  id: r.reminderId,
  kind: r.kind,
  contact: r.contactEmail,
  dueAt: r.dueAt,
  state: r.state,
});

export const timelineView = (i: Interaction) => ({
  ...interactionView(i),
  ...(i.snippet ? { snippet: i.snippet } : {}),
});

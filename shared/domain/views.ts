// The contract's JSON shapes (CONTRACT.md), built in one place for the CLI and the API.
import {
  type Contact,
  contactStatus,
  type Interaction,
  isOpen,
  type Reminder,
  reminderPeople,
} from './model.ts';

export type ReminderView = ReminderRef & { dueAt: string };

export type InteractionView = {
  id: string;
  kind: Interaction['kind'];
  direction?: Interaction['direction'];
  occurredAt: string;
  subject?: string;
  contacts: { email: string; name?: string }[];
  inferred?: true;
};

/** A reminder as ingest outcomes name it; `contacts` when a thread's nudge names several. */
export type ReminderRef = { id: string; kind: string; contact: string; contacts?: string[] };

export const interactionView = (i: Interaction): InteractionView => ({
  id: i.interactionId,
  kind: i.kind,
  ...(i.direction ? { direction: i.direction } : {}),
  occurredAt: i.occurredAt,
  ...(i.subject ? { subject: i.subject } : {}),
  contacts: i.contacts.map((c) => (c.name ? { email: c.email, name: c.name } : { email: c.email })),
  ...(i.inferred ? { inferred: true as const } : {}),
});

/** A contact as CONTRACT.md shows it; `now` decides whether they have gone dormant. */
/**
 * Each contact's next follow-up: the earliest due time of a waiting reminder about them (one
 * already sent waits for the user, not for a date). One pass, however many contacts.
 */
export function nextFollowUps(reminders: Reminder[]): ReadonlyMap<string, string> {
  const next = new Map<string, string>();
  for (const r of reminders) {
    if (!isOpen(r.state) || r.state === 'sent') continue;
    for (const { contactId } of reminderPeople(r)) {
      const seen = next.get(contactId);
      if (!seen || r.dueAt < seen) next.set(contactId, r.dueAt);
    }
  }
  return next;
}

export function contactView(contact: Contact, next: ReadonlyMap<string, string>, now: string) {
  return {
    email: contact.email,
    emails: contact.emails,
    name: contact.name,
    institution: contact.institution,
    role: contact.role,
    tier: contact.tier,
    status: contactStatus(contact, now),
    lastContactAt: contact.lastContactAt,
    nextFollowUpAt: next.get(contact.contactId) ?? null,
  };
}

export const reminderView = (r: Reminder) => ({
  id: r.reminderId,
  kind: r.kind,
  contact: r.contactEmail,
  contacts: reminderPeople(r).map((p) => p.email),
  dueAt: r.dueAt,
  state: r.state,
});

export const timelineView = (i: Interaction) => ({
  ...interactionView(i),
  ...(i.snippet ? { snippet: i.snippet } : {}),
});

// Recording people and what happened with them: shared by every kind of message ingest logs.

import { stableId } from '../domain/ids.ts';
import type { Contact, Interaction, Reminder, User } from '../domain/model.ts';
import type { CaptureTags } from '../domain/playbook.ts';
import { isCaptureDomainAddress } from '../mail/address.ts';
import type { Person } from '../mail/parse.ts';
import type { Store } from '../store/index.ts';

export type InteractionView = {
  id: string;
  kind: Interaction['kind'];
  direction?: Interaction['direction'];
  occurredAt: string;
  subject?: string;
  contacts: { email: string; name?: string }[];
};

export type ReminderRef = { id: string; kind: string; contact: string };

export const interactionView = (i: Interaction): InteractionView => ({
  id: i.interactionId,
  kind: i.kind,
  ...(i.direction ? { direction: i.direction } : {}),
  occurredAt: i.occurredAt,
  ...(i.subject ? { subject: i.subject } : {}),
  contacts: i.contacts.map((c) => (c.name ? { email: c.email, name: c.name } : { email: c.email })),
});

export const ownAddresses = (user: User) =>
  new Set([user.email, ...user.aliases].map((a) => a.toLowerCase()));

/** People who can be contacts: never the user, an alias, or a capture address; each once. */
export function contactPeople(people: Person[], user: User, captureDomain: string): Person[] {
  const own = ownAddresses(user);
  const seen = new Set<string>();
  const out: Person[] = [];
  for (const person of people) {
    if (
      own.has(person.email) ||
      isCaptureDomainAddress(person.email, captureDomain) ||
      seen.has(person.email)
    )
      continue;
    seen.add(person.email);
    out.push(person);
  }
  return out;
}

/** Finds or creates each person's contact, moves lastContactAt, fills a missing name. */
export async function ensureContacts(
  user: User,
  people: Person[],
  occurredAt: string,
  tags: CaptureTags | undefined,
  store: Store,
  nowIso: string,
  options: { touch: boolean } = { touch: true },
): Promise<Contact[]> {
  const contacts: Contact[] = [];
  for (const person of people) {
    const existing = await store.contacts.findByEmail(user.userId, person.email);
    const contact =
      existing ??
      (await store.contacts.create(user.userId, {
        contactId: stableId(user.userId, 'contact', person.email),
        email: person.email,
        emails: [person.email],
        name: person.name ?? null,
        institution: null,
        role: null,
        tier: tags?.tier ?? null,
        status: 'active',
        firstContactAt: occurredAt,
        lastContactAt: null,
        createdAt: nowIso,
      }));
    // Naming someone as a target or an attending is not contact with them.
    if (options.touch) await store.contacts.touch(user.userId, contact.contactId, occurredAt, person.name);
    if (tags?.tier && contact.tier !== tags.tier)
      await store.contacts.setFields(user.userId, contact.contactId, { tier: tags.tier });
    contacts.push(contact);
  }
  return contacts;
}

/** Writes a reminder for a draft; the id is stable, so a re-run finds the same one. */
export async function createReminder(
  user: User,
  contact: Contact,
  draft: { kind: Reminder['kind']; dueAt: string },
  about: Reminder['about'] & {},
  source: string,
  store: Store,
  nowIso: string,
  nameHint?: string,
): Promise<Reminder> {
  const name = contact.name ?? nameHint;
  const reminder: Reminder = {
    reminderId: stableId(user.userId, 'reminder', source, draft.kind, contact.contactId),
    userId: user.userId,
    kind: draft.kind,
    contactId: contact.contactId,
    contactEmail: contact.email,
    ...(name ? { contactName: name } : {}),
    dueAt: draft.dueAt,
    state: 'pending',
    createdAt: nowIso,
    about,
  };
  await store.reminders.create(reminder);
  return reminder;
}

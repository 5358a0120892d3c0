// People from mail become contacts: who can be one, and finding or creating them one by one
// (milestones; an event's many contacts go through contact-set.ts). Shared with ingest.

import type { Deps } from '../deps.ts';
import { stableId } from '../domain/ids.ts';
import type { Contact, User } from '../domain/model.ts';
import type { CaptureTags } from '../domain/playbook.ts';
import { isCaptureDomainAddress } from '../mail/address.ts';
import type { Person } from '../mail/parse.ts';

export const ownAddresses = (user: User) =>
  new Set([user.email, ...user.aliases].map((a) => a.toLowerCase()));

/**
 * A contact Rounds has just met: its id derived from the address (so racing deliveries make
 * one), nothing known of it yet but when.
 */
export function newContact(
  userId: string,
  email: string,
  at: { firstContactAt: string; createdAt: string },
): Contact {
  return {
    contactId: stableId(userId, 'contact', email),
    email,
    emails: [email],
    name: null,
    institution: null,
    role: null,
    tier: null,
    status: 'active',
    firstContactAt: at.firstContactAt,
    lastContactAt: null,
    createdAt: at.createdAt,
  };
}

/**
 * At most this many people of one message become contacts: a message to 2,000 recipients is a
 * mailing, and no one message may make unbounded work (or a record past DynamoDB's 400 KB).
 */
export const MAX_PEOPLE_PER_MESSAGE = 100;

/** The people of one message Rounds records, and how many more it left out. */
export function capPeople<T>(people: T[]): { kept: T[]; leftOut: number } {
  return {
    kept: people.slice(0, MAX_PEOPLE_PER_MESSAGE),
    leftOut: Math.max(0, people.length - MAX_PEOPLE_PER_MESSAGE),
  };
}

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

/**
 * Finds or creates each person's contact, moves lastContactAt forward, fills a missing name
 * and sets a tier from the capture tags. Returns each contact as it is after that.
 */
export async function ensureContacts(
  user: User,
  people: Person[],
  at: { occurredAt: string; tags?: CaptureTags | undefined; touch?: boolean },
  deps: Pick<Deps, 'store' | 'clock'>,
): Promise<Contact[]> {
  const { store } = deps;
  const { occurredAt, tags } = at;
  const nowIso = deps.clock.now().toISOString();
  const contacts: Contact[] = [];
  for (const person of people) {
    const existing = await store.contacts.findByEmail(user.userId, person.email);
    let contact =
      existing ??
      (await store.contacts.create(user.userId, {
        ...newContact(user.userId, person.email, { firstContactAt: occurredAt, createdAt: nowIso }),
        name: person.name ?? null,
        tier: tags?.tier ?? null,
      }));
    // Naming someone as a target or an attending is not contact with them.
    if (at.touch !== false) {
      await store.contacts.touch(user.userId, contact.contactId, occurredAt, person.name);
      contact = touched(contact, occurredAt, person.name);
    }
    if (tags?.tier && contact.tier !== tags.tier) {
      await store.contacts.setFields(user.userId, contact.contactId, { tier: tags.tier });
      contact = { ...contact, tier: tags.tier };
    }
    contacts.push(contact);
  }
  return contacts;
}

/** A contact as store.contacts.touch leaves it: last contact never back, a missing name filled. */
export function touched(contact: Contact, occurredAt: string, name?: string): Contact {
  const later = !contact.lastContactAt || contact.lastContactAt < occurredAt;
  const fillName = name && !contact.name && !contact.nameSetByUser;
  return {
    ...contact,
    ...(later ? { lastContactAt: occurredAt } : {}),
    ...(fillName ? { name } : {}),
  };
}

// What the user changes about their contacts by hand: merging two addresses of one person,
// and setting a name, tier, role or institution (which mail never overwrites).
import type { Contact, Tier } from './model.ts';
import { TIERS } from './model.ts';
import type { Store } from './store.ts';

export class ContactNotFoundError extends Error {}
export class InvalidContactChangeError extends Error {}

/**
 * Merges `other` into `keep`: its addresses, timeline and reminders become keep's, and mail
 * from any of its addresses reaches keep from now on (the address links point there).
 */
export async function mergeContacts(
  userId: string,
  keepEmail: string,
  otherEmail: string,
  store: Store,
): Promise<Contact> {
  const keep = await store.findContactByEmail(userId, keepEmail);
  const other = await store.findContactByEmail(userId, otherEmail);
  if (!keep) throw new ContactNotFoundError(`no contact with address ${keepEmail}`);
  if (!other) throw new ContactNotFoundError(`no contact with address ${otherEmail}`);
  if (keep.contactId === other.contactId) return keep;

  const earliest = (a: string | null, b: string | null) => (!a ? b : !b ? a : a < b ? a : b);
  const latest = (a: string | null, b: string | null) => (!a ? b : !b ? a : a > b ? a : b);
  const merged: Contact = {
    ...keep,
    emails: [...new Set([...keep.emails, ...other.emails])],
    name: keep.name ?? other.name,
    nameSetByUser: Boolean(keep.nameSetByUser || (!keep.name && other.nameSetByUser)),
    institution: keep.institution ?? other.institution,
    role: keep.role ?? other.role,
    tier: keep.tier ?? other.tier,
    firstContactAt: earliest(keep.firstContactAt, other.firstContactAt) ?? keep.firstContactAt,
    lastContactAt: latest(keep.lastContactAt, other.lastContactAt),
    status: keep.status === 'stopped' || other.status === 'stopped' ? 'stopped' : keep.status,
  };
  // Order matters for a merge interrupted half-way: the record first, the links next, the
  // history last, and the old record only once nothing points at it. Running it again finishes it.
  await store.putContact(userId, merged);
  for (const email of other.emails) await store.linkContactEmail(userId, email, keep.contactId);

  for (const entry of await store.timeline(userId, other.contactId)) {
    const contactIds = [
      ...new Set(entry.contactIds.map((id) => (id === other.contactId ? keep.contactId : id))),
    ];
    const interaction = (await store.getInteraction(userId, entry.interactionId)) ?? entry;
    await store.deleteInteraction(userId, interaction);
    await store.putInteraction(userId, { ...interaction, contactIds });
  }
  for (const reminder of await store.contactReminders(userId, other.contactId)) {
    await store.putReminder({ ...reminder, contactId: keep.contactId, contactEmail: merged.email });
  }
  await store.deleteContact(userId, other.contactId);
  return (await store.getContact(userId, keep.contactId)) ?? merged;
}

export type ContactChanges = { name?: string; tier?: string; role?: string; institution?: string };

export async function updateContact(userId: string, email: string, changes: ContactChanges, store: Store) {
  const contact = await store.findContactByEmail(userId, email);
  if (!contact) throw new ContactNotFoundError(`no contact with address ${email}`);
  if (changes.tier !== undefined && !(TIERS as readonly string[]).includes(changes.tier))
    throw new InvalidContactChangeError(`tier must be one of ${TIERS.join(', ')}, not "${changes.tier}"`);
  const updated: Contact = {
    ...contact,
    ...(changes.name?.trim() ? { name: changes.name.trim(), nameSetByUser: true } : {}),
    ...(changes.tier ? { tier: changes.tier as Tier } : {}),
    ...(changes.role?.trim() ? { role: changes.role.trim() } : {}),
    ...(changes.institution?.trim() ? { institution: changes.institution.trim() } : {}),
  };
  await store.putContact(userId, updated);
  return updated;
}

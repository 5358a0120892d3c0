// What the user changes about their contacts by hand: merging two addresses of one person,
// and setting a name, tier, role or institution (which mail never overwrites).

import type { Deps } from '../deps.ts';
import { InvalidInputError, NotFoundError } from '../domain/errors.ts';
import { stableId } from '../domain/ids.ts';
import { parseLetterStatus } from '../domain/letters.ts';
import {
  type Contact,
  LETTER_STATUSES,
  type Reminder,
  TIERS,
  type Tier,
  type User,
} from '../domain/model.ts';
import { redact } from '../domain/privacy.ts';
import { planStop } from '../domain/reminder-events.ts';
import { applyReminderPlan } from '../reminders/apply.ts';
import { startCadences } from '../reminders/keep-in-touch.ts';
import { moveLetter } from '../reminders/letter-ladder.ts';
import { plannerFor } from '../reminders/read.ts';
import type { Store } from '../store/index.ts';

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
  const keep = await store.contacts.findByEmail(userId, keepEmail);
  const other = await store.contacts.findByEmail(userId, otherEmail);
  if (!keep) throw new NotFoundError(`no contact with address ${keepEmail}`);
  if (!other) throw new NotFoundError(`no contact with address ${otherEmail}`);
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
  await store.contacts.put(userId, merged);
  for (const email of other.emails) await store.contacts.linkEmail(userId, email, keep.contactId);

  for (const entry of await store.interactions.timeline(userId, other.contactId)) {
    const contactIds = [
      ...new Set(entry.contactIds.map((id) => (id === other.contactId ? keep.contactId : id))),
    ];
    const interaction = (await store.interactions.get(userId, entry.interactionId)) ?? entry;
    await store.interactions.delete(userId, interaction);
    await store.interactions.put(userId, { ...interaction, contactIds });
  }
  for (const reminder of await store.reminders.ofContact(userId, other.contactId)) {
    await store.reminders.put(
      rehomed(reminder, other.contactId, { contactId: keep.contactId, email: merged.email }),
    );
  }
  await store.contacts.delete(userId, other.contactId);
  return (await store.contacts.get(userId, keep.contactId)) ?? merged;
}

/**
 * What an edit may change. Left out: unchanged. An empty string clears a field the user
 * typed (the web form sends every field); a name or an address is never cleared.
 */
export type ContactChanges = {
  name?: string;
  tier?: string;
  role?: string;
  institution?: string;
  specialty?: string;
  howMet?: string;
  visaNotes?: string;
  letterStatus?: string;
};

const TEXT_FIELDS = ['role', 'institution', 'specialty', 'howMet', 'visaNotes'] as const;
/** A field a contact may hold: 2,000 characters is a long note and a small item. */
const FIELD_LIMIT = 2_000;

export async function updateContact(userId: string, email: string, changes: ContactChanges, store: Store) {
  const contact = await store.contacts.findByEmail(userId, email);
  if (!contact) throw new NotFoundError(`no contact with address ${email}`);
  if (changes.tier && !(TIERS as readonly string[]).includes(changes.tier))
    throw new InvalidInputError(`tier must be one of ${TIERS.join(', ')}, not "${changes.tier}"`);
  const letterStatus = changes.letterStatus ? parseLetterStatus(changes.letterStatus) : undefined;
  if (changes.letterStatus && !letterStatus)
    throw new InvalidInputError(
      `letter status must be one of ${LETTER_STATUSES.join(', ')} (agreed is promised), not "${changes.letterStatus}"`,
    );
  for (const [field, value] of Object.entries(changes))
    if (typeof value === 'string' && value.length > FIELD_LIMIT)
      throw new InvalidInputError(`${field} is longer than ${FIELD_LIMIT} characters`);
  const text: Partial<Contact> = {};
  for (const field of TEXT_FIELDS) {
    const value = changes[field];
    if (value !== undefined) text[field] = value.trim() || null;
  }
  const updated: Contact = {
    ...contact,
    ...text,
    ...(changes.name?.trim() ? { name: changes.name.trim(), nameSetByUser: true } : {}),
    ...(changes.tier !== undefined ? { tier: (changes.tier || null) as Tier | null } : {}),
    ...(changes.letterStatus !== undefined ? { letterStatus: letterStatus ?? null } : {}),
  };
  await store.contacts.put(userId, updated);
  return updated;
}

/** `rounds contacts set`: the changes, and a tier set by hand starts the contact's cadence at once. */
export async function editContact(
  user: User,
  email: string,
  changes: ContactChanges,
  deps: Pick<Deps, 'store' | 'clock'>,
  /** When the letter is needed by, for a request form just sent (default: ERAS's review date). */
  neededBy?: string,
): Promise<Contact> {
  const before = changes.letterStatus
    ? (await deps.store.contacts.findByEmail(user.userId, email))?.letterStatus
    : undefined;
  const updated = await updateContact(user.userId, email, changes, deps.store);
  await startCadences(user, [updated], deps);
  if (changes.letterStatus) await moveLetter(user, updated, before, neededBy, deps);
  return updated;
}

/** A reminder about `fromId` made about `to` instead (a merge), wherever that person stood in it. */
function rehomed(reminder: Reminder, fromId: string, to: { contactId: string; email: string }): Reminder {
  if (reminder.contactId === fromId) {
    const others = (reminder.others ?? []).filter((o) => o.contactId !== to.contactId);
    return {
      ...reminder,
      contactId: to.contactId,
      contactEmail: to.email,
      ...(others.length ? { others } : { others: [] }),
    };
  }
  const others = (reminder.others ?? [])
    .map((o) => (o.contactId === fromId ? { ...o, contactId: to.contactId, email: to.email } : o))
    .filter(
      (o, i, all) =>
        o.contactId !== reminder.contactId && all.findIndex((x) => x.contactId === o.contactId) === i,
    );
  return { ...reminder, others };
}

/** A note the user writes on a contact's timeline; `requestId` keys it, so a double submit writes one. */
export async function addContactNote(
  user: User,
  contactId: string,
  text: string,
  requestId: string,
  deps: Pick<Deps, 'store' | 'clock'>,
): Promise<void> {
  const body = text.trim();
  if (!body) throw new InvalidInputError('the note is empty');
  if (body.length > FIELD_LIMIT)
    throw new InvalidInputError(`a note holds at most ${FIELD_LIMIT} characters`);
  const contact = await deps.store.contacts.get(user.userId, contactId);
  if (!contact) throw new NotFoundError('no such contact');
  await deps.store.interactions.put(user.userId, {
    interactionId: stableId(user.userId, 'note', contactId, requestId),
    kind: 'note',
    occurredAt: deps.clock.now().toISOString(),
    subject: 'Note',
    snippet: redact(body).slice(0, 500),
    contacts: [{ email: contact.email, ...(contact.name ? { name: contact.name } : {}) }],
    contactIds: [contactId],
  });
}

/** No more reminders about this person: open ones end, and nothing new is planned. */
export async function stopContact(user: User, contactId: string, deps: Deps): Promise<void> {
  const contact = await deps.store.contacts.get(user.userId, contactId);
  if (!contact) throw new NotFoundError('no such contact');
  await deps.store.contacts.setFields(user.userId, contactId, { status: 'stopped' });
  const planner = await plannerFor(user.userId, [contactId], deps);
  planStop(planner, contactId, 'app: stop');
  await applyReminderPlan(planner.plan(), deps);
}

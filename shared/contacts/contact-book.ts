// What the user changes about their contacts by hand: merging two addresses of one person,
// and setting a name, tier, role or institution (which mail never overwrites).

import type { Deps } from '../deps.ts';
import { InvalidInputError, NotFoundError } from '../domain/errors.ts';
import { stableId } from '../domain/ids.ts';
import { type Contact, emailSchema, TIERS, type Tier } from '../domain/model.ts';
import type { Store } from '../store/index.ts';
import { formatCsv, parseCsv } from './csv.ts';

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
    await store.reminders.put({ ...reminder, contactId: keep.contactId, contactEmail: merged.email });
  }
  await store.contacts.delete(userId, other.contactId);
  return (await store.contacts.get(userId, keep.contactId)) ?? merged;
}

export type ContactChanges = { name?: string; tier?: string; role?: string; institution?: string };

export async function updateContact(userId: string, email: string, changes: ContactChanges, store: Store) {
  const contact = await store.contacts.findByEmail(userId, email);
  if (!contact) throw new NotFoundError(`no contact with address ${email}`);
  if (changes.tier !== undefined && !(TIERS as readonly string[]).includes(changes.tier))
    throw new InvalidInputError(`tier must be one of ${TIERS.join(', ')}, not "${changes.tier}"`);
  const updated: Contact = {
    ...contact,
    ...(changes.name?.trim() ? { name: changes.name.trim(), nameSetByUser: true } : {}),
    ...(changes.tier ? { tier: changes.tier as Tier } : {}),
    ...(changes.role?.trim() ? { role: changes.role.trim() } : {}),
    ...(changes.institution?.trim() ? { institution: changes.institution.trim() } : {}),
  };
  await store.contacts.put(userId, updated);
  return updated;
}

export const CSV_COLUMNS = [
  'name',
  'email',
  'institution',
  'specialty',
  'role',
  'tier',
  'how_met',
  'last_contact',
  'notes',
] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

export type ImportReport = { imported: number; updated: number; skipped: { line: number; reason: string }[] };

const readTier = (value: string): Tier | undefined => {
  const tier = value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return (TIERS as readonly string[]).includes(tier) ? (tier as Tier) : undefined;
};

/**
 * Contacts from a spreadsheet. New people are created; known ones get the cells that are
 * filled in (an empty cell never erases what Rounds already had). Names from the user's
 * own sheet count as set by the user. A bad row is skipped with its line and reason.
 */
export async function importContacts(
  user: { userId: string },
  csvText: string,
  deps: Pick<Deps, 'store' | 'clock'>,
): Promise<ImportReport> {
  const rows = parseCsv(csvText);
  const report: ImportReport = { imported: 0, updated: 0, skipped: [] };
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  if (!header.includes('email')) {
    report.skipped.push({ line: 1, reason: `no "email" column; columns are ${CSV_COLUMNS.join(', ')}` });
    return report;
  }
  const nowIso = deps.clock.now().toISOString();
  for (const [index, row] of rows.slice(1).entries()) {
    const line = index + 2;
    const cell = (column: CsvColumn) => {
      const at = header.indexOf(column);
      return at >= 0 ? (row[at] ?? '').trim() : '';
    };
    const email = cell('email').toLowerCase();
    if (!emailSchema.safeParse(email).success) {
      report.skipped.push({ line, reason: email ? `not an email address: ${email}` : 'no email' });
      continue;
    }
    const tierText = cell('tier');
    const tier = tierText ? readTier(tierText) : undefined;
    if (tierText && !tier) {
      report.skipped.push({ line, reason: `tier must be one of ${TIERS.join(', ')}, not "${tierText}"` });
      continue;
    }
    const lastText = cell('last_contact');
    const last =
      lastText && Number.isFinite(Date.parse(lastText)) ? new Date(lastText).toISOString() : undefined;
    if (lastText && !last) {
      report.skipped.push({ line, reason: `last_contact is not a date: ${lastText}` });
      continue;
    }
    const existing = await deps.store.contacts.findByEmail(user.userId, email);
    const base: Contact = existing ?? {
      contactId: stableId(user.userId, 'contact', email),
      email,
      emails: [email],
      name: null,
      institution: null,
      role: null,
      tier: null,
      status: 'active',
      firstContactAt: last ?? nowIso,
      lastContactAt: null,
      createdAt: nowIso,
    };
    const filled = <K extends keyof Contact>(key: K, value: string) => (value ? { [key]: value } : {});
    const updated: Contact = {
      ...base,
      ...(cell('name') ? { name: cell('name'), nameSetByUser: true } : {}),
      ...filled('institution', cell('institution')),
      ...filled('specialty', cell('specialty')),
      ...filled('role', cell('role')),
      ...(tier ? { tier } : {}),
      ...filled('howMet', cell('how_met')),
      ...filled('notes', cell('notes')),
      ...(last && (!base.lastContactAt || last > base.lastContactAt) ? { lastContactAt: last } : {}),
    };
    if (existing) {
      await deps.store.contacts.put(user.userId, updated);
      report.updated++;
    } else {
      await deps.store.contacts.create(user.userId, updated);
      report.imported++;
    }
  }
  return report;
}

export function exportRows(contacts: Contact[]): Record<CsvColumn, string>[] {
  return [...contacts]
    .sort((a, b) => (a.name ?? a.email).localeCompare(b.name ?? b.email))
    .map((c) => ({
      name: c.name ?? '',
      email: c.email,
      institution: c.institution ?? '',
      specialty: c.specialty ?? '',
      role: c.role ?? '',
      tier: c.tier ?? '',
      how_met: c.howMet ?? '',
      last_contact: c.lastContactAt ?? '',
      notes: c.notes ?? '',
    }));
}

export const exportCsv = (contacts: Contact[]) =>
  formatCsv([[...CSV_COLUMNS], ...exportRows(contacts).map((r) => CSV_COLUMNS.map((column) => r[column]))]);

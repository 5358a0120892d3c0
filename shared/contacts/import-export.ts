// Contacts in and out of a spreadsheet (CONTRACT.md, `rounds import` / `rounds export`): an
// empty cell never erases what Rounds had, a bad row is skipped with its line and reason.
import type { Deps } from '../deps.ts';
import { type Contact, emailSchema, parseTier, TIERS, type User } from '../domain/model.ts';
import { startCadences } from '../reminders/keep-in-touch.ts';
import { formatCsv, parseCsv } from './csv.ts';
import { newContact } from './people.ts';

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

/**
 * Contacts from a spreadsheet. New people are created; known ones get the cells that are
 * filled in (an empty cell never erases what Rounds already had). Names from the user's
 * own sheet count as set by the user. A bad row is skipped with its line and reason.
 */
export async function importContacts(
  user: User,
  csvText: string,
  deps: Pick<Deps, 'store' | 'clock'>,
): Promise<ImportReport> {
  const rows = parseCsv(csvText);
  const report: ImportReport = { imported: 0, updated: 0, skipped: [] };
  const written: Contact[] = [];
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
    const tier = tierText ? parseTier(tierText) : undefined;
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
    const base: Contact =
      existing ?? newContact(user.userId, email, { firstContactAt: last ?? nowIso, createdAt: nowIso });
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
    written.push(updated);
  }
  // A tier and a last contact from the sheet start the keep-in-touch cadence now, not at the next email.
  await startCadences(user, written, deps);
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

// Contacts in and out (CONTRACT.md, `rounds import` / `rounds export`, the web app's Import):
// a file is read (sheet.ts), planned row by row without writing — new, update, unchanged or a
// problem, with the reason — and only then written. An empty cell never erases what Rounds
// had; a bad cell loses that cell, not the person; a row without a usable address is a
// problem with its line. Dates like 07/04/2026 are read in the order the file proves or the
// user chose, never guessed.
import type { Deps } from '../deps.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { type Contact, emailSchema, parseTier, TIERS, type User } from '../domain/model.ts';
import { isCaptureDomainAddress } from '../mail/address.ts';
import { startCadences } from '../reminders/keep-in-touch.ts';
import { formatCsv } from './csv.ts';
import { newContact, ownAddresses } from './people.ts';
import { readContactSheet, type SheetRow } from './sheet.ts';

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

/** Rows written per step of the web app's import (one short request each). */
export const IMPORT_STEP = 200;

/** How a file writes 07/04/2026: month first (US) or day first. */
export type DateOrder = 'mdy' | 'dmy';

export type RowPlan = {
  line: number;
  email?: string;
  name?: string;
  action: 'new' | 'update' | 'unchanged' | 'problem';
  /** Why a problem row is left out. */
  reason?: string;
  /** The fields an update changes. */
  changes?: string[];
  /** Cells left out of a row that is imported, each with why. */
  lost?: string[];
  /** What the row becomes (new and update only). */
  contact?: Contact;
};

export type ImportPlan = {
  format: 'csv' | 'linkedin' | 'vcard';
  rows: RowPlan[];
  /** Why nothing could be read. */
  problem?: string;
  /** The file has dates that read two ways and nothing in it says which: ask. */
  needsDateOrder?: { line: number; example: string };
  dateOrder?: DateOrder;
};

export type ImportReport = {
  imported: number;
  updated: number;
  skipped: { line: number; reason: string }[];
  unchanged?: number;
  warnings?: { line: number; reason: string }[];
};

const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/;

function dayOf(year: number, month: number, day: number): string | undefined {
  const at = new Date(Date.UTC(year, month - 1, day));
  return at.getUTCMonth() === month - 1 && at.getUTCDate() === day ? at.toISOString() : undefined;
}

/** A date cell as an instant; 'ambiguous' when it reads two ways and no order is known. */
export function readSheetDate(text: string, order: DateOrder | undefined): string | 'ambiguous' | undefined {
  const slashed = text.match(SLASHED);
  if (slashed) {
    const [a, b] = [Number(slashed[1]), Number(slashed[2])];
    const year = slashed[3]!.length === 2 ? 2000 + Number(slashed[3]) : Number(slashed[3]);
    const reading = a > 12 ? 'dmy' : b > 12 ? 'mdy' : a === b ? 'mdy' : order;
    if (!reading) return 'ambiguous';
    return reading === 'dmy' ? dayOf(year, b, a) : dayOf(year, a, b);
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(text) || /[a-z]{3}/i.test(text)) {
    const at = Date.parse(text);
    return Number.isFinite(at) ? new Date(at).toISOString() : undefined;
  }
  return undefined;
}

/** The order a file's own dates prove (a 13/04 or a 04/13 in it), if they agree. */
function provenOrder(rows: SheetRow[]): DateOrder | undefined {
  const seen = new Set<DateOrder>();
  for (const { cells } of rows) {
    const m = cells.lastContact?.match(SLASHED);
    if (m && Number(m[1]) > 12) seen.add('dmy');
    if (m && Number(m[2]) > 12) seen.add('mdy');
  }
  return seen.size === 1 ? [...seen][0] : undefined;
}

const FIELD_LABELS: Record<string, string> = {
  name: 'name',
  institution: 'institution',
  specialty: 'specialty',
  role: 'role',
  tier: 'tier',
  howMet: 'how met',
  notes: 'notes',
  lastContactAt: 'last contact',
};

/**
 * What importing a file would do, row by row, against the contacts the user has. Pure: the
 * preview shows it and the import writes exactly it.
 */
export function planImport(
  user: User,
  text: string,
  options: { dateOrder?: DateOrder | undefined; captureDomain: string; now: string },
  existing: Contact[],
): ImportPlan {
  const sheet = readContactSheet(text);
  if (sheet.problem) return { format: sheet.format, rows: [], problem: sheet.problem };
  const order = options.dateOrder ?? provenOrder(sheet.rows);
  const byEmail = new Map(existing.flatMap((c) => c.emails.map((e) => [e.toLowerCase(), c] as const)));
  const own = ownAddresses(user);
  const firstLine = new Map<string, number>();
  const plan: ImportPlan = { format: sheet.format, rows: [], ...(order ? { dateOrder: order } : {}) };
  for (const { line, cells, notes } of sheet.rows) {
    const email = (cells.email ?? '').toLowerCase();
    const name = cells.name;
    const problem = (reason: string) =>
      plan.rows.push({
        line,
        ...(email ? { email } : {}),
        ...(name ? { name } : {}),
        action: 'problem',
        reason,
      });
    if (!email) {
      problem(
        sheet.format === 'linkedin'
          ? 'no email (LinkedIn shares it only for people who allow it)'
          : 'no email',
      );
      continue;
    }
    if (!emailSchema.safeParse(email).success) {
      problem(`not an email address: ${email}`);
      continue;
    }
    if (own.has(email) || isCaptureDomainAddress(email, options.captureDomain)) {
      problem('that is your own address');
      continue;
    }
    const earlier = firstLine.get(email);
    if (earlier !== undefined) {
      problem(`the same address as line ${earlier}`);
      continue;
    }
    firstLine.set(email, line);

    const lost = [...(notes ?? [])];
    const tier = cells.tier ? parseTier(cells.tier) : undefined;
    if (cells.tier && !tier) lost.push(`tier "${cells.tier}" left out: it is one of ${TIERS.join(', ')}`);
    let last: string | undefined;
    if (cells.lastContact) {
      const read = readSheetDate(cells.lastContact, order);
      if (read === 'ambiguous') plan.needsDateOrder ??= { line, example: cells.lastContact };
      else if (!read || read > options.now)
        lost.push(`last contact "${cells.lastContact}" left out: not a date in the past`);
      else last = read;
    }

    const before = byEmail.get(email);
    const base =
      before ??
      newContact(user.userId, email, { firstContactAt: last ?? options.now, createdAt: options.now });
    const filled = <K extends keyof Contact>(key: K, value: string | undefined) =>
      value && value !== base[key] ? { [key]: value } : {};
    const changes: Partial<Contact> = {
      ...(name && name !== base.name ? { name, nameSetByUser: true } : {}),
      ...filled('institution', cells.institution),
      ...filled('specialty', cells.specialty),
      ...filled('role', cells.role),
      ...(tier && tier !== base.tier ? { tier } : {}),
      ...filled('howMet', cells.howMet),
      ...filled('notes', cells.notes),
      ...(last && (!base.lastContactAt || last > base.lastContactAt) ? { lastContactAt: last } : {}),
    };
    const changed = Object.keys(changes).flatMap((k) => (FIELD_LABELS[k] ? [FIELD_LABELS[k]] : []));
    plan.rows.push({
      line,
      email,
      ...((name ?? before?.name) ? { name: name ?? before?.name ?? '' } : {}),
      action: !before ? 'new' : changed.length > 0 ? 'update' : 'unchanged',
      ...(before && changed.length > 0 ? { changes: changed } : {}),
      ...(lost.length > 0 ? { lost } : {}),
      ...(!before || changed.length > 0 ? { contact: { ...base, ...changes } } : {}),
    });
  }
  return plan;
}

/**
 * Writes the plan's rows (from `from`, at most `limit` of them: the web app imports a long
 * file in steps it can show). Writing a row again writes the same contact, so a step that
 * is repeated, or an import run twice, changes nothing more.
 */
export async function applyImport(
  user: User,
  plan: ImportPlan,
  deps: Pick<Deps, 'store' | 'clock'>,
  range: { from?: number; limit?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<ImportReport> {
  const from = range.from ?? 0;
  const rows = plan.rows.slice(from, from + (range.limit ?? plan.rows.length));
  const report: ImportReport = { imported: 0, updated: 0, skipped: [] };
  const written: Contact[] = [];
  const warnings: { line: number; reason: string }[] = [];
  for (const row of rows) {
    if (row.action === 'problem') report.skipped.push({ line: row.line, reason: row.reason ?? 'problem' });
    else if (row.action === 'unchanged') report.unchanged = (report.unchanged ?? 0) + 1;
    else if (row.contact) {
      if (row.action === 'new') {
        await deps.store.contacts.create(user.userId, row.contact);
        report.imported++;
      } else {
        await deps.store.contacts.put(user.userId, row.contact);
        report.updated++;
      }
      written.push(row.contact);
    }
    for (const reason of row.lost ?? []) warnings.push({ line: row.line, reason });
    range.onProgress?.(written.length + report.skipped.length + (report.unchanged ?? 0), rows.length);
  }
  if (warnings.length > 0) report.warnings = warnings;
  // A tier and a last contact from the sheet start the keep-in-touch cadence now, not at the next email.
  await startCadences(user, written, deps);
  return report;
}

/** Plans against the user's contacts and writes it all: `rounds import` and tests. */
export async function importContacts(
  user: User,
  text: string,
  deps: Pick<Deps, 'store' | 'clock' | 'config'>,
  options: { dateOrder?: DateOrder | undefined; onProgress?: (done: number, total: number) => void } = {},
): Promise<ImportReport & { plan: ImportPlan }> {
  const plan = await previewImport(user, text, deps, options);
  if (plan.problem) return { imported: 0, updated: 0, skipped: [{ line: 1, reason: plan.problem }], plan };
  if (plan.needsDateOrder)
    throw new InvalidInputError(
      `dates like ${plan.needsDateOrder.example} (line ${plan.needsDateOrder.line}) read two ways: say which with --date-order mdy (month first) or dmy (day first)`,
    );
  const onProgress = options.onProgress;
  return { ...(await applyImport(user, plan, deps, onProgress ? { onProgress } : {})), plan };
}

export async function previewImport(
  user: User,
  text: string,
  deps: Pick<Deps, 'store' | 'clock' | 'config'>,
  options: { dateOrder?: DateOrder | undefined } = {},
): Promise<ImportPlan> {
  const existing = await deps.store.contacts.list(user.userId);
  return planImport(
    user,
    text,
    { ...options, captureDomain: deps.config.captureDomain, now: deps.clock.now().toISOString() },
    existing,
  );
}

/**
 * Everything of one user, losslessly: contacts with their timelines, reminders (closed ones
 * too), conferences, rotations and letters, zone and settings. The web app's download and
 * `rounds export --format backup`.
 */
export async function exportAccount(user: User, deps: Pick<Deps, 'store' | 'clock'>) {
  const [contacts, reminders, milestones] = await Promise.all([
    deps.store.contacts.list(user.userId),
    deps.store.reminders.list(user.userId),
    deps.store.milestones.list(user.userId),
  ]);
  const timelines = await Promise.all(
    contacts.map((c) => deps.store.interactions.timeline(user.userId, c.contactId)),
  );
  return {
    exportedAt: deps.clock.now().toISOString(),
    user: {
      email: user.email,
      aliases: user.aliases,
      timezone: user.timezone,
      settings: user.settings ?? {},
    },
    contacts: contacts.map((c, i) => ({ ...c, timeline: timelines[i] })),
    reminders,
    milestones,
  };
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

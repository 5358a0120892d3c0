// What people bring: a file of contacts in one of the shapes they have — Rounds' own CSV
// columns, another app's CSV (Google, Outlook: "E-mail Address", "Company", "Job Title"),
// LinkedIn's Connections.csv (a "Notes:" preamble above its header, emails mostly hidden), or
// vCards (Apple Contacts, Google, Outlook). Read without I/O into rows of named cells, each
// with the line it came from, so every problem can say where it is.
import { parseCsvRecords, restoreCell } from './csv.ts';

export type SheetField =
  | 'name'
  | 'email'
  | 'institution'
  | 'specialty'
  | 'role'
  | 'tier'
  | 'howMet'
  | 'lastContact'
  | 'notes';

export type SheetRow = {
  line: number;
  cells: Partial<Record<SheetField, string>>;
  /** Said about the row while reading it (a second address the row could not keep). */
  notes?: string[];
};

export type ContactSheet = {
  format: 'csv' | 'linkedin' | 'vcard';
  rows: SheetRow[];
  /** Why nothing could be read, when that is so. */
  problem?: string;
};

/** Header names people's files use, by the field they mean (lower case, spaces as written). */
const HEADER_ALIASES: Record<SheetField, string[]> = {
  name: ['name', 'full name', 'display name', 'contact name'],
  email: [
    'email',
    'e-mail',
    'email address',
    'e-mail address',
    'e-mail 1 - value',
    'email 1',
    'primary email',
  ],
  institution: [
    'institution',
    'company',
    'organization',
    'organisation',
    'organization 1 - name',
    'hospital',
    'program',
  ],
  specialty: ['specialty', 'speciality', 'department'],
  role: ['role', 'position', 'title', 'job title', 'organization 1 - title'],
  tier: ['tier', 'circle'],
  howMet: ['how met', 'how_met', 'met at', 'where met'],
  lastContact: ['last contact', 'last_contact', 'last contacted', 'connected on'],
  notes: ['notes', 'note', 'comments'],
};
const FIRST_NAME = ['first name', 'given name'];
const LAST_NAME = ['last name', 'family name', 'surname'];

const normalise = (header: string) => header.trim().toLowerCase().replace(/_/g, ' ').replace(/\s+/g, ' ');

export const EMAIL_HEADERS = HEADER_ALIASES.email;

export function readContactSheet(text: string): ContactSheet {
  const body = text.replace(/^\uFEFF/, '');
  if (/^\s*BEGIN:VCARD/i.test(body)) return { format: 'vcard', rows: readVCards(body) };
  return readCsvSheet(body);
}

function readCsvSheet(text: string): ContactSheet {
  const rows = parseCsvRecords(text);
  // The header is the first row naming an email column; LinkedIn writes a note above it.
  const headerAt = rows.findIndex((r) => r.cells.some((h) => EMAIL_HEADERS.includes(normalise(h))));
  if (headerAt < 0)
    return {
      format: 'csv',
      rows: [],
      problem: 'no "email" column: name one "email" (or "Email Address", "E-mail Address")',
    };
  const header = rows[headerAt]!.cells.map(normalise);
  const format = headerAt > 0 || header.includes('connected on') ? 'linkedin' : 'csv';
  const column = (names: string[]) => header.findIndex((h) => names.includes(h));
  const columns = Object.entries(HEADER_ALIASES).map(([field, names]) => [field, column(names)] as const);
  const first = column(FIRST_NAME);
  const last = column(LAST_NAME);
  return {
    format,
    rows: rows.slice(headerAt + 1).map(({ line, cells }) => {
      const read: SheetRow['cells'] = {};
      for (const [field, at] of columns) {
        const value = at >= 0 ? restoreCell((cells[at] ?? '').trim()) : '';
        if (value) read[field as SheetField] = value;
      }
      const joined = [first, last].map((at) => (at >= 0 ? (cells[at] ?? '').trim() : '')).filter(Boolean);
      if (!read.name && joined.length > 0) read.name = joined.join(' ');
      if (format === 'linkedin' && !read.howMet) read.howMet = 'LinkedIn';
      return { line, cells: read };
    }),
  };
}

/** vCard 2.1, 3.0 and 4.0 as contact apps export them: folded lines, groups, escapes, QP. */
function readVCards(text: string): SheetRow[] {
  const rows: SheetRow[] = [];
  const physical = text.split(/\r\n|\r|\n/);
  let card: { line: number; props: { name: string; params: string; value: string }[] } | undefined;
  let pending: { line: number; text: string } | undefined;
  const take = (logical: { line: number; text: string }) => {
    const colon = logical.text.indexOf(':');
    if (colon < 0) return;
    const [rawName = '', ...params] = logical.text.slice(0, colon).split(';');
    const name = rawName.replace(/^[^.]*\./, '').toUpperCase();
    const value = logical.text.slice(colon + 1);
    if (name === 'BEGIN' && /^vcard$/i.test(value.trim())) card = { line: logical.line, props: [] };
    else if (name === 'END' && card) {
      rows.push(vCardRow(card.line, card.props));
      card = undefined;
    } else card?.props.push({ name, params: params.join(';'), value });
  };
  physical.forEach((raw, i) => {
    // A folded line continues with a space or tab; vCard 2.1 quoted-printable with a soft "=".
    if (pending && /^[ \t]/.test(raw)) pending.text += raw.slice(1);
    else if (pending?.text.endsWith('=') && /QUOTED-PRINTABLE/i.test(pending.text.split(':')[0] ?? ''))
      pending.text = pending.text.slice(0, -1) + raw;
    else {
      if (pending) take(pending);
      pending = { line: i + 1, text: raw };
    }
  });
  if (pending) take(pending);
  return rows;
}

const unescapeVCard = (value: string) =>
  value.replace(/\\([nN,;\\])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c)).trim();

function decodeQuotedPrintable(value: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const hex = value.slice(i + 1, i + 3);
    if (value[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(value.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes).toString('utf8');
}

function vCardRow(line: number, props: { name: string; params: string; value: string }[]): SheetRow {
  const value = (name: string) => {
    const prop = props.find((p) => p.name === name);
    if (!prop) return undefined;
    const raw = /QUOTED-PRINTABLE/i.test(prop.params) ? decodeQuotedPrintable(prop.value) : prop.value;
    return raw;
  };
  const component = (raw: string | undefined, at: number) => unescapeVCard(raw?.split(/(?<!\\);/)[at] ?? '');
  const cells: SheetRow['cells'] = {};
  const fn = unescapeVCard(value('FN') ?? '');
  const n = value('N');
  const name = fn || [component(n, 3), component(n, 1), component(n, 0)].filter(Boolean).join(' ');
  if (name) cells.name = name;
  // The preferred address first (TYPE=pref or PREF=1), else the first one written.
  const emails = props.filter((p) => p.name === 'EMAIL' && p.value.trim());
  const preferred = emails.find((p) => /pref/i.test(p.params)) ?? emails[0];
  if (preferred) cells.email = preferred.value.trim();
  const org = component(value('ORG'), 0);
  if (org) cells.institution = org;
  const department = component(value('ORG'), 1);
  if (department) cells.specialty = department;
  const title = unescapeVCard(value('TITLE') ?? '') || unescapeVCard(value('ROLE') ?? '');
  if (title) cells.role = title;
  const note = unescapeVCard(value('NOTE') ?? '');
  if (note) cells.notes = note;
  const others = emails.filter((p) => p !== preferred).map((p) => p.value.trim());
  return {
    line,
    cells,
    ...(others.length > 0
      ? {
          notes: [`also has ${others.join(', ')}: merge it from the contact's page if it is the same person`],
        }
      : {}),
  };
}

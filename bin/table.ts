// What a command prints in a terminal: its JSON result as aligned columns a person can read
// on a laptop or a phone's SSH app. Piped or with --json, commands print the JSON instead.

type Value = unknown;

const MAX_CELL = 44;

/** A value as one short cell: lists joined, people by their address, instants to the minute. */
function cell(value: Value): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(cell).join(', ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const named = o.email ?? o.contact ?? o.id ?? o.name;
    if (named !== undefined) return cell(named);
    return Object.entries(o)
      .map(([k, v]) => `${k}=${cell(v)}`)
      .join(' ');
  }
  const text = String(value);
  const instant = text.match(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z$/);
  const shown = instant ? `${instant[1]} ${instant[2]}Z` : text.replace(/\s+/g, ' ');
  return shown.length > MAX_CELL ? `${shown.slice(0, MAX_CELL - 1)}…` : shown;
}

const isRecord = (v: Value): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Rows of records as columns, in the order their keys first appear. */
function columns(rows: Record<string, unknown>[]): string {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const grid = [keys, ...rows.map((r) => keys.map((k) => cell(r[k])))];
  const widths = keys.map((_, i) => Math.max(...grid.map((line) => line[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(keys), line(widths.map((w) => '─'.repeat(w))), ...grid.slice(1).map(line)].join('\n');
}

export function renderTable(value: Value): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '(none)';
    if (value.every(isRecord)) return columns(value);
    return value.map(cell).join('\n');
  }
  if (!isRecord(value)) return cell(value);
  // An object: its plain fields as "key  value", then each list of records as a table of its own.
  const plain = Object.entries(value).filter(
    ([, v]) => !(Array.isArray(v) && v.length > 0 && v.every(isRecord)),
  );
  const lists = Object.entries(value).filter(
    ([, v]) => Array.isArray(v) && v.length > 0 && v.every(isRecord),
  );
  const width = Math.max(0, ...plain.map(([k]) => k.length));
  const parts = [plain.map(([k, v]) => `${k.padEnd(width)}  ${cell(v)}`).join('\n')];
  for (const [k, v] of lists) parts.push(`${k}:\n${columns(v as Record<string, unknown>[])}`);
  return parts.filter(Boolean).join('\n\n');
}

// CSV as spreadsheets write it (RFC 4180): quoted fields, doubled quotes, newlines inside
// quotes, CRLF, a BOM from Excel. Pure, so the whole format is tested without files.

export function parseCsv(text: string): string[][] {
  return parseCsvRecords(text).map((r) => r.cells);
}

/** The rows with the line each starts on (a quoted cell may hold newlines), blank rows left out. */
export function parseCsvRecords(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const input = text.replace(/^\uFEFF/, '');
  const endRow = () => {
    row.push(field);
    if (row.some((cell) => cell.trim() !== '')) rows.push({ line: rowLine, cells: row });
    row = [];
    field = '';
  };
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    const newline = c === '\n' || (c === '\r' && input[i + 1] !== '\n');
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
      if (newline) line++;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else field += c;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/**
 * A cell that a spreadsheet would run as a formula is written as text (CSV injection): one
 * that starts like a formula, or has one after a ';' (spreadsheets in ';' locales split there).
 * The apostrophe is the spreadsheets' own "this is text" mark; `restoreCell` takes it off
 * again on import, so an export read back is the same cell. A cell that already began with
 * apostrophes before a formula character gains one more, so the two are exact inverses.
 */
const FORMULA_LIKE = /^'*[=+\-@\t\r]|;\s*[=+\-@]/;
const neutralise = (value: string) => (FORMULA_LIKE.test(value) ? `'${value}` : value);

/** The cell as it was before `formatCsv` marked it as text. */
export const restoreCell = (cell: string) =>
  cell.startsWith("'") && FORMULA_LIKE.test(cell.slice(1)) ? cell.slice(1) : cell;

export function formatCsv(rows: string[][]): string {
  return `${rows
    .map((row) =>
      row
        .map((cell) => {
          const value = neutralise(cell);
          return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
        })
        .join(','),
    )
    .join('\r\n')}\r\n`;
}

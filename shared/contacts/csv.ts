// CSV as spreadsheets write it (RFC 4180): quoted fields, doubled quotes, newlines inside
// quotes, CRLF, a BOM from Excel. Pure, so the whole format is tested without files.

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((cell) => cell.trim() !== ''));
}

/**
 * A cell that a spreadsheet would run as a formula is written as text (CSV injection): one
 * that starts like a formula, or has one after a ';' (spreadsheets in ';' locales split there).
 */
const neutralise = (value: string) => (/^[=+\-@\t\r]|;\s*[=+\-@]/.test(value) ? `'${value}` : value);

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

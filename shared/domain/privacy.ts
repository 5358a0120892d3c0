// Residents write about patients. A snippet keeps what the follow-through needs and never
// anything shaped like a record number, a date of birth or a phone number (DOMAIN.md, Privacy).

const REDACTIONS: [RegExp, string][] = [
  // Medical record numbers: "MRN 1234567", "MRN: 12-345-678", "record #12345678".
  [/\b(MRN|medical record(?: number| no\.?)?|record\s*#)\s*[:#]?\s*[\w-]*\d[\w-]*/gi, '[redacted MRN]'],
  // Dates of birth: "DOB 01/02/1990", "born 1990-01-02", "d.o.b.: 1.2.90".
  [/\b(DOB|D\.O\.B\.?|date of birth|born)\s*[:#]?\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/gi, '[redacted DOB]'],
  // Phone numbers: at least 10 digits with the usual separators, or +country forms.
  [/(\+\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b/g, '[redacted phone]'],
  // Long bare digit runs (7+) are most often identifiers.
  [/\b\d{7,}\b/g, '[redacted number]'],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REDACTIONS) out = out.replace(pattern, replacement);
  return out;
}

/** A short, redacted snippet of the newest part of a message. */
export function snippet(text: string, length = 160): string {
  const flat = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('>'))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  const cut = flat.length > length * 2 ? flat.slice(0, length * 2) : flat;
  const redacted = redact(cut);
  return redacted.length > length ? `${redacted.slice(0, length - 1)}…` : redacted;
}

// Residents write about patients. A snippet keeps what the follow-through needs and never
// anything shaped like a record number, a date of birth, an SSN or a phone number, in a snippet,
// a subject or a meeting title (DOMAIN.md, Privacy).

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?).?';
/** A date as digits (01/02/1990, 1990-01-02, 1.2.90) or in words (May 6, 1970; 6 May 1970). */
const DATE = `(?:\\d{1,4}[-/.]\\d{1,2}[-/.]\\d{1,4}|${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{2,4}|\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH},?\\s+\\d{2,4})`;

const REDACTIONS: [RegExp, string][] = [
  // Medical record numbers: "MRN 1234567", "MRN: 12-345-678", "MR# 1234567", "record #12345678".
  [
    /\b(MRN|MR\s*#|medical record(?: number| no\.?| #)?|record\s*#)\s*[:#-]?\s*[\w-]*\d[\w-]*/gi,
    '[redacted MRN]',
  ],
  // Dates of birth: "DOB 01/02/1990", "born on May 6, 1970", "Date of Birth - 6 May 1970", "d.o.b.: 1.2.90".
  [
    new RegExp(`\\b(DOB|D\\.O\\.B\\.?|date of birth|birth ?date|born(?: on)?)\\s*[:#-]?\\s*${DATE}`, 'gi'),
    '[redacted DOB]',
  ],
  // US social security numbers.
  [/\b\d{3}-\d{2}-\d{4}\b/g, '[redacted SSN]'],
  // Phone numbers: +country forms (+91 98765 43210, +44 20 7946 0958, +33 1 23 45 67 89)…
  [/\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,6}\b/g, '[redacted phone]'],
  // …and 10-digit ones with the usual separators.
  [/\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b/g, '[redacted phone]'],
  // Long bare digit runs (7+) are most often identifiers.
  [/\b\d{7,}\b/g, '[redacted number]'],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REDACTIONS) out = out.replace(pattern, replacement);
  return out;
}

/** A subject or a meeting title as Rounds keeps, emails and publishes it: redacted. */
export const redactTitle = <T extends string | undefined>(title: T): T =>
  (title ? redact(title) : title) as T;

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

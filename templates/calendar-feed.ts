// The calendar feed of upcoming follow-ups (RFC 5545), for the user's own calendar app.
import type { ReminderKind } from '#shared/domain/model';
import { reminderLabel } from '#shared/domain/reminder-kinds';

export type FeedEntry = {
  id: string;
  kind: ReminderKind;
  name: string;
  about?: string | undefined;
  dueAt: string;
};

/** RFC 5545 text: backslash, semicolon, comma and newline escaped. */
const escapeText = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** Lines longer than 75 octets are folded, as calendar clients require. */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + (parts.length === 0 ? 75 : 74), bytes.length);
    // Never cut a UTF-8 character in half.
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
  }
  return parts.join('\r\n ');
}

const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** Upcoming follow-ups as a calendar a user can subscribe to: a 15-minute slot at each due time. */
export function renderCalendarFeed(entries: FeedEntry[], generatedAt: string, domain: string): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Rounds//Follow-ups//EN',
    'X-WR-CALNAME:Rounds follow-ups',
  ];
  for (const e of entries) {
    const end = new Date(Date.parse(e.dueAt) + 15 * 60_000).toISOString();
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.id}@${domain}`,
      `DTSTAMP:${stamp(generatedAt)}`,
      `DTSTART:${stamp(e.dueAt)}`,
      `DTEND:${stamp(end)}`,
      `SUMMARY:${escapeText(reminderLabel(e.kind, e.name, e.about))}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

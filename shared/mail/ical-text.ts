// iCalendar text as clients really send it, made readable before it is parsed: several
// VCALENDARs in one part, a malformed line in the middle, a date written without VALUE=DATE,
// an event with no UID. Each repair is said, so the outcome can say what was guessed.
import { sha256Hex } from '../domain/ids.ts';

export type CalendarText = { text: string; repairs: string[] };

/** Unfolds RFC 5545 lines (a continuation starts with a space or a tab). */
const unfold = (ics: string) => ics.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);

const fold = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

// NAME;PARAM=value;PARAM="quoted, value":value — anything else is not a content line.
const CONTENT_LINE = /^[A-Za-z][A-Za-z0-9-]*(;[A-Za-z0-9-]+=("[^"]*"|[^";:,]*)(,("[^"]*"|[^";:,]*))*)*:/;

/** Each VCALENDAR of a text, repaired line by line. */
export function calendarTexts(ics: string): CalendarText[] {
  const lines = unfold(ics.replace(/^\uFEFF/, ''));
  const calendars: string[][] = [];
  let current: string[] | undefined;
  for (const line of lines) {
    if (/^BEGIN:VCALENDAR\s*$/i.test(line)) current = [];
    if (current) current.push(line);
    if (/^END:VCALENDAR\s*$/i.test(line) && current) {
      calendars.push(current);
      current = undefined;
    }
  }
  // A calendar cut off before its END still has events worth reading.
  if (current && current.length > 1) calendars.push([...current, 'END:VCALENDAR']);
  return calendars.map(repair);
}

function repair(lines: string[]): CalendarText {
  const repairs: string[] = [];
  const kept: string[] = [];
  let dropped = 0;
  let uidInEvent = false;
  let eventLines: string[] = [];
  for (const raw of lines) {
    // "DTSTART;;VALUE=…": an empty parameter is a slip, not a reason to lose the line.
    const line = raw
      .replace(/\s+$/, '')
      .replace(/^([A-Za-z][A-Za-z0-9-]*);+(?=[;:])/, '$1')
      .replace(/;{2,}/g, ';');
    if (line === '') continue;
    if (!CONTENT_LINE.test(line)) {
      dropped++;
      continue;
    }
    let fixed = line;
    // DTSTART:20261203 is a date; ical.js wants VALUE=DATE said.
    const bareDate = line.match(/^(DTSTART|DTEND|RECURRENCE-ID|EXDATE)((?:;[^:]*)?):(\d{8}(?:,\d{8})*)$/i);
    if (bareDate && !/VALUE=DATE/i.test(bareDate[2] ?? '')) {
      fixed = `${bareDate[1]}${bareDate[2] ?? ''};VALUE=DATE:${bareDate[3]}`;
      if (!repairs.includes('dates without VALUE=DATE read as all-day'))
        repairs.push('dates without VALUE=DATE read as all-day');
    }
    if (/^BEGIN:VEVENT$/i.test(fixed)) {
      uidInEvent = false;
      eventLines = [];
    }
    if (/^UID:/i.test(fixed)) uidInEvent = true;
    if (/^END:VEVENT$/i.test(fixed) && !uidInEvent) {
      // No UID (an Outlook Web export): one from what identifies the meeting, stable across copies.
      kept.push(
        `UID:generated-${sha256Hex(eventLines.filter((l) => /^(DTSTART|SUMMARY|ORGANIZER)/i.test(l)).join('|')).slice(0, 24)}`,
      );
      if (!repairs.includes('an event had no UID')) repairs.push('an event had no UID');
    }
    eventLines.push(fixed);
    kept.push(fixed);
  }
  if (dropped > 0) repairs.push(`${dropped} unreadable line${dropped === 1 ? '' : 's'} skipped`);
  return { text: fold(kept), repairs };
}

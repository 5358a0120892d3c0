// Calendar invitations (iCalendar, RFC 5545) as Google, Outlook, Zoom and Apple send them.
import ICAL from 'ical.js';
import { zonedToUtc } from '../domain/time.ts';
import { clip, type Person } from './parse.ts';

export type CalendarEvent = {
  method: string;
  uid: string;
  sequence: number;
  summary?: string;
  /** ISO-8601 UTC. */
  start: string;
  end: string;
  allDay: boolean;
  recurring: boolean;
  cancelled: boolean;
  organizer?: Person;
  /** People only: rooms and resources are left out. */
  attendees: Person[];
};

// Outlook names zones the Windows way; it usually sends a VTIMEZONE too, which wins.
const WINDOWS_ZONES: Record<string, string> = {
  'Eastern Standard Time': 'America/New_York',
  'Central Standard Time': 'America/Chicago',
  'Mountain Standard Time': 'America/Denver',
  'US Mountain Standard Time': 'America/Phoenix',
  'Pacific Standard Time': 'America/Los_Angeles',
  'Alaskan Standard Time': 'America/Anchorage',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Atlantic Standard Time': 'America/Halifax',
  'Canada Central Standard Time': 'America/Regina',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Romance Standard Time': 'Europe/Paris',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'GTB Standard Time': 'Europe/Bucharest',
  'Turkey Standard Time': 'Europe/Istanbul',
  'Egypt Standard Time': 'Africa/Cairo',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'W. Central Africa Standard Time': 'Africa/Lagos',
  'Arab Standard Time': 'Asia/Riyadh',
  'Arabian Standard Time': 'Asia/Dubai',
  'Jordan Standard Time': 'Asia/Amman',
  'Middle East Standard Time': 'Asia/Beirut',
  'Iran Standard Time': 'Asia/Tehran',
  'Pakistan Standard Time': 'Asia/Karachi',
  'India Standard Time': 'Asia/Kolkata',
  'Nepal Standard Time': 'Asia/Kathmandu',
  'Bangladesh Standard Time': 'Asia/Dhaka',
  'SE Asia Standard Time': 'Asia/Bangkok',
  'Singapore Standard Time': 'Asia/Singapore',
  'China Standard Time': 'Asia/Shanghai',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Korea Standard Time': 'Asia/Seoul',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'New Zealand Standard Time': 'Pacific/Auckland',
  UTC: 'UTC',
};

const ianaZone = (tzid: string): string | undefined => {
  const name = tzid.replace(/^\/+/, '').replace(/^"|"$/g, '');
  if (WINDOWS_ZONES[name]) return WINDOWS_ZONES[name];
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name;
  } catch {
    return undefined;
  }
};

const mailto = (value: unknown): string | undefined => {
  const text = String(value ?? '').trim();
  const address = text
    .replace(/^mailto:/i, '')
    .trim()
    .toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(address) && address.length <= 254 ? address : undefined;
};

function person(property: ICAL.Property | null): Person | undefined {
  if (!property) return undefined;
  const email = mailto(property.getFirstValue()) ?? mailto(property.getParameter('email'));
  if (!email) return undefined;
  const cn = property.getParameter('cn');
  const name = typeof cn === 'string' ? clip(cn.trim().replace(/^"|"$/g, ''), 200) : undefined;
  return name && name.toLowerCase() !== email ? { email, name } : { email };
}

type Instant = { iso: string; allDay: boolean };
type WallTime = { year: number; month: number; day: number; hour: number; minute: number; second: number };
/** How a DTSTART's wall time maps to UTC: its VTIMEZONE, an IANA or Windows name, UTC, or floating. */
type ZoneRule = { kind: 'utc' } | { kind: 'vtimezone'; zone: ICAL.Timezone } | { kind: 'iana'; name: string };

function zoneRule(
  property: ICAL.Property,
  time: ICAL.Time,
  zones: Map<string, ICAL.Timezone>,
  userTimezone: string,
): ZoneRule {
  const tzid = property.getParameter('tzid');
  if (typeof tzid !== 'string' || !tzid) {
    // "Z" is UTC; no zone at all is floating time, read in the user's zone.
    if (time.zone?.tzid === 'UTC' || String(property.toICALString()).trim().endsWith('Z'))
      return { kind: 'utc' };
    return { kind: 'iana', name: userTimezone };
  }
  const vtimezone = zones.get(tzid);
  if (vtimezone) return { kind: 'vtimezone', zone: vtimezone };
  return { kind: 'iana', name: ianaZone(tzid) ?? userTimezone };
}

function toUtc(wall: WallTime, rule: ZoneRule): Date | undefined {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  switch (rule.kind) {
    case 'utc':
      return new Date(asUtc);
    case 'vtimezone': {
      const probe = new ICAL.Time({ ...wall, isDate: false }, rule.zone);
      return new Date(asUtc - rule.zone.utcOffset(probe) * 1000);
    }
    case 'iana':
      // A time skipped by a spring-forward change is read an hour later, as calendars do.
      return zonedToUtc(wall, rule.name) ?? zonedToUtc({ ...wall, hour: wall.hour + 1 }, rule.name);
  }
}

const wallOf = (time: ICAL.Time): WallTime => ({
  year: time.year,
  month: time.month,
  day: time.day,
  hour: time.isDate ? 0 : time.hour,
  minute: time.isDate ? 0 : time.minute,
  second: time.isDate ? 0 : time.second,
});

/** A DTSTART/DTEND as a UTC instant, in whatever way the sender wrote its zone. */
function instant(
  property: ICAL.Property | null,
  zones: Map<string, ICAL.Timezone>,
  userTimezone: string,
): (Instant & { time: ICAL.Time; rule: ZoneRule }) | undefined {
  if (!property) return undefined;
  const time = property.getFirstValue() as ICAL.Time | null;
  if (!time || typeof time !== 'object' || !('year' in time)) return undefined;
  // All-day events happen on the user's calendar day.
  const rule: ZoneRule = time.isDate
    ? { kind: 'iana', name: userTimezone }
    : zoneRule(property, time, zones, userTimezone);
  const at = toUtc(wallOf(time), rule);
  return at ? { iso: at.toISOString(), allDay: Boolean(time.isDate), time, rule } : undefined;
}

/**
 * For a recurring series: the first occurrence that has not ended by `now` (or the last one,
 * if the series is over). A series is one relationship, so it gets one occurrence's reminders.
 */
function currentOccurrence(
  vevent: ICAL.Component,
  start: ICAL.Time,
  rule: ZoneRule,
  lengthMs: number,
  now: Date,
) {
  const recur = vevent.getFirstPropertyValue('rrule') as ICAL.Recur | null;
  if (!recur || typeof recur.iterator !== 'function') return undefined;
  const iterator = recur.iterator(start);
  let last: Date | undefined;
  for (let i = 0; i < 2000; i++) {
    const next = iterator.next();
    if (!next) break;
    const at = toUtc(wallOf(next), rule);
    if (!at) continue;
    last = at;
    if (at.getTime() + lengthMs >= now.getTime()) return at;
  }
  return last;
}

/** Every VEVENT of an iCalendar text; unreadable input gives none, never an exception. */
export function parseCalendar(ics: string, userTimezone: string, now: Date): CalendarEvent[] {
  try {
    return readEvents(new ICAL.Component(ICAL.parse(ics)), userTimezone, now);
  } catch {
    return [];
  }
}

function readEvents(root: ICAL.Component, userTimezone: string, now: Date): CalendarEvent[] {
  const method = String(root.getFirstPropertyValue('method') ?? 'PUBLISH').toUpperCase();
  const zones = new Map<string, ICAL.Timezone>();
  for (const vtimezone of root.getAllSubcomponents('vtimezone')) {
    try {
      const zone = new ICAL.Timezone(vtimezone);
      if (zone.tzid) zones.set(zone.tzid, zone);
    } catch {
      // A broken VTIMEZONE falls back to the zone's name below.
    }
  }
  const events: CalendarEvent[] = [];
  const masters = root.getAllSubcomponents('vevent').filter((vevent) => !vevent.hasProperty('recurrence-id'));
  for (const vevent of masters) {
    try {
      const uid = String(vevent.getFirstPropertyValue('uid') ?? '').trim();
      const start = instant(vevent.getFirstProperty('dtstart'), zones, userTimezone);
      if (!uid || !start) continue;
      const explicitEnd = instant(vevent.getFirstProperty('dtend'), zones, userTimezone);
      const duration = vevent.getFirstPropertyValue('duration') as ICAL.Duration | null;
      const lengthMs = explicitEnd
        ? Math.max(0, Date.parse(explicitEnd.iso) - Date.parse(start.iso))
        : duration
          ? duration.toSeconds() * 1000
          : start.allDay
            ? 86_400_000
            : 3_600_000;
      const recurring = vevent.hasProperty('rrule');
      const occurrence = recurring
        ? currentOccurrence(vevent, start.time, start.rule, lengthMs, now)
        : undefined;
      const startIso = occurrence?.toISOString() ?? start.iso;
      const end = new Date(Date.parse(startIso) + lengthMs).toISOString();
      const organizer = person(vevent.getFirstProperty('organizer'));
      const attendees = vevent
        .getAllProperties('attendee')
        .filter((p) => {
          const cutype = String(p.getParameter('cutype') ?? 'INDIVIDUAL').toUpperCase();
          return cutype === 'INDIVIDUAL' || cutype === 'UNKNOWN';
        })
        .map(person)
        .filter((p): p is Person => p !== undefined);
      const summary = vevent.getFirstPropertyValue('summary');
      const status = String(vevent.getFirstPropertyValue('status') ?? '').toUpperCase();
      events.push({
        method,
        uid,
        sequence: Number(vevent.getFirstPropertyValue('sequence') ?? 0) || 0,
        ...(summary ? { summary: clip(String(summary).trim(), 300) } : {}),
        start: startIso,
        end,
        allDay: start.allDay,
        recurring,
        cancelled: method === 'CANCEL' || status === 'CANCELLED',
        ...(organizer ? { organizer } : {}),
        attendees,
      });
    } catch {
      // One unreadable event does not hide the others.
    }
  }
  return events;
}

// Calendar invitations (iCalendar, RFC 5545) as Google, Outlook, Zoom and Apple send them.
import ICAL from 'ical.js';
import { zonedToUtc } from '../time.ts';
import type { Person } from './parse.ts';

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
  return address.includes('@') ? address : undefined;
};

function person(property: ICAL.Property | null): Person | undefined {
  if (!property) return undefined;
  const email = mailto(property.getFirstValue()) ?? mailto(property.getParameter('email'));
  if (!email) return undefined;
  const cn = property.getParameter('cn');
  const name = typeof cn === 'string' ? cn.trim().replace(/^"|"$/g, '') : undefined;
  return name && name.toLowerCase() !== email ? { email, name } : { email };
}

type Instant = { iso: string; allDay: boolean };

/** A DTSTART/DTEND as a UTC instant, in whatever way the sender wrote its zone. */
function instant(
  property: ICAL.Property | null,
  zones: Map<string, ICAL.Timezone>,
  userTimezone: string,
): Instant | undefined {
  if (!property) return undefined;
  const time = property.getFirstValue() as ICAL.Time | null;
  if (!time || typeof time !== 'object' || !('year' in time)) return undefined;
  const local = { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute };
  if (time.isDate) {
    const at = zonedToUtc({ ...local, hour: 0, minute: 0 }, userTimezone);
    return at ? { iso: at.toISOString(), allDay: true } : undefined;
  }
  const asUtc = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
  const tzid = property.getParameter('tzid');
  if (typeof tzid !== 'string' || !tzid) {
    // "Z" is UTC; no zone at all is floating time, read in the user's zone.
    if (time.zone?.tzid === 'UTC' || String(property.toICALString()).trim().endsWith('Z'))
      return { iso: new Date(asUtc).toISOString(), allDay: false };
    const at = zonedToUtc(local, userTimezone);
    return at ? { iso: at.toISOString(), allDay: false } : undefined;
  }
  const vtimezone = zones.get(tzid);
  if (vtimezone) {
    const probe = new ICAL.Time({ ...local, second: time.second, isDate: false }, vtimezone);
    return { iso: new Date(asUtc - vtimezone.utcOffset(probe) * 1000).toISOString(), allDay: false };
  }
  const zone = ianaZone(tzid) ?? userTimezone;
  const at = zonedToUtc(local, zone) ?? zonedToUtc({ ...local, hour: local.hour + 1 }, zone);
  return at ? { iso: at.toISOString(), allDay: false } : undefined;
}

/** Every VEVENT of an iCalendar text; unreadable input gives none, never an exception. */
export function parseCalendar(ics: string, userTimezone: string): CalendarEvent[] {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(ics));
  } catch {
    return [];
  }
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
      const end =
        explicitEnd?.iso ??
        new Date(
          Date.parse(start.iso) +
            (duration ? duration.toSeconds() * 1000 : start.allDay ? 86_400_000 : 3_600_000),
        ).toISOString();
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
        ...(summary ? { summary: String(summary).trim() } : {}),
        start: start.iso,
        end,
        allDay: start.allDay,
        recurring: vevent.hasProperty('rrule') || vevent.hasProperty('rdate'),
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

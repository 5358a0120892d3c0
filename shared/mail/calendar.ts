// Calendar invitations (iCalendar, RFC 5545) as Google, Outlook, Zoom and Apple send them:
// each event at its real time, a series as its current occurrence, and what could not be read said.
import ICAL from 'ical.js';
import { zonedToUtc } from '../domain/time.ts';
import { calendarTexts } from './ical-text.ts';
import { clip, type Person } from './parse.ts';
import { ianaZone } from './time-zones.ts';

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
  /** An update of one occurrence of a series (RECURRENCE-ID): the occurrence's original start. */
  occurrenceOf?: string;
  /** When the organizer's calendar wrote this invitation (DTSTAMP, UTC): when they reached out. */
  sentAt?: string;
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
  // A zone the tz database knows wins over the VTIMEZONE sent with it: a VTIMEZONE often
  // covers only the years around the invitation (and a series can run for a decade).
  const known = ianaZone(tzid);
  if (known) return { kind: 'iana', name: known };
  const vtimezone = zones.get(tzid);
  if (vtimezone) return { kind: 'vtimezone', zone: vtimezone };
  return { kind: 'iana', name: userTimezone };
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

/** Series longer than this are first moved close to now (a daily stand-up since 2016). */
const MAX_STEPS = 2000;

/**
 * A series' start moved forward by whole periods to shortly before now, for the simple
 * rules standing meetings use (DAILY, WEEKLY), with COUNT reduced to match; otherwise the start.
 */
function nearNow(recur: ICAL.Recur, start: ICAL.Time, now: Date): { recur: ICAL.Recur; start: ICAL.Time } {
  const freq = String(recur.freq ?? '').toUpperCase();
  if (freq !== 'DAILY' && freq !== 'WEEKLY') return { recur, start };
  const days = (freq === 'DAILY' ? 1 : 7) * Math.max(1, Number(recur.interval) || 1);
  const startMs = Date.UTC(start.year, start.month - 1, start.day);
  // Two periods short of now, so the occurrence around now is still iterated.
  const periods = Math.floor((now.getTime() - startMs) / (days * 86_400_000)) - 2;
  if (periods <= 0) return { recur, start };
  const perPeriod = freq === 'WEEKLY' ? Math.max(1, recur.parts?.BYDAY?.length ?? 1) : 1;
  const moved = recur.clone();
  if (recur.count) {
    const left = recur.count - periods * perPeriod;
    if (left <= 0) return { recur, start };
    moved.count = left;
  }
  const later = start.clone();
  later.adjust(periods * days, 0, 0, 0);
  return { recur: moved, start: later };
}

/**
 * For a recurring series: the first occurrence that has not ended by `now` (or the last one,
 * if the series is over), leaving out the cancelled ones (EXDATE). A series is one
 * relationship, so it gets one occurrence's reminders.
 */
function currentOccurrence(
  vevent: ICAL.Component,
  start: ICAL.Time,
  rule: ZoneRule,
  lengthMs: number,
  now: Date,
  excluded: Set<number>,
) {
  const series = vevent.getFirstPropertyValue('rrule') as ICAL.Recur | null;
  if (!series || typeof series.iterator !== 'function') return undefined;
  const { recur, start: from } = nearNow(series, start, now);
  const iterator = recur.iterator(from);
  let last: Date | undefined;
  for (let i = 0; i < MAX_STEPS; i++) {
    const next = iterator.next();
    if (!next) break;
    const at = toUtc(wallOf(next), rule);
    if (!at || excluded.has(at.getTime())) continue;
    last = at;
    if (at.getTime() + lengthMs >= now.getTime()) return at;
  }
  return last;
}

/** The instants a series leaves out (EXDATE, in whatever zone each is written). */
function exclusions(vevent: ICAL.Component, zones: Map<string, ICAL.Timezone>, userTimezone: string) {
  const out = new Set<number>();
  for (const property of vevent.getAllProperties('exdate')) {
    for (const value of property.getValues() as ICAL.Time[]) {
      if (!value || typeof value !== 'object' || !('year' in value)) continue;
      const rule: ZoneRule = value.isDate
        ? { kind: 'iana', name: userTimezone }
        : zoneRule(property, value, zones, userTimezone);
      const at = toUtc(wallOf(value), rule);
      if (at) out.add(at.getTime());
    }
  }
  return out;
}

export type CalendarReading = {
  events: CalendarEvent[];
  /** What was repaired or could not be read, in words for the outcome's warnings. */
  problems: string[];
};

/** Every event of an iCalendar text, read as tolerantly as real invitations need; never throws. */
export function readCalendar(ics: string, userTimezone: string, now: Date): CalendarReading {
  const reading: CalendarReading = { events: [], problems: [] };
  const texts = calendarTexts(ics);
  if (texts.length === 0) reading.problems.push('a calendar part has no VCALENDAR in it');
  for (const { text, repairs } of texts) {
    reading.problems.push(...repairs);
    let root: ICAL.Component;
    try {
      root = new ICAL.Component(ICAL.parse(text));
    } catch (error) {
      reading.problems.push(`a calendar could not be read (${(error as Error).message.slice(0, 80)})`);
      continue;
    }
    try {
      const { events, problems } = readEvents(root, userTimezone, now);
      reading.events.push(...events);
      reading.problems.push(...problems);
    } catch (error) {
      reading.problems.push(`a calendar could not be read (${(error as Error).message.slice(0, 80)})`);
    }
  }
  return reading;
}

/** Every event of an iCalendar text; unreadable input gives none, never an exception. */
export function parseCalendar(ics: string, userTimezone: string, now: Date): CalendarEvent[] {
  return readCalendar(ics, userTimezone, now).events;
}

function readEvents(root: ICAL.Component, userTimezone: string, now: Date): CalendarReading {
  const method = String(root.getFirstPropertyValue('method') ?? 'PUBLISH').toUpperCase();
  const zones = new Map<string, ICAL.Timezone>();
  for (const vtimezone of root.getAllSubcomponents('vtimezone')) {
    try {
      const zone = new ICAL.Timezone(vtimezone);
      if (zone.tzid) zones.set(zone.tzid, zone);
    } catch {
      // A broken VTIMEZONE falls back to the zone's name.
    }
  }
  const reading: CalendarReading = { events: [], problems: [] };
  const vevents = root.getAllSubcomponents('vevent');
  const uidOf = (v: ICAL.Component) => String(v.getFirstPropertyValue('uid') ?? '').trim();
  const masters = new Set(vevents.filter((v) => !v.hasProperty('recurrence-id')).map(uidOf));
  for (const vevent of vevents) {
    // A changed occurrence beside its series is read with the series; alone, it is the update.
    if (vevent.hasProperty('recurrence-id') && masters.has(uidOf(vevent))) continue;
    try {
      const changed = vevents.filter(
        (v) => v !== vevent && v.hasProperty('recurrence-id') && uidOf(v) === uidOf(vevent),
      );
      const event = readEvent(vevent, method, zones, userTimezone, now, changed);
      if (event) reading.events.push(event);
      else reading.problems.push('an event without a start was skipped');
    } catch (error) {
      reading.problems.push(`an event could not be read (${(error as Error).message.slice(0, 80)})`);
    }
  }
  return reading;
}

function readEvent(
  vevent: ICAL.Component,
  method: string,
  zones: Map<string, ICAL.Timezone>,
  userTimezone: string,
  now: Date,
  /** Occurrences of this series changed in the same file (RECURRENCE-ID): moved, or cancelled. */
  changed: ICAL.Component[] = [],
): CalendarEvent | undefined {
  const uid = String(vevent.getFirstPropertyValue('uid') ?? '').trim();
  const start = instant(vevent.getFirstProperty('dtstart'), zones, userTimezone);
  if (!uid || !start) return undefined;
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
  const excluded = exclusions(vevent, zones, userTimezone);
  const moved = new Map<number, { start: string; end: string }>();
  for (const exception of changed) {
    const original = instant(exception.getFirstProperty('recurrence-id'), zones, userTimezone);
    if (!original) continue;
    const at = Date.parse(original.iso);
    if (String(exception.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') {
      excluded.add(at);
      continue;
    }
    const movedStart = instant(exception.getFirstProperty('dtstart'), zones, userTimezone)?.iso;
    if (!movedStart) continue;
    const movedEnd =
      instant(exception.getFirstProperty('dtend'), zones, userTimezone)?.iso ??
      new Date(Date.parse(movedStart) + lengthMs).toISOString();
    moved.set(at, { start: movedStart, end: movedEnd });
  }
  const occurrence = recurring
    ? currentOccurrence(vevent, start.time, start.rule, lengthMs, now, excluded)
    : undefined;
  const instead = occurrence ? moved.get(occurrence.getTime()) : undefined;
  const startIso = instead?.start ?? occurrence?.toISOString() ?? start.iso;
  const end = instead?.end ?? new Date(Date.parse(startIso) + lengthMs).toISOString();
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
  const occurrenceOf = instant(vevent.getFirstProperty('recurrence-id'), zones, userTimezone)?.iso;
  const sentAt = instant(vevent.getFirstProperty('dtstamp'), zones, userTimezone)?.iso;
  return {
    method,
    uid,
    sequence: Number(vevent.getFirstPropertyValue('sequence') ?? 0) || 0,
    ...(summary ? { summary: clip(String(summary).trim(), 300) } : {}),
    start: startIso,
    end,
    allDay: start.allDay,
    recurring,
    cancelled: method === 'CANCEL' || status === 'CANCELLED',
    ...(occurrenceOf ? { occurrenceOf } : {}),
    ...(sentAt ? { sentAt } : {}),
    ...(organizer ? { organizer } : {}),
    attendees,
  };
}

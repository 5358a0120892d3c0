// Mail from a residency program, read for what it means to the season: an interview
// invitation (with the time to answer by), a place on the waitlist, an interview scheduled, or
// no interview this year. Programs write these three ways — through Thalamus
// (noreply@thalamusgme.com, the program named in the subject and body), as a message relayed by
// ERAS, or in the coordinator's own mail — so the reading is of the words, not of a template.
import * as chrono from 'chrono-node/en';
import { type LocalTime, zonedToUtc } from '../domain/time.ts';
import type { Person } from './parse.ts';

export type ProgramMailKind = 'invitation' | 'waitlist' | 'scheduled' | 'declined';

export type ProgramMail = {
  kind: ProgramMailKind;
  via: 'thalamus' | 'eras' | 'interview-broker' | 'program';
  /** "Internal Medicine Residency Program", when the mail names it. */
  programName?: string;
  /** "Riverside University Health", when the mail says where. */
  institution?: string;
  /** The program's own person to write to: the human sender, or the coordinator the mail names. */
  contact?: Person;
  /** When the invitation must be answered by (UTC). */
  respondBy?: string;
  /** True when the mail gave no time and respondBy is the Match's 48-hour floor. */
  respondByAssumed?: boolean;
  /** The zone the program wrote its times in (IANA), when it said. */
  programZone?: string;
  /** The interview's start, for a scheduled interview (UTC). */
  interviewAt?: string;
};

/** Platforms that send for programs: their address is nobody to write to. */
const PLATFORMS: [RegExp, ProgramMail['via']][] = [
  [/@(\w+\.)*thalamusgme\.com$/i, 'thalamus'],
  [/@(\w+\.)*aamc\.org$/i, 'eras'],
  [/@(\w+\.)*interviewbroker\.com$/i, 'interview-broker'],
];

const NO_REPLY = /^(no-?reply|do-?not-?reply|notifications?|mailer)@/i;

// The order matters: "we regret we cannot offer you an interview invitation" is no invitation,
// and "you are on the waitlist for an interview" is not one yet.
const DECLINED =
  /\b(regret(fully)?\b.{0,80}\b(unable|not able|cannot|can ?not)\b.{0,40}\b(offer|extend)|unable to (offer|extend) you an interview|not (be )?(able to )?(offer|extend)(ing)? you an interview|will not be (offering|extending) you an interview|no longer (able to )?offer)/i;
const WAITLIST = /\bwait[- ]?list(ed)?\b/i;
const SCHEDULED =
  /\b(interview (is |has been )?(confirmed|scheduled)|you (are|have been) (scheduled|registered|signed up) for|(confirm(ation|ing)?|successfully) (of )?(your )?(interview|scheduled|signed up)|interview confirmation|scheduled for an interview)\b/i;
const INVITATION =
  /\b(invit(e|es|ed|ing|ation)\b.{0,60}\binterview|interview invit(e|ation)|offer(ing)? you an interview|pleased to (offer|extend) (you )?an interview)/i;

/** How programs name their zone in a deadline; "CST" written in summer still means Central time. */
const ZONE_WORDS: [RegExp, string][] = [
  [/\b(E[SD]?T|Eastern( (Standard|Daylight))?( Time)?)\b/, 'America/New_York'],
  [/\b(C[SD]?T|Central( (Standard|Daylight))?( Time)?)\b/, 'America/Chicago'],
  [/\b(M[SD]?T|Mountain( (Standard|Daylight))?( Time)?)\b/, 'America/Denver'],
  [/\b(P[SD]?T|Pacific( (Standard|Daylight))?( Time)?)\b/, 'America/Los_Angeles'],
  [/\b(AK[SD]T|Alaska( Time)?)\b/, 'America/Anchorage'],
  [/\b(HST|Hawaii( Time)?)\b/, 'Pacific/Honolulu'],
];

const programZoneIn = (text: string): string | undefined =>
  ZONE_WORDS.find(([words]) => words.test(text))?.[1];

const WORD_HOURS: Record<string, number> = {
  'twenty-four': 24,
  'twenty four': 24,
  'forty-eight': 48,
  'forty eight': 48,
  'seventy-two': 72,
  'seventy two': 72,
};

/** The Match's floor: programs must give applicants at least 48 hours to accept an interview. */
export const MATCH_RESPONSE_HOURS = 48;

const HOURS = 3_600_000;

/** A date and time written in the mail, read in the program's zone if it named one, else the user's. */
function readTime(phrase: string, reference: Date, zone: string): string | undefined {
  const parsed = chrono.parse(phrase, reference, { forwardDate: true })[0];
  if (!parsed?.start.isCertain('day')) return undefined;
  const { start } = parsed;
  const local: LocalTime = {
    year: start.get('year')!,
    month: start.get('month')!,
    day: start.get('day')!,
    // A day with no time is the end of that day: "reply by October 16" allows all of it.
    hour: start.isCertain('hour') ? start.get('hour')! : 23,
    minute: start.isCertain('hour') ? (start.get('minute') ?? 0) : 59,
  };
  return zonedToUtc(local, zone)?.toISOString();
}

/** The time to answer by, from "within 48 hours" or "please schedule by Friday, October 16 at 5 PM CT". */
function respondByIn(text: string, sentAt: Date, zone: string): { at: string; zone?: string } | undefined {
  const within = text.match(
    /\bwithin\s+(\d{1,3}|twenty[- ]four|forty[- ]eight|seventy[- ]two)\s*(business\s+)?(hours|hrs|days)\b/i,
  );
  const deadline = text.match(
    /\b(respond|reply|response|schedule|scheduling|confirm|accept|sign up|select|let us know)\w*\b[^.\n]{0,80}?\b(by|before|no later than|until)\s+([^.\n]{4,80})/i,
  );
  if (deadline) {
    const phrase = deadline[3]!;
    const named = programZoneIn(phrase);
    const at = readTime(phrase, sentAt, named ?? zone);
    if (at && Date.parse(at) > sentAt.getTime()) return { at, ...(named ? { zone: named } : {}) };
  }
  if (within) {
    const n = WORD_HOURS[within[1]!.toLowerCase()] ?? Number(within[1]);
    const hours = /day/i.test(within[3]!) ? n * 24 : n;
    if (hours > 0 && hours <= 24 * 14)
      return { at: new Date(sentAt.getTime() + hours * HOURS).toISOString() };
  }
  return undefined;
}

/** When a scheduled interview starts: the first date with a time after the words that schedule it. */
function interviewAtIn(text: string, sentAt: Date, zone: string): { at: string; zone?: string } | undefined {
  const from = text.search(SCHEDULED);
  const window = text.slice(Math.max(0, from), Math.max(0, from) + 400);
  for (const parsed of chrono.parse(window, sentAt, { forwardDate: true })) {
    if (!parsed.start.isCertain('day')) continue;
    const named = programZoneIn(parsed.text) ?? programZoneIn(window.slice(parsed.index, parsed.index + 60));
    const at = readTime(parsed.text, sentAt, named ?? zone);
    if (at && Date.parse(at) > sentAt.getTime()) return { at, ...(named ? { zone: named } : {}) };
  }
  return undefined;
}

// A program as mail names it: capitalised words ending in Residency (Program) or Fellowship.
const PROGRAM_WORDS = "(?:[A-Z][\\w&'’.-]*\\s+(?:and\\s+|of\\s+|&\\s+)?){0,6}";
const PROGRAM_NAME = new RegExp(`\\b(${PROGRAM_WORDS}(?:Residency|Fellowship)(?:\\s+Program)?)\\b`);
const INSTITUTION =
  /^\s*(?:Interview\s+)?(?:Invitation|Invite|Scheduled|Confirmation|Waitlist)?\s*(?:at|of|,|[-–—|:])\s*(?:the\s+)?((?:[A-Z][\w&'’.-]*\s*){1,7})/;

/** The program and where it is, from the subject first (it names both most plainly), then the body. */
function programIn(subject: string, text: string): { programName?: string; institution?: string } {
  for (const source of [subject, text]) {
    const match = PROGRAM_NAME.exec(source);
    if (!match) continue;
    const programName = match[1]!
      .replace(/^(Interview\s+Invitation|Invitation|Interview|Re|Fwd?)\s+/i, '')
      .replace(/^(the|our|your)\s+/i, '')
      .trim();
    if (!/\s/.test(programName)) continue; // "Residency" alone names nothing
    const after = source.slice(match.index + match[0].length);
    const institution = INSTITUTION.exec(after)?.[1]
      ?.replace(/\s+(Interview|Invitation|Program|Residency|Thank|Dear|We|Please)\b.*$/s, '')
      .trim();
    return { programName, ...(institution && institution.length > 2 ? { institution } : {}) };
  }
  return {};
}

const ADDRESS = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

/** The person to write to: the sender when a person, else an address the mail gives for questions. */
function contactIn(from: Person, text: string, exclude: ReadonlySet<string>): Person | undefined {
  const platform = PLATFORMS.some(([domain]) => domain.test(from.email)) || NO_REPLY.test(from.email);
  if (!platform) return from;
  const found = [...text.matchAll(ADDRESS)].find((m) => {
    const email = m[0].toLowerCase().replace(/\.$/, '');
    return !exclude.has(email) && !NO_REPLY.test(email) && !PLATFORMS.some(([domain]) => domain.test(email));
  });
  if (!found) return undefined;
  const email = found[0].toLowerCase().replace(/\.$/, '');
  // "our program coordinator, Jane Doe, at jdoe@…": the name just before the address.
  const before = text.slice(Math.max(0, found.index - 60), found.index);
  const name = before.match(
    /\b([A-Z][\w'’-]+(?: [A-Z]\.)?(?: [A-Z][\w'’-]+){1,2}),?\s+(?:at\s+|:\s*|<\s*)?$/,
  )?.[1];
  return name ? { email, name } : { email };
}

/**
 * What a program's mail means for the season, or nothing when it is not one of these. `sentAt`
 * is the original's date; `userZone` reads times the program gave without a zone.
 */
export function readProgramMail(
  mail: { from: Person; subject?: string | undefined; text: string; sentAt: string },
  userZone: string,
  userAddresses: ReadonlySet<string>,
): ProgramMail | undefined {
  const subject = mail.subject ?? '';
  // Sentences run across the lines plain-text mail wraps at.
  const body = mail.text.replace(/\s+/g, ' ');
  const all = `${subject}\n${body}`;
  const kind: ProgramMailKind | undefined = DECLINED.test(all)
    ? 'declined'
    : WAITLIST.test(all) && !SCHEDULED.test(subject)
      ? 'waitlist'
      : SCHEDULED.test(all)
        ? 'scheduled'
        : INVITATION.test(all)
          ? 'invitation'
          : undefined;
  if (!kind) return undefined;
  const { programName, institution } = programIn(subject, body);
  const via = PLATFORMS.find(([domain]) => domain.test(mail.from.email))?.[1] ?? 'program';
  // Mail about interviews that names no program and comes from no platform is not read as one.
  if (!programName && via === 'program' && kind !== 'invitation') return undefined;
  const sentAt = new Date(mail.sentAt);
  const contact = contactIn(mail.from, body, userAddresses);
  const result: ProgramMail = {
    kind,
    via,
    ...(programName ? { programName } : {}),
    ...(institution ? { institution } : {}),
    ...(contact ? { contact } : {}),
  };
  if (kind === 'invitation') {
    const answer = respondByIn(body, sentAt, userZone);
    if (answer) {
      result.respondBy = answer.at;
      if (answer.zone) result.programZone = answer.zone;
    } else {
      result.respondBy = new Date(sentAt.getTime() + MATCH_RESPONSE_HOURS * HOURS).toISOString();
      result.respondByAssumed = true;
    }
  }
  if (kind === 'scheduled') {
    const interview = interviewAtIn(body, sentAt, userZone);
    if (interview) {
      result.interviewAt = interview.at;
      if (interview.zone) result.programZone = interview.zone;
    }
  }
  return result;
}

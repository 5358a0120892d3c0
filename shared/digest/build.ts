// The weekly digest as a model: what a resident wants to see on Monday morning, built as a
// pure function of their state (tested without I/O). Sending it is send.ts; its words, templates/digest.ts.
import { addDays } from '../domain/clock.ts';
import {
  type ActivityEntry,
  type Contact,
  type DigestItem,
  type Milestone,
  type Notice,
  namesOf,
  type Program,
  type Reminder,
  type Tier,
  type User,
} from '../domain/model.ts';
import { networkHealth } from '../domain/network.ts';
import { isInPlay, type ProgramLine, programBoard, seasonAt } from '../domain/program-board.ts';
import { isMoot, reminderLabel } from '../domain/reminder-kinds.ts';
import { type Season, seasonHold } from '../domain/season.ts';
import type { Settings } from '../domain/settings.ts';
import { shortDate, zonedParts } from '../domain/time.ts';

export type NumberedReminder = {
  n: number;
  reminderId: string;
  label: string;
  dueAt: string;
  contact: string;
};
export type NumberedContact = { n: number; email: string; name: string | null; needs: ('tier' | 'role')[] };

export type DigestModel = {
  week: string;
  userName: string;
  timezone: string;
  now: string;
  overdue: NumberedReminder[];
  thisWeek: NumberedReminder[];
  newContacts: NumberedContact[];
  coming: { label: string; at: string }[];
  health: { tier: Tier; count: number; min: number; max: number }[];
  quiet: { email: string; name: string | null; tier: Tier; lastContactAt: string }[];
  dormant: { email: string; name: string | null }[];
  /** What to check that is no reminder: an invitation Rounds could not read, a message it never got. */
  toCheck: { at: string; line: string }[];
  activity: { emailsOut: number; repliesIn: number; meetings: number; newContacts: number };
  /** During a residency season: the programs still in play, and how many are closed. */
  programs?: { match: number; lines: ProgramLine[]; closed: number };
  items: DigestItem[];
  empty: boolean;
};

/** The ISO week of an instant in the user's zone, as a tag-safe key: "2026w48". */
export function isoWeekKey(at: Date, timezone: string): string {
  const local = zonedParts(at, timezone);
  const day = new Date(Date.UTC(local.year, local.month - 1, local.day));
  // The week belongs to the year of its Thursday (ISO 8601).
  day.setUTCDate(day.getUTCDate() + 4 - (day.getUTCDay() || 7));
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}w${String(week).padStart(2, '0')}`;
}

const MAX_LISTED = 10;
/** Applicants apply to dozens of programs; the digest lists this many of those in play. */
const MAX_PROGRAMS = 25;
const OPEN_WAITING = ['pending', 'snoozed'];

export function buildDigest(state: {
  user: Pick<User, 'email' | 'name' | 'timezone'>;
  contacts: Contact[];
  reminders: Reminder[];
  items: Milestone[];
  activity: ActivityEntry[];
  notices?: Notice[];
  programs?: Program[];
  now: string;
  settings: Settings;
}): DigestModel {
  const { now, settings } = state;
  const weekAhead = addDays(now, 7);
  const live = state.contacts.filter((c) => c.status !== 'stopped');
  const nameOf = new Map(state.contacts.map((c) => [c.contactId, c.name]));
  let n = 0;
  const items: DigestItem[] = [];
  const numbered = (r: Reminder): NumberedReminder => {
    const label = reminderLabel(
      r.kind,
      namesOf([
        { email: r.contactEmail, name: nameOf.get(r.contactId) ?? r.contactName },
        ...(r.others ?? []).map((o) => ({ email: o.email, name: nameOf.get(o.contactId) ?? o.name })),
      ]),
      r.about?.subject,
    );
    items.push({ n: ++n, type: 'reminder', reminderId: r.reminderId, label });
    return { n, reminderId: r.reminderId, label, dueAt: r.dueAt, contact: r.contactEmail };
  };
  const contactOf = new Map(state.contacts.map((c) => [c.contactId, c]));
  // What the Match's quiet period holds back, the digest does not list either (domain/season.ts).
  const heldBySeason = (r: Reminder) => {
    const contact = contactOf.get(r.contactId);
    return Boolean(contact && seasonHold(r, contact, r.dueAt > now ? r.dueAt : now));
  };
  const byDue = [...state.reminders]
    .filter((r) => !heldBySeason(r))
    .sort(
      (a, b) =>
        a.dueAt.localeCompare(b.dueAt) ||
        a.contactEmail.localeCompare(b.contactEmail) ||
        a.kind.localeCompare(b.kind),
    );
  const overdue = byDue
    .filter((r) => r.dueAt <= now && (r.state === 'sent' || OPEN_WAITING.includes(r.state)))
    // Preparing for a meeting that has happened, answering after the deadline: nothing to do now.
    .filter((r) => !isMoot(r, now))
    .slice(0, MAX_LISTED)
    .map(numbered);
  const thisWeek = byDue
    .filter((r) => OPEN_WAITING.includes(r.state) && r.dueAt > now && r.dueAt <= weekAhead)
    .slice(0, MAX_LISTED)
    .map(numbered);
  const newContacts = live
    .filter((c) => isNewThisWeek(c, now) && (!c.tier || !c.role))
    .sort((a, b) => a.firstContactAt.localeCompare(b.firstContactAt) || a.email.localeCompare(b.email))
    .slice(0, MAX_LISTED)
    .map((c): NumberedContact => {
      const needs = [...(!c.tier ? (['tier'] as const) : []), ...(!c.role ? (['role'] as const) : [])];
      items.push({ n: ++n, type: 'contact', email: c.email, label: c.name ?? c.email });
      return { n, email: c.email, name: c.name, needs };
    });
  const horizon = addDays(now, 60);
  const coming = state.items
    .flatMap((item) =>
      item.kind === 'conference'
        ? [{ label: `${item.name} begins`, at: item.start }]
        : item.kind === 'rotation'
          ? [{ label: `${item.name} ends`, at: item.end }]
          : [{ label: `Letter from ${nameOrEmail(state.contacts, item.from)} due`, at: item.dueAt }],
    )
    .filter((c) => c.at > now && c.at <= horizon)
    .sort((a, b) => a.at.localeCompare(b.at));
  // Resting: who came to rest this week; the ones before were in earlier digests, and stay on Network.
  const network = networkHealth(state.contacts, settings, now, addDays(now, -7));
  const health = network.health;
  const dormant = network.dormant.map((c) => ({ email: c.email, name: c.name }));
  const quiet = network.quiet.slice(0, MAX_LISTED).map((c) => ({
    email: c.email,
    name: c.name,
    tier: c.tier as Tier,
    lastContactAt: c.lastContactAt ?? '',
  }));
  const season = seasonAt(now);
  const toCheck = [
    ...(season && ecfmgCheckDue(settings, season, now)
      ? [
          {
            at: now,
            line: `ECFMG certification: the NRMP needs it complete by the rank list deadline (${shortDate(new Date(season.rankListDeadline), state.user.timezone)}). Check your ECFMG account; once you are certified, set ecfmgCertified=yes (rounds settings) and this line goes.`,
          },
        ]
      : []),
    ...(state.notices ?? [])
      .filter((n) => n.at > addDays(now, -7) && n.at <= now)
      .sort((a, b) => a.at.localeCompare(b.at))
      .slice(0, MAX_LISTED)
      .map((n) => ({ at: n.at, line: noticeLine(n) })),
  ];
  const activity = {
    emailsOut: state.activity.filter((a) => a.kind === 'email' && a.direction === 'outbound').length,
    repliesIn: state.activity.filter((a) => a.kind === 'email' && a.direction === 'inbound').length,
    meetings: state.activity.filter((a) => a.kind === 'meeting').length,
    newContacts: state.contacts.filter((c) => isNewThisWeek(c, now)).length,
  };
  const board = season && state.programs?.length ? programBoard(state.programs, state.reminders, now) : [];
  const inPlay = board.filter(isInPlay);
  const programs =
    season && board.length
      ? { match: season.match, lines: inPlay.slice(0, MAX_PROGRAMS), closed: board.length - inPlay.length }
      : undefined;
  return {
    week: '',
    userName: state.user.name ?? state.user.email,
    timezone: state.user.timezone,
    now,
    overdue,
    thisWeek,
    newContacts,
    coming,
    health,
    quiet,
    dormant,
    toCheck,
    activity,
    ...(programs ? { programs } : {}),
    items,
    empty:
      overdue.length +
        thisWeek.length +
        inPlay.length +
        newContacts.length +
        coming.length +
        quiet.length +
        toCheck.length ===
      0,
  };
}

/** IMGs must be ECFMG-certified by the rank list deadline: checked from a week before rank lists open. */
const ecfmgCheckDue = (settings: Settings, season: Season, now: string) =>
  settings.img &&
  !settings.ecfmgCertified &&
  Date.parse(now) >= Date.parse(addDays(season.rankListOpens, -7)) &&
  Date.parse(now) < Date.parse(season.rankListDeadline);

/** A notice in the digest's gentle words. */
function noticeLine(n: Notice): string {
  const what = n.subject ? `“${n.subject}”` : 'an email';
  if (n.kind === 'rank-question')
    return `Your email ${what}${n.who ? ` to ${n.who}` : ''} asks where you stand. The Match's code of conduct keeps both sides from asking about ranking: telling a program it is your first choice is fine, asking how it ranks you is not. Nothing to do now; just for next time.`;
  if (n.kind === 'held-message')
    return `${what} came from your address without your mail provider vouching for it: nothing was recorded. If you sent it, confirm it with the link Rounds emailed you (within a week), or forward it again.`;
  return n.kind === 'unreadable-invite'
    ? `Rounds could not read the invitation in ${what}: check it in your calendar, and forward it again if it changed.`
    : `${what}${n.who ? ` with ${n.who}` : ''}: an earlier message in this thread never reached Rounds. BCC your capture address next time, or forward it.`;
}

/** New in the last seven days, by the first interaction (what happened), not the write time. */
const isNewThisWeek = (c: Contact, now: string) =>
  c.firstContactAt > addDays(now, -7) && c.firstContactAt <= now;

const nameOrEmail = (contacts: Contact[], email: string) =>
  contacts.find((c) => c.emails.includes(email))?.name ?? email;

// The residency season as data (seasons.json): the Match's dates per year, checked when loaded,
// and the one rule they imply for reminders. From the rank list deadline to Match Day — Match
// Week included — nothing Rounds sends proposes contacting a program's people: the NRMP's code
// of conduct, and programs that "shall not solicit" post-interview contact. In Match Week
// (SOAP) an applicant may answer a program that reached them first, and only then: a thank-you
// to one that wrote or invited them that week goes. Mentors and sponsors go on: updating them
// is not contacting a program about rank.
import * as z from 'zod/mini';
import { addDays } from './clock.ts';
import type { Contact, Program, ReminderKind } from './model.ts';
import { isWriteTo } from './reminder-kinds.ts';
import data from './seasons.json' with { type: 'json' };

const instant = z.string().check(
  z.regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/, {
    error: 'an ISO-8601 UTC time such as 2027-03-19T16:00:00Z',
  }),
);

const seasonSchema = z.object({
  match: z.number().check(z.int()),
  provisional: z._default(z.boolean(), false),
  erasOpens: instant,
  programsReview: instant,
  /** About when programs begin their rank meetings: a letter of intent should be there before. */
  rankMeetingsBegin: instant,
  rankListOpens: instant,
  rankListDeadline: instant,
  matchWeekStarts: instant,
  matchDay: instant,
});

export type Season = z.infer<typeof seasonSchema>;

/** The seasons, checked: each date in order, so a typo in the data fails loudly at load. */
export function loadSeasons(raw: unknown): Season[] {
  const parsed = z.object({ seasons: z.array(seasonSchema) }).safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `seasons.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  for (const s of parsed.data.seasons) {
    const order = [
      s.erasOpens,
      s.programsReview,
      s.rankMeetingsBegin,
      s.rankListOpens,
      s.rankListDeadline,
      s.matchWeekStarts,
      s.matchDay,
    ];
    if (order.some((at, i) => i > 0 && Date.parse(at) <= Date.parse(order[i - 1]!)))
      throw new Error(`seasons.json: the ${s.match} Match's dates are out of order`);
  }
  return parsed.data.seasons.sort((a, b) => a.match - b.match);
}

export const SEASONS: readonly Season[] = loadSeasons(data);

/**
 * Roles that make a contact one of a program's people (DOMAIN.md's roles), matched in the
 * words users write: "PD", "Program Director", "APD", "coordinator", "chief resident"…
 */
const PROGRAM_ROLE =
  /\b(a?pd|program director|associate program director|coordinator|chief resident|interviewer)\b/i;

/** A program's person: in a program the user applies to, or by role; never a mentor or sponsor. */
export function isProgramPerson(contact: Pick<Contact, 'role' | 'tier' | 'programId'>): boolean {
  if (contact.tier === 'sponsor' || contact.tier === 'mentor') return false;
  return Boolean(contact.programId) || PROGRAM_ROLE.test(contact.role ?? '');
}

/** The quiet period `at` falls in, if any: from the rank list deadline to the day after Match Day. */
export function quietPeriodAt(
  at: string,
  seasons: readonly Season[] = SEASONS,
): { season: Season; until: string } | undefined {
  const t = Date.parse(at);
  const season = seasons.find(
    (s) => t >= Date.parse(s.rankListDeadline) && t < Date.parse(addDays(s.matchDay, 1)),
  );
  return season && { season, until: addDays(season.matchDay, 1) };
}

export type SeasonHold = { until: string; end: boolean; why: string };

/** What may go to a program's person who wrote first in Match Week: an answer, not an ask. */
const ANSWERS_IN_MATCH_WEEK: readonly ReminderKind[] = ['thank_you'];

/** Whether the program's person reached the user first in the Match Week `at` falls in. */
function wroteFirstInMatchWeek(
  contact: Pick<Contact, 'lastHeardFromAt'>,
  season: Season,
  at: string,
): boolean {
  const weekStarts = Date.parse(season.matchWeekStarts);
  return (
    Date.parse(at) >= weekStarts &&
    Boolean(contact.lastHeardFromAt && Date.parse(contact.lastHeardFromAt) >= weekStarts)
  );
}

/**
 * What the season says of a reminder due `at`: nothing (send it), or hold it until the quiet
 * period ends — ended instead when it is a nudge, which after the Match would only be noise.
 */
export function seasonHold(
  reminder: { kind: ReminderKind },
  contact: Pick<Contact, 'role' | 'tier' | 'programId' | 'lastHeardFromAt'>,
  at: string,
  seasons: readonly Season[] = SEASONS,
): SeasonHold | undefined {
  if (!isWriteTo(reminder.kind) || !isProgramPerson(contact)) return undefined;
  const quiet = quietPeriodAt(at, seasons);
  if (!quiet) return undefined;
  if (ANSWERS_IN_MATCH_WEEK.includes(reminder.kind) && wroteFirstInMatchWeek(contact, quiet.season, at))
    return undefined;
  return {
    until: quiet.until,
    // A nudge, a letter of intent or an update after the rank list is certified is only noise.
    end: ['no_reply_nudge', 'letter_of_intent', 'update_letter'].includes(reminder.kind),
    why: `the ${quiet.season.match} Match's quiet period`,
  };
}

/** Statuses that say the interview is behind the user. */
export const AFTER_INTERVIEW: readonly Program['status'][] = [
  'interviewed',
  'thanked',
  'letter_of_intent',
  'update_sent',
  'ranked',
  'matched',
];

/** Whether the user's interview with the program is behind them at `at`. */
export const isPastInterview = (p: Pick<Program, 'status' | 'interview'>, at: string): boolean =>
  AFTER_INTERVIEW.includes(p.status) || Boolean(p.interview && p.interview.at <= at);

// The season's two letters, as reminder plans. A letter of intent goes to one program, the
// user's first choice, two weeks before programs begin their rank meetings, and no later than
// the rank list deadline. An update letter — a new score, a publication — goes to each program
// still in play, except those that take no post-interview mail once the interview is over.
import { addDays } from './clock.ts';
import type { Contact, Program, ReminderPerson } from './model.ts';
import { seasonAt } from './program-board.ts';
import { programRef, type ReminderPlanner } from './reminder-plan.ts';
import { AFTER_INTERVIEW, type Season } from './season.ts';

/** When the user sent a letter of intent to a program in the season of that Match, if they did. */
export const letterOfIntentSent = (p: Program, match: number): string | undefined =>
  p.history.find((h) => h.status === 'letter_of_intent' && seasonAt(h.at)?.match === match)?.at;

/** The letter of intent is due this long before the rank meetings begin. */
export const LETTER_OF_INTENT_LEAD_DAYS = 14;

/** The program's person a letter goes to: its director when Rounds knows one, else its first person. */
export function addresseeOf(people: Contact[]): Contact | undefined {
  const live = people.filter((c) => c.status !== 'stopped');
  return live.find((c) => /\b(pd|program director)\b/i.test(c.role ?? '')) ?? live[0];
}

/** The letter of intent's reminder, or why there is none. */
export function planLetterOfIntent(
  planner: ReminderPlanner,
  event: { program: Program; to: Contact; season: Season; now: string },
): 'planned' | 'too-late' {
  if (Date.parse(event.now) >= Date.parse(event.season.rankListDeadline)) return 'too-late';
  const due = addDays(event.season.rankMeetingsBegin, -LETTER_OF_INTENT_LEAD_DAYS);
  planner.create(
    event.to,
    { kind: 'letter_of_intent', dueAt: due > event.now ? due : event.now },
    {
      subject: event.program.name,
      occurredAt: event.now,
      interactionId: `loi:${event.program.programId}:${event.season.match}`,
      program: programRef(event.program),
      deadline: { at: event.season.rankListDeadline },
    },
    `loi:${event.program.programId}:${event.season.match}`,
  );
  return 'planned';
}

/** Statuses in which a program still reads what the user sends. */
const IN_PLAY_FOR_UPDATES = [
  'applied',
  'signaled',
  'waitlisted',
  'invited',
  'scheduled',
  'interviewed',
  'thanked',
  'letter_of_intent',
  'update_sent',
];

/** Whether a program should hear the user's news: still in play, and not one that declines post-interview mail. */
export const takesUpdates = (p: Program) =>
  IN_PLAY_FOR_UPDATES.includes(p.status) &&
  p.interview?.attending !== false &&
  !(p.contactPolicy === 'no-post-interview' && AFTER_INTERVIEW.includes(p.status));

/** One reminder naming each program's person: an update to each, in one place. */
export function planUpdateLetter(
  planner: ReminderPlanner,
  event: { news: string; recipients: { program: Program; to: Contact }[]; id: string; now: string },
): void {
  const [first, ...rest] = event.recipients;
  if (!first) return;
  const person = (c: Contact): ReminderPerson => ({
    contactId: c.contactId,
    email: c.email,
    ...(c.name ? { name: c.name } : {}),
  });
  planner.create(
    first.to,
    { kind: 'update_letter', dueAt: event.now },
    { subject: event.news, occurredAt: event.now, interactionId: `news:${event.id}` },
    `news:${event.id}`,
    { others: rest.map((r) => person(r.to)) },
  );
}

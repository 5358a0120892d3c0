// What a residency interview asks of the user, as reminder plans: answer an invitation at once
// and again before its deadline; prepare the day before; that evening, note who they met and
// what they thought; thank the program's people within 24–72 hours — unless the program takes
// no post-interview mail ("programs shall not solicit post-interview communication"); and,
// for an interview they will not attend, cancel with two weeks' notice.
import { addDays } from './clock.ts';
import { type Contact, type Program, type Reminder, type ReminderPerson, reminderPeople } from './model.ts';
import { type About, programRef, type ReminderPlanner } from './reminder-plan.ts';
import { morningRunBy } from './schedules.ts';

type MorningRunUser = Parameters<typeof morningRunBy>[0];

const HOUR = 3_600_000;

/** The second reminder comes at least this long before the deadline, and after the first. */
const MIN_GAP_HOURS = 2;
/** The debrief comes once the interview day is over. */
const DEBRIEF_AFTER_HOURS = 6;
/** Programs ask for one to two weeks' notice of a cancellation. */
export const CANCEL_NOTICE_DAYS = 14;

const person = (c: Contact): ReminderPerson => ({
  contactId: c.contactId,
  email: c.email,
  ...(c.name ? { name: c.name } : {}),
});

/** The source that names one interview day's reminders, so a new day replaces the old one's. */
export const interviewSource = (program: Program, at: string) => `interview:${program.programId}:${at}`;

/**
 * An invitation arrived: one reminder now (ingest sends it at once), and one before the
 * deadline, which answering the first — done, an email to the program, a scheduled date — ends.
 */
export function planInvitation(
  planner: ReminderPlanner,
  event: {
    program: Program;
    contact: Contact;
    messageId: string;
    interactionId: string;
    occurredAt: string;
    respondBy: string;
    zone?: string | undefined;
    assumed?: boolean | undefined;
    now: string;
    /** Whose morning runs mail the reminders. */
    user: MorningRunUser;
  },
): void {
  const about: About = {
    subject: event.program.name,
    occurredAt: event.occurredAt,
    interactionId: event.interactionId,
    program: programRef(event.program),
    deadline: {
      at: event.respondBy,
      ...(event.zone ? { zone: event.zone } : {}),
      ...(event.assumed ? { assumed: true } : {}),
    },
  };
  const source = `invitation:${event.messageId}`;
  if (event.respondBy <= event.now) return;
  planner.create(event.contact, { kind: 'interview_response', dueAt: event.now }, about, source);
  // Due at the last morning run before the deadline: a reminder due later in the day would wait
  // for the next morning's run, after the deadline. None when no run falls between now and then.
  const latest = new Date(Date.parse(event.respondBy) - MIN_GAP_HOURS * HOUR);
  const run = morningRunBy(event.user, latest.toISOString());
  if (run && Date.parse(run) - Date.parse(event.now) >= MIN_GAP_HOURS * HOUR)
    planner.create(event.contact, { kind: 'interview_response', dueAt: run }, about, `${source}:deadline`);
}

/** The program heard back (a date scheduled, a waitlist, a regret, an email to it): nothing left to answer. */
export function planInvitationAnswered(planner: ReminderPlanner, contactIds: string[], by: string): void {
  for (const contactId of contactIds)
    for (const reminder of planner.open(contactId))
      if (reminder.kind === 'interview_response') planner.end(reminder, 'resolved', by, 'resolved');
}

/** Whom an interview's thank-yous go to: the program's people Rounds knows, the coordinator first. */
function thanked(people: Contact[]): Contact[] {
  const coordinatorFirst = (c: Contact) => (/coordinator/i.test(c.role ?? '') ? 0 : 1);
  return [...people]
    .filter((c) => c.status !== 'stopped')
    .sort((a, b) => coordinatorFirst(a) - coordinatorFirst(b));
}

/**
 * An interview day, scheduled: prepare the day before, note who you met that evening, and —
 * when the program takes post-interview mail — thank its people the day after. A day that
 * changed replaces the old day's reminders.
 */
export function planInterview(
  planner: ReminderPlanner,
  event: {
    program: Program;
    people: Contact[];
    at: string;
    previousAt?: string | undefined;
    now: string;
    user: MorningRunUser;
  },
): void {
  if (event.previousAt && event.previousAt !== event.at)
    planInterviewDropped(planner, event.program, event.people, event.previousAt, 'interview moved');
  const [first, ...rest] = thanked(event.people);
  if (!first || event.at <= event.now) return;
  const source = interviewSource(event.program, event.at);
  const about: About = {
    subject: event.program.name,
    occurredAt: event.at,
    interactionId: source,
    program: programRef(event.program),
  };
  // The morning run a day ahead, so preparing is for the day before, not the morning of.
  const prepAt = morningRunBy(event.user, addDays(event.at, -1));
  if (prepAt && prepAt > event.now)
    planner.create(first, { kind: 'meeting_prep', dueAt: prepAt }, about, source);
  planner.create(
    first,
    {
      kind: 'interview_debrief',
      dueAt: new Date(Date.parse(event.at) + DEBRIEF_AFTER_HOURS * HOUR).toISOString(),
    },
    about,
    source,
  );
  if (event.program.contactPolicy !== 'no-post-interview')
    planner.create(first, { kind: 'thank_you', dueAt: addDays(event.at, 1) }, about, source, {
      others: rest.map(person),
    });
}

/**
 * The people the user named after an interview: thank them too, unless the program takes no
 * such mail — in one reminder with the day's thank-you when that one is still to come.
 */
export function planThanksForNamed(
  planner: ReminderPlanner,
  event: { program: Program; named: Contact[]; at: string; now: string; messageId: string },
): void {
  if (event.program.contactPolicy === 'no-post-interview' || event.named.length === 0) return;
  const dayId = interviewSource(event.program, event.at);
  const waiting = event.program.contactIds
    .flatMap((id) => planner.open(id))
    .find((r) => r.kind === 'thank_you' && r.state === 'pending' && r.about?.interactionId === dayId);
  const already = new Set(waiting ? reminderPeople(waiting).map((p) => p.contactId) : []);
  const fresh = thanked(event.named).filter((c) => !already.has(c.contactId));
  if (fresh.length === 0) return;
  const everyone: ReminderPerson[] = [...(waiting ? reminderPeople(waiting) : []), ...fresh.map(person)];
  if (waiting) planner.end(waiting, 'cancelled', `joined by the people named in ${event.messageId}`);
  const [first, ...rest] = everyone;
  const due = addDays(event.at, 1) > event.now ? addDays(event.at, 1) : event.now;
  planner.create(
    { contactId: first!.contactId, email: first!.email, name: first!.name ?? null },
    { kind: 'thank_you', dueAt: due },
    {
      subject: event.program.name,
      occurredAt: event.at,
      interactionId: dayId,
      program: programRef(event.program),
    },
    `${dayId}:named:${event.messageId}`,
    { others: rest },
  );
}

const isInterviewReminder = (r: Reminder, program: Program, at: string) =>
  r.about?.interactionId === interviewSource(program, at);

/** The interview day's reminders end: it moved, or the user will not go. */
export function planInterviewDropped(
  planner: ReminderPlanner,
  program: Program,
  people: Contact[],
  at: string,
  why: string,
): void {
  for (const contact of people)
    for (const reminder of planner.open(contact.contactId))
      if (isInterviewReminder(reminder, program, at) && reminder.kind !== 'interview_cancel')
        planner.end(reminder, 'cancelled', why, 'cancelled');
}

/**
 * The user will not attend: the day's other reminders end, and one comes to cancel, two weeks
 * before the day (at once, when that is already past).
 */
export function planNotAttending(
  planner: ReminderPlanner,
  event: { program: Program; people: Contact[]; at: string; now: string; user: MorningRunUser },
): void {
  planInterviewDropped(planner, event.program, event.people, event.at, 'not attending');
  const [first] = thanked(event.people);
  if (!first || event.at <= event.now) return;
  const source = interviewSource(event.program, event.at);
  // Mailed by the morning run that still gives the full notice.
  const due = morningRunBy(event.user, addDays(event.at, -CANCEL_NOTICE_DAYS));
  planner.create(
    first,
    { kind: 'interview_cancel', dueAt: due && due > event.now ? due : event.now },
    {
      subject: event.program.name,
      occurredAt: event.at,
      interactionId: source,
      program: programRef(event.program),
    },
    source,
  );
}

/** Post-interview mail a program declined: its open thank-yous end. */
export function planNoPostInterviewContact(
  planner: ReminderPlanner,
  program: Program,
  people: Contact[],
): void {
  for (const contact of people)
    for (const reminder of planner.open(contact.contactId))
      if (reminder.kind === 'thank_you' && reminder.about?.program?.programId === program.programId)
        planner.end(reminder, 'cancelled', 'the program takes no post-interview mail', 'cancelled');
}

/** The user withdrew from the program: nothing more about it is asked of them. */
export function planProgramEnded(
  planner: ReminderPlanner,
  program: Program,
  people: Contact[],
  why: string,
): void {
  for (const contact of people)
    for (const reminder of planner.open(contact.contactId))
      if (reminder.about?.program?.programId === program.programId)
        planner.end(reminder, 'cancelled', why, 'cancelled');
}

/** Matched: one reminder to thank every letter writer and tell them where. */
export function planMatchThanks(
  planner: ReminderPlanner,
  event: { program: Program; writers: Contact[]; now: string },
): void {
  const [first, ...rest] = event.writers.filter((c) => c.status !== 'stopped');
  if (!first) return;
  planner.create(
    first,
    { kind: 'match_thanks', dueAt: event.now },
    { subject: event.program.name, occurredAt: event.now, interactionId: `match:${event.program.programId}` },
    `match:${event.program.programId}`,
    { others: rest.map(person) },
  );
}

// Residency programs: added and changed by the user (the CLI, later the web app's board), each
// grouping its people. A status change is dated and kept, so the season reads as a timeline;
// a person named for a program becomes (or already is) a contact marked as one of its people.

import { newContact } from '../contacts/people.ts';
import type { Deps } from '../deps.ts';
import { InvalidInputError, NotFoundError } from '../domain/errors.ts';
import { stableId } from '../domain/ids.ts';
import {
  planInterview,
  planInterviewDropped,
  planInvitationAnswered,
  planMatchThanks,
  planNoPostInterviewContact,
  planNotAttending,
  planProgramEnded,
} from '../domain/interviews.ts';
import {
  CONTACT_POLICIES,
  type ContactPolicy,
  PROGRAM_STATUSES,
  type Program,
  type ProgramStatus,
  type User,
} from '../domain/model.ts';
import { seasonAt } from '../domain/program-board.ts';
import { letterOfIntentSent } from '../domain/season-letters.ts';
import { parseUserDate } from '../milestones/milestones.ts';
import { type AppliedPlan, applyReminderPlan } from '../reminders/apply.ts';
import { plannerFor } from '../reminders/read.ts';

export type ProgramInput = {
  name?: string | undefined;
  institution?: string | undefined;
  specialty?: string | undefined;
  status?: string | undefined;
  policy?: string | undefined;
  contacts?: string[] | undefined;
  /** The interview day: a date (08:00 in the user's zone) or an ISO instant. */
  interview?: string | undefined;
  /** Whether the user will go to the interview (false: a reminder to cancel in good time). */
  attending?: boolean | undefined;
};

type ProgramDeps = Pick<Deps, 'store' | 'clock'>;

const statusOf = (value: string): ProgramStatus => {
  const status = value.trim().toLowerCase().replaceAll(' ', '_').replaceAll('-', '_');
  if ((PROGRAM_STATUSES as readonly string[]).includes(status)) return status as ProgramStatus;
  throw new InvalidInputError(`a program's status is one of ${PROGRAM_STATUSES.join(', ')}, not "${value}"`);
};

const policyOf = (value: string): ContactPolicy => {
  if ((CONTACT_POLICIES as readonly string[]).includes(value)) return value as ContactPolicy;
  throw new InvalidInputError(
    `a program's contact policy is ${CONTACT_POLICIES.join(' or ')}, not "${value}"`,
  );
};

const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

/** Marks each address as one of the program's people, making contacts of the ones Rounds does not know. */
export async function linkPeople(
  user: User,
  program: Program,
  emails: string[],
  deps: ProgramDeps,
): Promise<string[]> {
  const ids: string[] = [];
  const now = deps.clock.now().toISOString();
  for (const raw of emails) {
    const email = raw.trim().toLowerCase();
    if (!ADDRESS.test(email)) throw new InvalidInputError(`"${raw}" is not an email address`);
    const contact =
      (await deps.store.contacts.findByEmail(user.userId, email)) ??
      (await deps.store.contacts.create(user.userId, {
        ...newContact(user.userId, email, { firstContactAt: now, createdAt: now }),
        institution: program.institution,
      }));
    if (contact.programId !== program.programId)
      await deps.store.contacts.setFields(user.userId, contact.contactId, { programId: program.programId });
    ids.push(contact.contactId);
  }
  return ids;
}

/** The program with a change of status recorded at `at` (a change already recorded, by its mail, is not again). */
export function withStatus(program: Program, status: ProgramStatus, at: string, messageId?: string): Program {
  if (messageId && program.history.some((h) => h.messageId === messageId)) return program;
  if (status === program.status) return program;
  return {
    ...program,
    status,
    history: [...program.history, { status, at, ...(messageId ? { messageId } : {}) }],
  };
}

/** Finds a program by id or by name (any case); a name two programs share must be an id. */
export async function findProgram(user: User, idOrName: string, deps: Pick<Deps, 'store'>): Promise<Program> {
  const programs = await deps.store.programs.list(user.userId);
  const wanted = idOrName.trim().toLowerCase();
  const byId = programs.find((p) => p.programId === idOrName.trim());
  if (byId) return byId;
  const named = programs.filter((p) => p.name.toLowerCase() === wanted);
  if (named.length === 1) return named[0]!;
  if (named.length > 1)
    throw new InvalidInputError(
      `${named.length} programs are called "${idOrName}": use an id (${named.map((p) => p.programId).join(', ')})`,
    );
  throw new NotFoundError(`no program "${idOrName}" for ${user.email}`);
}

/** Adds a program (the same name and institution again is the same program, updated). */
export async function addProgram(user: User, input: ProgramInput, deps: ProgramDeps): Promise<Program> {
  const name = input.name?.trim();
  if (!name) throw new InvalidInputError('a program needs a name, e.g. "Internal Medicine Residency"');
  const institution = input.institution?.trim() || null;
  const programId = stableId(user.userId, 'program', name.toLowerCase(), (institution ?? '').toLowerCase());
  const existing = await deps.store.programs.get(user.userId, programId);
  if (existing) return setProgram(user, programId, input, deps);
  const now = deps.clock.now().toISOString();
  const status = input.status ? statusOf(input.status) : 'applied';
  const program: Program = {
    programId,
    name,
    institution,
    specialty: input.specialty?.trim() || null,
    contactPolicy: input.policy ? policyOf(input.policy) : 'open',
    status,
    history: [{ status, at: now }],
    contactIds: [],
    createdAt: now,
  };
  program.contactIds = await linkPeople(user, program, input.contacts ?? [], deps);
  await deps.store.programs.put(user.userId, program);
  return program;
}

/** An interview day as the user gives it: a day is 08:00 there, when most interview days begin. */
function interviewAt(value: string, timezone: string): string {
  const day = parseUserDate(value, timezone, '--interview');
  return /T/.test(value) ? day : new Date(Date.parse(day) + 8 * 3_600_000).toISOString();
}

/**
 * Changes a program: a new status is dated on its history; people named join it. The
 * interview day, the user's attendance and the program's policy move its reminders: a day
 * set plans it (prepare, debrief, thanks), "not attending" ends those and plans the
 * cancellation, "no post-interview mail" ends its thank-yous, "withdrawn" ends everything.
 */
export async function setProgram(
  user: User,
  idOrName: string,
  input: ProgramInput,
  deps: ProgramDeps,
): Promise<Program & { reminders?: AppliedPlan; warnings?: string[] }> {
  const program = await findProgram(user, idOrName, deps);
  const now = deps.clock.now().toISOString();
  const day = input.interview ? interviewAt(input.interview, user.timezone) : undefined;
  if (input.attending !== undefined && !day && !program.interview)
    throw new InvalidInputError(`${program.name} has no interview day yet: give it with --interview <date>`);
  const asked = input.status ? statusOf(input.status) : undefined;
  let status = asked ?? program.status;
  // A day set schedules the program, unless the same change says otherwise (a form sends the status as it was).
  if (
    day &&
    (asked === undefined || asked === program.status) &&
    PROGRAM_STATUSES.indexOf(status) < PROGRAM_STATUSES.indexOf('scheduled')
  )
    status = 'scheduled';
  const added = await linkPeople(user, program, input.contacts ?? [], deps);
  const interview =
    day || input.attending !== undefined
      ? {
          ...program.interview,
          at: day ?? program.interview!.at,
          attending: input.attending ?? program.interview?.attending ?? true,
        }
      : program.interview;
  const updated: Program = {
    ...withStatus(program, status, now),
    ...(input.specialty?.trim() ? { specialty: input.specialty.trim() } : {}),
    ...(input.policy ? { contactPolicy: policyOf(input.policy) } : {}),
    ...(interview ? { interview } : {}),
    contactIds: [...new Set([...program.contactIds, ...added])],
  };
  const reminders =
    status === 'matched' && program.status !== 'matched'
      ? await planMatched(user, updated, deps)
      : await replanProgram(user, program, updated, deps);
  await deps.store.programs.put(user.userId, updated);
  const warnings = status === 'letter_of_intent' ? await secondLetterOfIntent(user, updated, deps) : [];
  return { ...updated, ...(reminders ? { reminders } : {}), ...(warnings.length ? { warnings } : {}) };
}

/**
 * Matched: the season's other asks end (every program's open reminders), and one reminder asks
 * the user to thank each letter writer and tell them where they matched.
 */
async function planMatched(user: User, matched: Program, deps: ProgramDeps) {
  const programs = (await deps.store.programs.list(user.userId)).map((p) =>
    p.programId === matched.programId ? matched : p,
  );
  const writerEmails = (await deps.store.milestones.list(user.userId)).flatMap((m) =>
    m.kind === 'letter' ? [m.from] : [],
  );
  // Writers are the letters promised by date (rounds letter add) and every step of a ladder.
  const onLadder = (await deps.store.contacts.list(user.userId)).filter(
    (c) => c.letterStatus && c.letterStatus !== 'asked' && c.letterStatus !== 'declined',
  );
  const byDate = (await deps.store.contacts.findManyByEmail(user.userId, [...new Set(writerEmails)])).filter(
    (c): c is NonNullable<typeof c> => Boolean(c),
  );
  const writers = [...new Map([...byDate, ...onLadder].map((c) => [c.contactId, c])).values()];
  const people = await deps.store.contacts.getMany(
    user.userId,
    programs.flatMap((p) => p.contactIds),
  );
  const planner = await plannerFor(
    user.userId,
    [...people, ...writers].map((c) => c.contactId),
    deps,
  );
  for (const program of programs) planProgramEnded(planner, program, people, 'matched');
  planMatchThanks(planner, { program: matched, writers, now: deps.clock.now().toISOString() });
  return applyReminderPlan(planner.plan(), deps);
}

/** A letter of intent goes to one program a season: recording a second says so. */
async function secondLetterOfIntent(user: User, program: Program, deps: ProgramDeps): Promise<string[]> {
  const season = seasonAt(deps.clock.now().toISOString());
  if (!season) return [];
  const others = (await deps.store.programs.list(user.userId)).filter(
    (p) => p.programId !== program.programId && letterOfIntentSent(p, season.match),
  );
  return others.map(
    (p) =>
      `You also sent a letter of intent to ${p.name} this season. A letter of intent goes to one program only; to the others, an update letter says you are still interested without the promise.`,
  );
}

/** What a change to a program means for its reminders (none when nothing about them changed). */
async function replanProgram(user: User, before: Program, after: Program, deps: ProgramDeps) {
  const dayMoved = after.interview && after.interview.at !== before.interview?.at;
  const goingChanged = after.interview && after.interview.attending !== (before.interview?.attending ?? true);
  const quiet = after.contactPolicy === 'no-post-interview' && before.contactPolicy !== 'no-post-interview';
  const withdrawn = after.status === 'withdrawn' && before.status !== 'withdrawn';
  const intentSent = after.status === 'letter_of_intent' && before.status !== 'letter_of_intent';
  if (!dayMoved && !goingChanged && !quiet && !withdrawn && !intentSent) return undefined;
  const now = deps.clock.now().toISOString();
  const people = await deps.store.contacts.getMany(user.userId, after.contactIds);
  const planner = await plannerFor(user.userId, after.contactIds, deps);
  const at = after.interview?.at;
  if (withdrawn) planProgramEnded(planner, after, people, 'withdrawn');
  else if (at && after.interview?.attending === false) {
    if (dayMoved && before.interview)
      planInterviewDropped(planner, after, people, before.interview.at, 'interview moved');
    planNotAttending(planner, { program: after, people, at, now, user });
  } else if (at && (dayMoved || goingChanged)) {
    planInvitationAnswered(planner, after.contactIds, 'interview scheduled');
    planInterview(planner, { program: after, people, at, previousAt: before.interview?.at, now, user });
  }
  if (quiet) planNoPostInterviewContact(planner, after, people);
  if (intentSent)
    for (const contact of people)
      for (const reminder of planner.open(contact.contactId))
        if (reminder.kind === 'letter_of_intent')
          planner.end(reminder, 'resolved', 'letter of intent sent', 'resolved');
  return applyReminderPlan(planner.plan(), deps);
}

/** The programs as CONTRACT.md shows them, their people by address. */
export async function programViews(user: User, deps: Pick<Deps, 'store'>) {
  const programs = (await deps.store.programs.list(user.userId)).sort((a, b) => a.name.localeCompare(b.name));
  const people = await deps.store.contacts.getMany(
    user.userId,
    programs.flatMap((p) => p.contactIds),
  );
  const emailOf = new Map(people.map((c) => [c.contactId, c.email]));
  return programs.map((p) => programView(p, emailOf));
}

export const programView = (p: Program, emailOf: ReadonlyMap<string, string>) => ({
  id: p.programId,
  name: p.name,
  institution: p.institution,
  specialty: p.specialty,
  status: p.status,
  contacts: p.contactIds.flatMap((id) => emailOf.get(id) ?? []),
});

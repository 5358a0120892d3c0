// The letter of intent and the update letter, as the user asks for them: `rounds program set
// <program> --first-choice` and `rounds news "<what happened>"`. One first choice per season —
// a second warns, and after a letter of intent has gone out Rounds plans no other; news goes to
// each program still in play, never in the quiet period after the rank list deadline.
import type { Deps } from '../deps.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { stableId } from '../domain/ids.ts';
import type { Program, User } from '../domain/model.ts';
import { seasonAt } from '../domain/program-board.ts';
import { quietPeriodAt } from '../domain/season.ts';
import {
  addresseeOf,
  letterOfIntentSent,
  planLetterOfIntent,
  planUpdateLetter,
  takesUpdates,
} from '../domain/season-letters.ts';
import { shortDate } from '../domain/time.ts';
import { type AppliedPlan, applyReminderPlan } from '../reminders/apply.ts';
import { plannerFor } from '../reminders/read.ts';
import { findProgram } from './programs.ts';

type LetterDeps = Pick<Deps, 'store' | 'clock'>;

/** Makes a program the season's first choice and plans its letter of intent. */
export async function chooseFirstChoice(
  user: User,
  idOrName: string,
  deps: LetterDeps,
): Promise<{ program: Program; reminders?: AppliedPlan; warnings: string[] }> {
  const now = deps.clock.now().toISOString();
  const season = seasonAt(now);
  if (!season) throw new InvalidInputError('no Match season is under way (shared/domain/seasons.json)');
  const program = await findProgram(user, idOrName, deps);
  const programs = await deps.store.programs.list(user.userId);
  const day = (iso: string) => shortDate(new Date(iso), user.timezone);
  const sent = programs.find((p) => p.programId !== program.programId && letterOfIntentSent(p, season.match));
  if (sent)
    return {
      program,
      warnings: [
        `You sent a letter of intent to ${sent.name} on ${day(letterOfIntentSent(sent, season.match)!)}. A letter of intent goes to one program only: a second would break the promise of the first. Send ${program.name} an update letter instead (rounds news "…").`,
      ],
    };
  const people = await deps.store.contacts.getMany(user.userId, program.contactIds);
  const to = addresseeOf(people);
  if (!to)
    throw new InvalidInputError(
      `${program.name} has nobody to write to yet: add its program director with rounds program set ${program.programId} --contact <email>`,
    );
  const previous = programs.filter(
    (p) => p.programId !== program.programId && p.firstChoice === season.match,
  );
  const warnings = previous.map(
    (p) =>
      `${p.name} was your first choice for the ${season.match} Match; now ${program.name} is, and only it gets a letter of intent.`,
  );
  const formerPeople = await deps.store.contacts.getMany(
    user.userId,
    previous.flatMap((p) => p.contactIds),
  );
  const planner = await plannerFor(
    user.userId,
    [...program.contactIds, ...formerPeople.map((c) => c.contactId)],
    deps,
  );
  for (const contact of formerPeople)
    for (const reminder of planner.open(contact.contactId))
      if (reminder.kind === 'letter_of_intent')
        planner.end(reminder, 'cancelled', `first choice is now ${program.programId}`, 'cancelled');
  if (planLetterOfIntent(planner, { program, to, season, now }) === 'too-late')
    warnings.push(`The rank list deadline (${day(season.rankListDeadline)}) has passed: no letter now.`);
  const reminders = await applyReminderPlan(planner.plan(), deps);
  for (const p of previous) {
    const { firstChoice: _was, ...rest } = p;
    await deps.store.programs.put(user.userId, rest);
  }
  const chosen = { ...program, firstChoice: season.match };
  await deps.store.programs.put(user.userId, chosen);
  return { program: chosen, reminders, warnings };
}

/** News for the programs still in play: one reminder naming the person at each. */
export async function recordNews(user: User, news: string, deps: LetterDeps) {
  const text = news.trim().replace(/\s+/g, ' ');
  if (!text) throw new InvalidInputError('say what the news is, e.g. rounds news "Step 2 CK: 252"');
  if (text.length > 200) throw new InvalidInputError('keep the news to one line (200 characters)');
  const now = deps.clock.now().toISOString();
  const quiet = quietPeriodAt(now);
  if (quiet)
    return {
      news: text,
      programs: [],
      warnings: [
        `The ${quiet.season.match} rank lists are certified: programs are not to be contacted until Match Day. Tell your mentors instead.`,
      ],
    };
  const programs = (await deps.store.programs.list(user.userId))
    .filter(takesUpdates)
    .sort((a, b) => a.name.localeCompare(b.name));
  const people = await deps.store.contacts.getMany(
    user.userId,
    programs.flatMap((p) => p.contactIds),
  );
  const recipients = programs.flatMap((program) => {
    const to = addresseeOf(people.filter((c) => program.contactIds.includes(c.contactId)));
    return to ? [{ program, to }] : [];
  });
  if (recipients.length === 0)
    throw new InvalidInputError('no program still in play has a person Rounds knows to write to');
  const planner = await plannerFor(
    user.userId,
    recipients.map((r) => r.to.contactId),
    deps,
  );
  planUpdateLetter(planner, {
    news: text,
    recipients,
    id: stableId(user.userId, 'news', text, now.slice(0, 10)),
    now,
  });
  const reminders = await applyReminderPlan(planner.plan(), deps);
  return { news: text, programs: recipients.map((r) => r.program.name), reminders, warnings: [] };
}

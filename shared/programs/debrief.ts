// After an interview day the user answers the debrief reminder with who they met — one person
// a line, "Dr. Sam Lee <slee@riverside.org>, APD" — and a "note …" of their impressions. The
// people become contacts of the program (and get a thank-you reminder, unless the program
// takes no post-interview mail); the note stays private, on the program, for the rank list.
import { updateContact } from '../contacts/book.ts';
import type { Deps } from '../deps.ts';
import { planThanksForNamed } from '../domain/interviews.ts';
import { type Contact, PROGRAM_STATUSES, type Program, type Reminder, type User } from '../domain/model.ts';
import { endedByReply } from '../domain/reminder-events.ts';
import { shortDate } from '../domain/time.ts';
import { visibleReplyText } from '../mail/reply-command.ts';
import { applyReminderPlan } from '../reminders/apply.ts';
import { plannerFor } from '../reminders/read.ts';
import { linkPeople, withStatus } from './programs.ts';

export type Debrief = {
  people: { email: string; name?: string; role?: string }[];
  note?: string;
};

const EMAIL = /[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+/;
const NOTE = /^\s*(?:note|notes|impressions?)\b\s*[:-]?\s*/i;
/** At most this many people from one reply: a pasted list of the whole faculty is not "who I met". */
const MAX_NAMED = 12;

/** One person a line: "Name <email>", "Name email", "email - Name", with ", role" after the name. */
function personOn(line: string): Debrief['people'][number] | undefined {
  const match = EMAIL.exec(line);
  if (!match) return undefined;
  const email = match[0].toLowerCase();
  const rest = `${line.slice(0, match.index)} ${line.slice(match.index + match[0].length)}`
    .replace(/mailto:/gi, '')
    .replace(/[<>()[\]"]/g, ' ')
    .replace(/^[\s,;:–—-]+|[\s,;:–—-]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const [name, ...role] = rest.split(/\s*[,;|]\s*|\s+[–—-]\s+/).filter(Boolean);
  return {
    email,
    ...(name ? { name: name.slice(0, 120) } : {}),
    ...(role.length ? { role: role.join(', ').slice(0, 120) } : {}),
  };
}

/** The people and the note in a reply's new text; undefined when it holds neither. */
export function parseDebrief(body: string): Debrief | undefined {
  const lines = visibleReplyText(body).split('\n');
  const people: Debrief['people'] = [];
  const noteAt = lines.findIndex((l) => NOTE.test(l));
  const personLines = noteAt >= 0 ? lines.slice(0, noteAt) : lines;
  for (const line of personLines) {
    const person = personOn(line);
    if (person && !people.some((p) => p.email === person.email)) people.push(person);
  }
  const note =
    noteAt >= 0
      ? [lines[noteAt]!.replace(NOTE, ''), ...lines.slice(noteAt + 1)].join('\n').trim().slice(0, 4000)
      : '';
  if (people.length === 0 && !note) return undefined;
  return { people: people.slice(0, MAX_NAMED), ...(note ? { note } : {}) };
}

/** Records a debrief: the people join the program, the note goes on it, the reminder is done. */
export async function recordDebrief(
  user: User,
  reminder: Reminder,
  debrief: Debrief,
  source: { messageId: string; occurredAt: string },
  deps: Pick<Deps, 'store' | 'clock'>,
): Promise<{ line: string; named: Contact[] }> {
  const programId = reminder.about?.program?.programId;
  const program = programId ? await deps.store.programs.get(user.userId, programId) : undefined;
  if (!program) return { line: 'That program is no longer in Rounds.', named: [] };
  const at = reminder.about!.occurredAt;
  const ids = await linkPeople(
    user,
    program,
    debrief.people.map((p) => p.email),
    deps,
  );
  // A name or role the user gives fills what Rounds does not know; it never overwrites.
  const named = await deps.store.contacts.getMany(user.userId, ids);
  for (const contact of named) {
    const given = debrief.people.find((p) => p.email === contact.email);
    const fields = {
      ...(given?.name && !contact.name ? { name: given.name } : {}),
      ...(given?.role && !contact.role ? { role: given.role } : {}),
    };
    if (Object.keys(fields).length) await updateContact(user.userId, contact.email, fields, deps.store);
  }
  // Answering the debrief says the interview happened.
  const after =
    PROGRAM_STATUSES.indexOf(program.status) < PROGRAM_STATUSES.indexOf('interviewed')
      ? withStatus(program, 'interviewed', at, source.messageId)
      : program;
  const updated: Program = {
    ...after,
    contactIds: [...new Set([...program.contactIds, ...ids])],
    ...(debrief.note && !(program.notes ?? []).some((n) => n.messageId === source.messageId)
      ? {
          notes: [
            ...(program.notes ?? []),
            { at: source.occurredAt, text: debrief.note, messageId: source.messageId },
          ],
        }
      : {}),
  };
  await deps.store.programs.put(user.userId, updated);
  const planner = await plannerFor(user.userId, [...updated.contactIds], deps);
  const fresh = await deps.store.contacts.getMany(user.userId, ids);
  planThanksForNamed(planner, {
    program: updated,
    named: fresh.filter((c) => c.contactId !== reminder.contactId),
    at,
    now: deps.clock.now().toISOString(),
    messageId: source.messageId,
  });
  planner.end(planner.get(reminder.reminderId) ?? reminder, 'done', endedByReply(source.messageId));
  const applied = await applyReminderPlan(planner.plan(), deps);
  const thanks = applied.created.find((r) => r.kind === 'thank_you');
  const who = debrief.people.length === 1 ? '1 person' : `${debrief.people.length} people`;
  const parts = [
    ...(debrief.people.length ? [`Added ${who} to ${program.name}`] : []),
    ...(debrief.note ? ['kept your note, privately, on the program'] : []),
    ...(thanks
      ? [`Rounds will remind you to thank them on ${shortDate(new Date(thanks.dueAt), user.timezone)}`]
      : []),
  ];
  const line = `${parts.join('; ')}.`;
  return { line: line.charAt(0).toUpperCase() + line.slice(1), named: fresh };
}

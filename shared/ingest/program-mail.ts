// A residency program's mail, forwarded by the user: logged as the program's person writing,
// and acted on for the season — the program found (or added: the forward is the user's
// confirmation), its person marked as one of its people, its status moved forward and dated
// by the mail, and the invitation's or the interview day's reminders planned, all in the
// delivery's one unit of work, so a delivery that fails mid-way runs again to the same end.
import type { Deps } from '../deps.ts';
import { stableId } from '../domain/ids.ts';
import { planInterview, planInvitation, planInvitationAnswered } from '../domain/interviews.ts';
import {
  type Contact,
  PROGRAM_STATUSES,
  type Program,
  type ProgramStatus,
  type User,
} from '../domain/model.ts';
import type { ReminderPlanner } from '../domain/reminder-plan.ts';
import type { Person } from '../mail/parse.ts';
import type { ProgramMail, ProgramMailKind } from '../mail/program-mail.ts';
import { withStatus } from '../programs/programs.ts';
import type { WriteUnit } from '../store/unit.ts';
import { type EmailFacts, logInboundEmail } from './emails.ts';
import type { IngestOutcome } from './outcome.ts';

const STATUS_OF: Record<ProgramMailKind, ProgramStatus> = {
  invitation: 'invited',
  waitlist: 'waitlisted',
  scheduled: 'scheduled',
  declined: 'declined',
};

/**
 * Mail moves a program forward only: an invitation forwarded after the interview was
 * scheduled changes nothing, and what the user said last (matched, withdrawn) stands.
 */
function movedBy(program: Program, kind: ProgramMailKind): ProgramStatus | undefined {
  const next = STATUS_OF[kind];
  const order = PROGRAM_STATUSES as readonly ProgramStatus[];
  return order.indexOf(next) > order.indexOf(program.status) ? next : undefined;
}

/** "Family Medicine Residency Program" and "family medicine residency" are one program. */
const sameName = (a: string, b: string) => {
  const key = (s: string) =>
    s
      .toLowerCase()
      .replace(/\b(the|program)\b/g, '')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return key(a) === key(b);
};

/** The program this mail is from: its person's, or one of that name at that place, or a new one. */
async function programFor(
  user: User,
  mail: ProgramMail,
  contact: Contact | undefined,
  fallbackName: string,
  at: string,
  deps: Pick<Deps, 'store' | 'clock'>,
): Promise<Program> {
  const programs = await deps.store.programs.list(user.userId);
  const name = mail.programName ?? fallbackName;
  const institution = mail.institution ?? contact?.institution ?? null;
  const found =
    programs.find((p) => contact?.programId && p.programId === contact.programId) ??
    programs.find(
      (p) =>
        sameName(p.name, name) && (!p.institution || !institution || sameName(p.institution, institution)),
    );
  if (found) return found;
  const status: ProgramStatus = 'applied';
  return {
    programId: stableId(user.userId, 'program', name.toLowerCase(), (institution ?? '').toLowerCase()),
    name,
    institution,
    specialty: null,
    contactPolicy: 'open',
    status,
    history: [{ status, at }],
    contactIds: [],
    createdAt: deps.clock.now().toISOString(),
  };
}

/** Logs a program's mail and acts on it for the season (see the header). */
export async function logProgramMail(
  user: User,
  mail: ProgramMail,
  original: EmailFacts & { from: Person },
  deps: Deps,
  unit: WriteUnit,
): Promise<IngestOutcome> {
  // A platform's no-reply address is nobody to write to; the program's own person is.
  let sender = mail.contact ?? (mail.via === 'program' ? original.from : undefined);
  const known = sender && (await deps.store.contacts.findByEmail(user.userId, sender.email));
  const domain = (sender ?? original.from).email.split('@')[1] ?? 'the program';
  const found = await programFor(
    user,
    mail,
    known,
    mail.institution ?? sender?.name ?? domain,
    original.occurredAt,
    deps,
  );
  // A platform's mail that names nobody (a date confirmed) is from the program's person Rounds knows.
  if (!sender && found.contactIds[0]) {
    const [first] = await deps.store.contacts.getMany(user.userId, [found.contactIds[0]]);
    if (first) sender = { email: first.email, ...(first.name ? { name: first.name } : {}) };
  }
  const moved = movedBy(found, mail.kind);
  let program: Program = moved ? withStatus(found, moved, original.occurredAt, original.messageId) : found;

  const act = async (contact: Contact, planner: ReminderPlanner) => {
    program = { ...program, contactIds: [...new Set([...program.contactIds, contact.contactId])] };
    const others = program.contactIds.filter((id) => id !== contact.contactId);
    const people = [contact, ...(await deps.store.contacts.getMany(user.userId, others))];
    planner.see(await deps.store.reminders.ofContacts(user.userId, others));
    const now = deps.clock.now().toISOString();
    if (mail.kind === 'invitation' && mail.respondBy && program.status === 'invited')
      planInvitation(planner, {
        program,
        contact,
        messageId: original.messageId,
        interactionId: stableId(user.userId, 'email', original.messageId),
        occurredAt: original.occurredAt,
        respondBy: mail.respondBy,
        zone: mail.programZone,
        assumed: mail.respondByAssumed,
        now,
        user,
      });
    else planInvitationAnswered(planner, program.contactIds, `program mail ${original.messageId}`);
    if (mail.kind === 'scheduled' && mail.interviewAt) {
      const previousAt = program.interview?.at;
      program = {
        ...program,
        interview: {
          at: mail.interviewAt,
          ...(mail.programZone ? { zone: mail.programZone } : {}),
          attending: true,
        },
      };
      planInterview(planner, { program, people, at: mail.interviewAt, previousAt, now, user });
    }
  };

  const outcome: IngestOutcome = sender
    ? await logInboundEmail(user, sender, original, deps, unit, async ({ contact, book, planner }) => {
        await act(contact, planner);
        book.joinProgram(contact.contactId, program);
      })
    : {
        messageId: original.messageId,
        status: 'logged',
        interactions: [],
        reminders: { created: [], resolved: [] },
        warnings: [
          `the mail names no address at ${program.name}: add its coordinator with rounds program set ${program.programId} --contact <email>`,
        ],
      };
  unit.add(deps.store.programs.putWrite(user.userId, program));
  return { ...outcome, program: { id: program.programId, name: program.name, status: program.status } };
}

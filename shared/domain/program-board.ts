// The season at a glance: each program the user applies to, where it stands and since when,
// its interview day, and the next thing Rounds will ask about it — the spreadsheet applicants
// keep by hand, kept for them. One pure view for the digest's by-program section and the web
// app's board, so both say the same.
import { addDays } from './clock.ts';
import type { Contact, Program, ProgramStatus, Reminder } from './model.ts';
import { isOpen, namesOf, reminderPeople } from './model.ts';
import { isMoot, reminderLabel } from './reminder-kinds.ts';
import { SEASONS, type Season } from './season.ts';

export type ProgramLine = {
  programId: string;
  name: string;
  institution: string | null;
  status: ProgramStatus;
  /** When the program came to its status. */
  since: string;
  interview?: { at: string; zone?: string; attending: boolean };
  /** The next open reminder about the program. */
  next?: { label: string; dueAt: string };
};

/** Programs still in play: the season's work is about them. */
const CLOSED: readonly ProgramStatus[] = ['declined', 'withdrawn', 'matched'];

/** Board order: interviews to come first (soonest first), then offers to answer, then the rest. */
const STAGE: Record<ProgramStatus, number> = {
  scheduled: 0,
  invited: 1,
  waitlisted: 2,
  interviewed: 3,
  thanked: 3,
  letter_of_intent: 3,
  update_sent: 3,
  ranked: 4,
  signaled: 5,
  applied: 6,
  matched: 7,
  declined: 8,
  withdrawn: 9,
};

export const isInPlay = (p: Pick<Program, 'status'>) => !CLOSED.includes(p.status);

export function programBoard(programs: Program[], reminders: Reminder[], now: string): ProgramLine[] {
  const nextOf = new Map<string, Reminder>();
  for (const r of reminders) {
    const id = r.about?.program?.programId;
    if (!id || !isOpen(r.state) || isMoot(r, now)) continue;
    const seen = nextOf.get(id);
    if (!seen || r.dueAt < seen.dueAt) nextOf.set(id, r);
  }
  return programs
    .map((p): ProgramLine => {
      const next = nextOf.get(p.programId);
      return {
        programId: p.programId,
        name: p.name,
        institution: p.institution,
        status: p.status,
        since: p.history.at(-1)?.at ?? p.createdAt,
        ...(p.interview ? { interview: p.interview } : {}),
        ...(next
          ? {
              next: {
                label: reminderLabel(next.kind, namesOf(reminderPeople(next)), next.about?.subject),
                dueAt: next.dueAt,
              },
            }
          : {}),
      };
    })
    .sort((a, b) => {
      const upcoming = (l: ProgramLine) => (l.interview && l.interview.at > now ? l.interview.at : '~');
      return (
        STAGE[a.status] - STAGE[b.status] ||
        upcoming(a).localeCompare(upcoming(b)) ||
        a.name.localeCompare(b.name)
      );
    });
}

/** The season `now` is in, from ERAS opening to a week after Match Day, if any. */
export function seasonAt(now: string, seasons: readonly Season[] = SEASONS): Season | undefined {
  const t = Date.parse(now);
  return seasons.find((s) => t >= Date.parse(s.erasOpens) && t < Date.parse(addDays(s.matchDay, 7)));
}

/** Addresses anyone can have: sharing one says nothing about where a person works. */
const PERSONAL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
]);

const domainOf = (email: string) => email.split('@')[1]?.toLowerCase() ?? '';

/**
 * People Rounds proposes for each program, for the user to confirm: recent contacts in no
 * program who write from the domain of the program's people, or whose institution is the
 * program's. Mentors and sponsors are never proposed (they are not a program's to the season).
 */
export function suggestedPeople(
  programs: Pick<Program, 'programId' | 'institution' | 'contactIds' | 'status'>[],
  programPeople: Pick<Contact, 'contactId' | 'email'>[],
  recent: Contact[],
): Map<string, Contact[]> {
  const emailOf = new Map(programPeople.map((c) => [c.contactId, c.email]));
  const suggestions = new Map<string, Contact[]>();
  const free = recent.filter(
    (c) => !c.programId && c.status !== 'stopped' && c.tier !== 'mentor' && c.tier !== 'sponsor',
  );
  for (const program of programs.filter(isInPlay)) {
    const domains = new Set(
      program.contactIds
        .flatMap((id) => emailOf.get(id) ?? [])
        .map(domainOf)
        .filter((d) => d && !PERSONAL_DOMAINS.has(d)),
    );
    const institution = program.institution?.trim().toLowerCase();
    const found = free.filter(
      (c) =>
        !program.contactIds.includes(c.contactId) &&
        (domains.has(domainOf(c.email)) ||
          Boolean(institution && c.institution?.trim().toLowerCase() === institution)),
    );
    if (found.length) suggestions.set(program.programId, found.slice(0, 5));
  }
  return suggestions;
}

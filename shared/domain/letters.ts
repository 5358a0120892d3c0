// A letter writer's ladder, as reminder plans: asked → promised (agreed) → request form sent →
// uploaded → assigned. Agreeing brings the ERAS request form to send; the form sent, a check
// on the date the letter is needed (ERAS: before programs begin reviewing) and at most two
// polite nudges to the writer after it; uploaded, assigning it to programs. Each step ends
// the reminders of the steps before it; a no ends them all.
import { addDays } from './clock.ts';
import type { Contact, LetterStatus, Reminder } from './model.ts';
import { LETTER_STATUSES } from './model.ts';
import type { About, ReminderPlanner } from './reminder-plan.ts';
import { SEASONS, type Season } from './season.ts';

/** Days after the needed-by date for the two polite nudges, if the letter is still not in. */
export const LETTER_NUDGE_DAYS = [3, 10] as const;

/** The step that answers each reminder of the ladder: the request by the form, a check by the letter. */
const ANSWERED_BY: Record<string, LetterStatus> = {
  letter_request: 'form_sent',
  letter_check: 'uploaded',
  letter_nudge: 'uploaded',
  letter_assign: 'assigned',
};

const rank = (s: LetterStatus | null | undefined) => (s ? LETTER_STATUSES.indexOf(s) : -1);

/** When a letter is needed by default: a week before programs begin reviewing ERAS, else in two weeks. */
export function letterNeededBy(now: string, seasons: readonly Season[] = SEASONS): string {
  const next = seasons.find((s) => Date.parse(addDays(s.programsReview, -7)) > Date.parse(now));
  return next ? addDays(next.programsReview, -7) : addDays(now, 14);
}

/** Reads "agreed", "form sent", "Form-Sent" as the ladder's words. */
export function parseLetterStatus(value: string): LetterStatus | undefined {
  const word = value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  const status = word === 'agreed' ? 'promised' : word;
  return (LETTER_STATUSES as readonly string[]).includes(status) ? (status as LetterStatus) : undefined;
}

/** The writer moved from one step to another: end what is behind, plan what this step asks. */
export function planLetterStep(
  planner: ReminderPlanner,
  event: {
    writer: Contact;
    from: LetterStatus | null | undefined;
    to: LetterStatus;
    neededBy: string;
    now: string;
  },
): void {
  const { writer, to, now } = event;
  if (to === event.from) return;
  const open = planner.open(writer.contactId).filter((r) => r.kind in ANSWERED_BY);
  const answered = (r: Reminder) => to === 'declined' || rank(to) >= rank(ANSWERED_BY[r.kind]);
  for (const r of open)
    if (answered(r))
      planner.end(
        r,
        to === 'declined' ? 'cancelled' : 'resolved',
        `letter ${to}`,
        to === 'declined' ? 'cancelled' : 'resolved',
      );
  const about = (subject: string, occurredAt: string): About => ({
    subject,
    occurredAt,
    interactionId: `letter:${writer.contactId}`,
  });
  const source = `letter:${writer.contactId}:${to}`;
  if (to === 'promised')
    planner.create(
      writer,
      { kind: 'letter_request', dueAt: now },
      about('Letter of recommendation', now),
      source,
    );
  if (to === 'form_sent') {
    const due = event.neededBy > now ? event.neededBy : now;
    planner.create(
      writer,
      { kind: 'letter_check', dueAt: due },
      about('Letter of recommendation', due),
      source,
    );
    for (const [i, days] of LETTER_NUDGE_DAYS.entries())
      planner.create(
        writer,
        { kind: 'letter_nudge', dueAt: addDays(due, days) },
        about('Letter of recommendation', due),
        `${source}:${i + 1}`,
      );
  }
  if (to === 'uploaded')
    planner.create(
      writer,
      { kind: 'letter_assign', dueAt: now },
      about('Letter of recommendation', now),
      source,
    );
}

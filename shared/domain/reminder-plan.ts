// The reminder lifecycle, planned. Every event that changes reminders — an email the user
// sent, a contact's reply, a meeting, a cancellation, a reply command, the morning run, a
// milestone added — is turned, without I/O, into a plan: reminders to create, end (resolved,
// done, skipped, cancelled) or move, and contacts that go dormant. This file is the plan and
// its builder; reminder-events.ts says what each event plans; reminders/apply.ts applies it.
import { stableId } from './ids.ts';
import {
  type Contact,
  isAbout,
  isOpen,
  type Program,
  type Reminder,
  type ReminderPerson,
  type ReminderState,
} from './model.ts';
import type { ReminderDraft } from './playbook.ts';

export type EndedState = Exclude<ReminderState, 'pending' | 'sent' | 'snoozed'>;

/** Which list of an outcome a change appears in once it took effect; none when it is housekeeping. */
export type ReminderChange =
  | { op: 'create'; reminder: Reminder; report?: 'created' }
  | { op: 'end'; reminder: Reminder; state: EndedState; by: string; report?: 'resolved' | 'cancelled' }
  | { op: 'move'; reminder: Reminder; dueAt: string; state: 'pending' | 'snoozed'; report?: 'moved' };

export type ReminderPlan = {
  userId: string;
  /** When the plan was made: the time ended and created reminders record. */
  now: string;
  changes: ReminderChange[];
  /** Contacts whose last nudge is out: dormant from then on, unless they answer. */
  dormant: { contactId: string; after: string }[];
};

/** Who a reminder is about: enough of a contact to name it. */
export type ReminderSubject = Pick<Contact, 'contactId' | 'email' | 'name'>;

/** What a reminder is about, for its email ("your email “…” of 2 Nov"). */
export type About = NonNullable<Reminder['about']>;

/** The program a reminder is about, with whether it takes post-interview mail. */
export const programRef = (program: Program): NonNullable<About['program']> => ({
  programId: program.programId,
  name: program.name,
  ...(program.contactPolicy === 'no-post-interview' ? { noPostInterview: true } : {}),
});

/** A reminder's id: stable for its source, kind and contact, so a re-run finds the same one. */
export const reminderIdFor = (userId: string, source: string, kind: Reminder['kind'], contactId: string) =>
  stableId(userId, 'reminder', source, kind, contactId);

/**
 * Builds one plan against a view of the reminders read for the event, kept current as the
 * plan grows, so later rules see what earlier ones did (a nudge resolved, a cadence moved).
 */
export class ReminderPlanner {
  private readonly view = new Map<string, Reminder>();
  private readonly changes: ReminderChange[] = [];
  private readonly dormant: ReminderPlan['dormant'] = [];

  constructor(
    readonly userId: string,
    readonly now: string,
    reminders: Reminder[] = [],
    /** Past mail: reminders due before this are not made (see CaptureTags.staleBefore). */
    private readonly staleBefore?: string,
  ) {
    this.see(reminders);
  }

  /** Adds reminders read later to the view (ones already in it are kept as planned). */
  see(reminders: Reminder[]): this {
    for (const reminder of reminders)
      if (!this.view.has(reminder.reminderId)) this.view.set(reminder.reminderId, reminder);
    return this;
  }

  get(reminderId: string): Reminder | undefined {
    return this.view.get(reminderId);
  }

  /** A contact's open reminders, by due time. */
  open(contactId: string): Reminder[] {
    return [...this.view.values()]
      .filter((r) => isAbout(r, contactId) && isOpen(r.state))
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  create(
    contact: ReminderSubject,
    draft: Pick<ReminderDraft, 'kind' | 'dueAt'>,
    about: About,
    source: string,
    options: {
      nameHint?: string | undefined;
      report?: boolean;
      /** The others on the same thread, named in the same reminder. */
      others?: ReminderPerson[];
    } = {},
  ): Reminder {
    const name = contact.name ?? options.nameHint;
    const reminder: Reminder = {
      reminderId: reminderIdFor(this.userId, source, draft.kind, contact.contactId),
      userId: this.userId,
      kind: draft.kind,
      contactId: contact.contactId,
      contactEmail: contact.email,
      ...(name ? { contactName: name } : {}),
      ...(options.others?.length ? { others: options.others } : {}),
      dueAt: draft.dueAt,
      state: 'pending',
      createdAt: this.now,
      about,
    };
    // Past mail: a thank-you or a nudge whose moment passed long ago would only be noise.
    if (this.staleBefore && draft.kind !== 'keep_in_touch' && draft.dueAt < this.staleBefore) return reminder;
    // Writing an existing id again changes nothing (a re-run); the view keeps what is stored.
    if (!this.view.has(reminder.reminderId)) this.view.set(reminder.reminderId, reminder);
    this.changes.push({ op: 'create', reminder, ...(options.report === false ? {} : { report: 'created' }) });
    return reminder;
  }

  end(reminder: Reminder, state: EndedState, by: string, report?: 'resolved' | 'cancelled'): void {
    if (!isOpen(this.view.get(reminder.reminderId)?.state ?? reminder.state)) return;
    this.view.set(reminder.reminderId, { ...reminder, state, endedAt: this.now, endedBy: by });
    this.changes.push({ op: 'end', reminder, state, by, ...(report ? { report } : {}) });
  }

  move(reminder: Reminder, dueAt: string, state: 'pending' | 'snoozed', report?: 'moved'): void {
    if (!isOpen(this.view.get(reminder.reminderId)?.state ?? reminder.state)) return;
    this.view.set(reminder.reminderId, { ...reminder, dueAt, state });
    this.changes.push({ op: 'move', reminder, dueAt, state, ...(report ? { report } : {}) });
  }

  goDormant(contactId: string, after: string): void {
    this.dormant.push({ contactId, after });
  }

  plan(): ReminderPlan {
    return { userId: this.userId, now: this.now, changes: [...this.changes], dormant: [...this.dormant] };
  }
}

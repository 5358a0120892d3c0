// What each event does to a contact's reminders, as plans (reminder-plan.ts): an email the
// user wrote, a contact's reply, the keep-in-touch cadence, a meeting and its updates, the
// reply commands, and the morning run. The rules they follow are the playbook's (playbook.ts).
import type { Contact, Reminder, ReminderPerson } from './model.ts';
import { isOpen } from './model.ts';
import {
  type CaptureTags,
  type DueReminder,
  dormantAfter,
  isAnsweredByContactReply,
  isAnsweredByOutboundEmail,
  keepInTouchDue,
  planSends,
  type ReminderDraft,
  remindersAfterOutboundEmail,
} from './playbook.ts';
import { isMoot } from './reminder-kinds.ts';
import { type About, type ReminderPlanner, reminderIdFor } from './reminder-plan.ts';
import { seasonHold } from './season.ts';
import type { Settings } from './settings.ts';

export type EmailEvent = {
  messageId: string;
  interactionId: string;
  occurredAt: string;
  subject?: string | undefined;
};

/**
 * The user wrote to these contacts. Writing answers the reminders that asked for it; each
 * direct recipient still to answer gets the next nudge (up to the last), the last nudge sets
 * dormancy, and every live contact's keep-in-touch cadence starts again.
 */
export function planUserWrote(
  planner: ReminderPlanner,
  event: EmailEvent & {
    /** Everyone written to, stopped contacts included (their old reminders end too). */
    contacts: Contact[];
    /** The To recipients who are not stopped, with the count of unanswered emails (this one included). */
    direct: { contact: Contact; unanswered: number }[];
    tags: CaptureTags;
    nameHints?: Map<string, string | undefined>;
  },
  settings: Settings,
): void {
  for (const contact of event.contacts)
    for (const reminder of planner.open(contact.contactId)) {
      if (reminder.about?.interactionId === event.interactionId) continue;
      if (!isAnsweredByOutboundEmail(reminder, event.occurredAt, settings)) continue;
      planner.end(reminder, 'resolved', `email ${event.messageId}`, 'resolved');
    }
  planFollowUps(planner, { ...event, source: event.interactionId, aboutId: event.interactionId }, settings);
  for (const contact of event.contacts) planKeepInTouch(planner, contact, settings);
}

/** The nudges (and conference follow-ups) an email calls for, and dormancy after the last nudge. */
function planFollowUps(
  planner: ReminderPlanner,
  event: EmailEvent & {
    direct: { contact: Contact; unanswered: number }[];
    tags: CaptureTags;
    source: string;
    aboutId: string;
    nameHints?: Map<string, string | undefined>;
  },
  settings: Settings,
): void {
  for (const { contact, unanswered } of event.direct) {
    const after = dormantAfter(unanswered, event.occurredAt, settings);
    if (after) planner.goDormant(contact.contactId, after);
  }
  const drafts = remindersAfterOutboundEmail(
    {
      occurredAt: event.occurredAt,
      directRecipients: event.direct.map((d) => ({ email: d.contact.email, unanswered: d.unanswered })),
      tags: event.tags,
    },
    settings,
  );
  const about: About = {
    ...(event.subject ? { subject: event.subject } : {}),
    occurredAt: event.occurredAt,
    interactionId: event.aboutId,
  };
  const contactOf = (email: string) => event.direct.find((d) => d.contact.email === email)!.contact;
  const person = (c: Contact): ReminderPerson => {
    const name = c.name ?? event.nameHints?.get(c.email);
    return { contactId: c.contactId, email: c.email, ...(name ? { name } : {}) };
  };
  // One thread, one nudge: the people of one email who are all still to answer share one.
  const nudges = drafts.filter((d) => d.kind === 'no_reply_nudge');
  for (const draft of drafts.filter((d) => d.kind !== 'no_reply_nudge')) {
    const contact = contactOf(draft.contactEmail);
    planner.create(contact, draft, about, event.source, { nameHint: event.nameHints?.get(contact.email) });
  }
  const [first, ...rest] = nudges;
  if (first) {
    const contact = contactOf(first.contactEmail);
    planner.create(contact, first, about, event.source, {
      nameHint: event.nameHints?.get(contact.email),
      others: rest.map((d) => person(contactOf(d.contactEmail))),
    });
  }
}

/** The contact answered: never a nudge after that; their cadence starts again. */
export function planContactReplied(
  planner: ReminderPlanner,
  event: { contact: Contact; repliedAt: string; by: string },
  settings: Settings,
): void {
  planNudgesAnswered(planner, event);
  planKeepInTouch(planner, event.contact, settings);
}

/** The contact answered at that time: the nudges that waited for it end. */
export function planNudgesAnswered(
  planner: ReminderPlanner,
  event: { contact: Pick<Contact, 'contactId'>; repliedAt: string; by: string },
): void {
  for (const reminder of planner.open(event.contact.contactId))
    if (isAnsweredByContactReply(reminder, event.repliedAt))
      planner.end(reminder, 'resolved', event.by, 'resolved');
}

/**
 * Keeps exactly one open keep-in-touch reminder per tiered contact, due a cadence after the
 * last interaction either way. One already sent is answered by the new interaction.
 */
export function planKeepInTouch(
  planner: ReminderPlanner,
  contact: Contact,
  settings: Settings,
  options: { notBefore?: string } = {},
): void {
  if (!contact.lastContactAt || contact.status === 'stopped') return;
  const cadenceDue = keepInTouchDue(contact.lastContactAt, contact.tier, settings);
  if (!cadenceDue) return;
  // A cadence that lapsed before Rounds knew of it (an import) comes due no earlier than given.
  const due = options.notBefore && options.notBefore > cadenceDue ? options.notBefore : cadenceDue;
  let waiting = false;
  for (const reminder of planner.open(contact.contactId).filter((r) => r.kind === 'keep_in_touch')) {
    if (reminder.state === 'sent') planner.end(reminder, 'resolved', 'in touch again');
    else if (waiting) planner.end(reminder, 'resolved', 'duplicate cadence');
    else {
      waiting = true;
      if (reminder.dueAt !== due) planner.move(reminder, due, 'pending');
    }
  }
  if (!waiting)
    planner.create(
      contact,
      { kind: 'keep_in_touch', dueAt: due },
      {
        subject: 'Keep in touch',
        occurredAt: contact.lastContactAt,
        interactionId: `cadence:${contact.contactId}`,
      },
      `cadence:${due}`,
    );
}

/**
 * A meeting as its latest invitation has it: its reminders are created, moved to the new
 * time, or cancelled when the update no longer calls for them. Returns the meeting's reminder ids.
 */
export function planMeeting(
  planner: ReminderPlanner,
  event: {
    source: string;
    drafts: ReminderDraft[];
    contacts: Contact[];
    about: About;
    /** The reminders the meeting had before this update. */
    previousIds: string[];
    nameHints?: Map<string, string | undefined>;
  },
): string[] {
  const ids: string[] = [];
  for (const draft of event.drafts) {
    const contact = event.contacts.find((c) => c.email === draft.contactEmail)!;
    const id = reminderIdFor(planner.userId, event.source, draft.kind, contact.contactId);
    ids.push(id);
    const current = planner.get(id);
    if (current) {
      if (isOpen(current.state) && current.dueAt !== draft.dueAt)
        planner.move(current, draft.dueAt, 'pending', 'moved');
      continue;
    }
    planner.create(contact, draft, event.about, event.source, {
      nameHint: event.nameHints?.get(contact.email),
    });
  }
  // Reminders the update no longer calls for (an attendee dropped, the meeting now past).
  planCancel(
    planner,
    event.previousIds.filter((id) => !ids.includes(id)),
    'meeting changed',
  );
  return ids;
}

/** Cancels whichever of these reminders are still open. */
export function planCancel(planner: ReminderPlanner, reminderIds: string[], why: string): void {
  for (const id of reminderIds) {
    const reminder = planner.get(id);
    if (reminder) planner.end(reminder, 'cancelled', why, 'cancelled');
  }
}

/** "stop": no more reminders about this contact. */
export function planStop(planner: ReminderPlanner, contactId: string, by: string): void {
  for (const reminder of planner.open(contactId)) planner.end(reminder, 'cancelled', by);
}

/**
 * "done" on a reminder to write: the user wrote, as if Rounds had seen the email. A nudge
 * counts as a nudge sent (the next one, or dormancy, follows); the cadence starts again.
 */
/** Who ended a reminder from a reply, a digest line or a click: that message, so a re-run knows it. */
export const endedByReply = (messageId: string) => `reply ${messageId}`;

export function planDone(
  planner: ReminderPlanner,
  event: {
    reminder: Reminder;
    /** The contact as it is after this, and their unanswered count when the reminder was a nudge. */
    contact?: Contact | undefined;
    unanswered?: number | undefined;
    messageId: string;
    occurredAt: string;
    noFollowUpTags: CaptureTags;
  },
  settings: Settings,
): void {
  planner.end(event.reminder, 'done', endedByReply(event.messageId));
  const { contact } = event;
  if (!contact) return;
  if (event.reminder.kind === 'no_reply_nudge' && event.unanswered !== undefined)
    planFollowUps(
      planner,
      {
        messageId: event.messageId,
        interactionId: `done:${event.messageId}`,
        occurredAt: event.occurredAt,
        subject: event.reminder.about?.subject,
        direct: [{ contact, unanswered: event.unanswered }],
        tags: event.noFollowUpTags,
        source: `done:${event.messageId}`,
        aboutId: `done:${event.messageId}`,
      },
      settings,
    );
  planKeepInTouch(planner, contact, settings);
}

/**
 * The morning run: reminders about stopped (or removed) contacts are cancelled, the spacing
 * rule holds some back to a later day, and the rest are to be sent now.
 */
export function planMorningRun<R extends Reminder & DueReminder>(
  planner: ReminderPlanner,
  due: R[],
  contacts: Map<string, Contact | undefined>,
  settings: Settings,
  asOf: string,
): R[] {
  const live: R[] = [];
  for (const reminder of due) {
    const contact = contacts.get(reminder.contactId);
    const hold = contact && seasonHold(reminder, contact, asOf);
    if (!contact || contact.status === 'stopped') planner.end(reminder, 'cancelled', 'contact stopped');
    else if (reminder.about?.deadline && isMoot(reminder, asOf))
      planner.end(reminder, 'cancelled', 'its deadline passed');
    else if (hold?.end) planner.end(reminder, 'cancelled', hold.why);
    else if (hold) planner.move(reminder, hold.until, 'pending');
    else live.push(reminder);
  }
  // A reminder still 'sent' was claimed by a run that died before its email went: pacing let it
  // through then, and its own claim must not hold it back now.
  const retries = live.filter((r) => r.state === 'sent');
  const { send, defer } = planSends(
    live.filter((r) => r.state !== 'sent'),
    (contactId) => contacts.get(contactId)?.lastWriteReminderAt,
    settings,
    asOf,
  );
  for (const held of defer) planner.move(held, held.until, 'pending');
  return [...retries, ...send];
}

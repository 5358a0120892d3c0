// Calendar invitations: a meeting on the timeline, preparation the day before, a thank-you
// the day after. An update (same UID, higher SEQUENCE) moves them; a cancellation removes them.
import { ContactSet } from '../contacts/contact-set.ts';
import { capPeople, contactPeople, ownAddresses } from '../contacts/people.ts';
import type { Deps } from '../deps.ts';
import { stableId } from '../domain/ids.ts';
import type { Interaction, Meeting, User } from '../domain/model.ts';
import { type CaptureTags, remindersForMeeting } from '../domain/playbook.ts';
import { redactTitle } from '../domain/privacy.ts';
import { planCancel, planKeepInTouch, planMeeting } from '../domain/reminder-events.ts';
import { ReminderPlanner } from '../domain/reminder-plan.ts';
import { resolveSettings } from '../domain/settings.ts';
import { interactionView } from '../domain/views.ts';
import type { CalendarEvent } from '../mail/calendar.ts';
import type { ParsedMail } from '../mail/parse.ts';
import { stageReminderPlan } from '../reminders/apply.ts';
import type { WriteUnit } from '../store/unit.ts';
import type { IngestOutcome } from './outcome.ts';

export async function logMeetings(
  input: {
    user: User;
    mail: ParsedMail;
    events: CalendarEvent[];
    fromUser: boolean;
    tags: CaptureTags;
    /** The delivery's unit of work: every write of every meeting goes in it. */
    unit: WriteUnit;
  },
  deps: Deps,
): Promise<IngestOutcome> {
  const outcome: IngestOutcome = {
    messageId: input.mail.messageId,
    status: 'logged',
    interactions: [],
    reminders: { created: [], resolved: [], moved: [], cancelled: [] },
  };
  let ignoredReason: string | undefined;
  const { user, unit } = input;
  const events = input.events.filter((e) => e.method !== 'REPLY');
  // Every meeting of the message in one BatchGet; one contact set and one plan for them all.
  const keys = events.map((e) => stableId(user.userId, 'meeting', e.uid));
  const known = await deps.store.meetings.getEach(user.userId, keys);
  const run: MeetingRun = {
    book: new ContactSet(user, deps),
    planner: new ReminderPlanner(user.userId, deps.clock.now().toISOString(), [], input.tags.staleBefore),
    read: new Set(),
    records: [],
  };
  for (const [i, event] of events.entries()) {
    const result = await logMeeting({ ...input, event, existing: known[i], meetingKey: keys[i]! }, run, deps);
    if (result.kind === 'rejected')
      return { messageId: input.mail.messageId, status: 'rejected', reason: result.reason };
    if (result.kind === 'ignored') ignoredReason ??= result.reason;
    else if (result.interaction) outcome.interactions!.push(interactionView(result.interaction));
  }
  if (run.records.length === 0)
    return {
      messageId: input.mail.messageId,
      status: 'ignored',
      reason: ignoredReason ?? 'calendar-unreadable',
    };
  // The plan's writes, then each meeting's record (which names the reminders it set); the
  // contacts go first. All are made when the delivery's unit commits, the seen marker last.
  const applied = stageReminderPlan(run.planner.plan(), unit, deps);
  for (const { key, meeting } of run.records)
    unit.add(deps.store.meetings.putWrite(user.userId, key, meeting));
  run.book.stage(unit);
  const reminders = {
    created: applied.created,
    resolved: [],
    moved: applied.moved,
    cancelled: applied.cancelled,
  };
  outcome.reminders = reminders;
  unit.onCommit(() => {
    if (reminders.moved.length === 0) delete (reminders as { moved?: unknown }).moved;
    if (reminders.cancelled.length === 0) delete (reminders as { cancelled?: unknown }).cancelled;
  });
  return outcome;
}

type MeetingResult =
  | { kind: 'rejected'; reason: string }
  | { kind: 'ignored'; reason: string }
  | { kind: 'logged'; interaction?: Interaction };

/** What the meetings of one message share: their contacts, one plan, the records to write. */
type MeetingRun = {
  book: ContactSet;
  planner: ReminderPlanner;
  /** Contacts whose reminders the planner has seen. */
  read: Set<string>;
  records: { key: string; meeting: Meeting }[];
};

async function logMeeting(
  input: {
    user: User;
    mail: ParsedMail;
    event: CalendarEvent;
    existing: Meeting | undefined;
    meetingKey: string;
    fromUser: boolean;
    tags: CaptureTags;
    unit: WriteUnit;
  },
  run: MeetingRun,
  deps: Deps,
): Promise<MeetingResult> {
  const { user, mail, event, existing, meetingKey, unit } = input;
  const { store } = deps;
  const { planner, book } = run;
  const nowIso = deps.clock.now().toISOString();

  // From anyone but the user, only the organizer of a meeting the user logged may change it.
  if (!input.fromUser && (!existing?.organizerEmail || existing.organizerEmail !== mail.from?.email))
    return { kind: 'rejected', reason: 'unknown-sender' };
  // One changed occurrence of a series (RECURRENCE-ID alone) moves the meeting only when it is
  // the occurrence Rounds follows; its SEQUENCE counts within the occurrence, not the series.
  if (event.occurrenceOf && existing && !existing.cancelled && existing.occurredAt !== event.occurrenceOf)
    return { kind: 'ignored', reason: 'other-occurrence' };
  if (existing && !event.occurrenceOf && event.sequence < existing.sequence)
    return { kind: 'ignored', reason: 'stale-calendar-update' };

  if (event.cancelled) {
    if (!existing || existing.cancelled) return { kind: 'ignored', reason: 'unknown-meeting' };
    const old = await store.interactions.get(user.userId, existing.interactionId);
    if (old) await store.interactions.delete(user.userId, old);
    planner.see(await store.reminders.getMany(user.userId, existing.reminderIds));
    planCancel(planner, existing.reminderIds, 'meeting cancelled');
    run.records.push({
      key: meetingKey,
      meeting: {
        ...existing,
        sequence: Math.max(event.sequence, existing.sequence),
        cancelled: true,
        reminderIds: [],
      },
    });
    return { kind: 'logged' };
  }

  const everyone = [...(event.organizer ? [event.organizer] : []), ...event.attendees];
  const { kept: people } = capPeople(contactPeople(everyone, user, deps.config.captureDomain));
  if (people.length === 0) return { kind: 'ignored', reason: 'no-recipient' };
  const userIsOrganizer = event.organizer ? ownAddresses(user).has(event.organizer.email) : input.fromUser;
  // A meeting still ahead is contact already made (the invitation), not contact in the future.
  const touchedAt = event.start < nowIso ? event.start : nowIso;
  const contacts = await book.ensure(people, { occurredAt: touchedAt, tags: input.tags });
  // An invitation from them is their reaching out (the Match Week rule: a program wrote first),
  // dated when their calendar wrote it; without that date, it is not known to be this week.
  const organizer =
    !userIsOrganizer && contacts.find((c) => c.email === event.organizer?.email.toLowerCase());
  if (organizer && event.sentAt)
    book.heardFrom(organizer.contactId, event.sentAt < nowIso ? event.sentAt : nowIso);

  const interaction: Interaction = {
    interactionId: stableId(user.userId, 'meeting', event.uid),
    kind: 'meeting',
    direction: userIsOrganizer ? 'outbound' : 'inbound',
    occurredAt: event.start,
    ...(event.summary ? { subject: redactTitle(event.summary) } : {}),
    messageId: mail.messageId,
    contacts: people,
    contactIds: contacts.map((c) => c.contactId),
  };
  if (existing) {
    const old = await store.interactions.get(user.userId, existing.interactionId);
    if (
      old &&
      (old.occurredAt !== interaction.occurredAt || old.contactIds.join() !== interaction.contactIds.join())
    )
      await store.interactions.delete(user.userId, old);
  }
  unit.add(...store.interactions.putWrites(user.userId, interaction));

  const settings = resolveSettings(user.settings);
  const organizerEmail = event.organizer?.email;
  const drafts = remindersForMeeting(
    {
      start: event.start,
      end: event.end,
      allDay: event.allDay,
      contacts: contacts.filter((c) => c.status !== 'stopped').map((c) => c.email),
      ...(organizerEmail ? { organizerEmail } : {}),
      userIsOrganizer,
    },
    settings,
    nowIso,
  );
  // Reminders of contacts not yet read (none for one this message creates), and of attendees
  // an update dropped (not among the contacts).
  const unread = contacts.map((c) => c.contactId).filter((id) => !run.read.has(id) && !book.isNew(id));
  for (const id of unread) run.read.add(id);
  const [theirs, previous] = await Promise.all([
    store.reminders.ofContacts(user.userId, unread),
    store.reminders.getMany(
      user.userId,
      (existing?.reminderIds ?? []).filter((id) => !planner.get(id)),
    ),
  ]);
  planner.see(theirs).see(previous);
  const reminderIds = planMeeting(planner, {
    source: `meeting:${event.uid}`,
    drafts,
    contacts,
    about: {
      ...(event.summary ? { subject: redactTitle(event.summary) } : {}),
      occurredAt: event.start,
      interactionId: interaction.interactionId,
    },
    previousIds: existing?.reminderIds ?? [],
    nameHints: new Map(people.map((p) => [p.email, p.name])),
  });
  for (const contact of contacts) planKeepInTouch(planner, contact, settings);
  run.records.push({
    key: meetingKey,
    meeting: {
      uid: event.uid,
      sequence: Math.max(event.sequence, existing?.sequence ?? 0),
      ...(organizerEmail ? { organizerEmail } : {}),
      interactionId: interaction.interactionId,
      occurredAt: event.start,
      contactIds: interaction.contactIds,
      reminderIds,
      cancelled: false,
    },
  });
  return { kind: 'logged', interaction };
}

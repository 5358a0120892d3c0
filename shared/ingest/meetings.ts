// Calendar invitations: a meeting on the timeline, preparation the day before, a thank-you
// the day after. An update (same UID, higher SEQUENCE) moves them; a cancellation removes them.

import {
  contactPeople,
  createReminder,
  ensureContacts,
  interactionView,
  ownAddresses,
  type ReminderRef,
} from '../contacts/people.ts';
import type { Deps } from '../deps.ts';
import { stableId } from '../domain/ids.ts';
import { type Interaction, isOpen, type Meeting, type User } from '../domain/model.ts';
import { type CaptureTags, remindersForMeeting } from '../domain/playbook.ts';
import { resolveSettings } from '../domain/settings.ts';
import type { CalendarEvent } from '../mail/calendar.ts';
import type { ParsedMail } from '../mail/parse.ts';
import { refreshKeepInTouch } from '../reminders/cadence.ts';
import type { Store } from '../store/index.ts';
import type { IngestOutcome } from './ingest.ts';

export async function logMeetings(
  input: { user: User; mail: ParsedMail; events: CalendarEvent[]; fromUser: boolean; tags: CaptureTags },
  deps: Deps,
): Promise<IngestOutcome> {
  const outcome: IngestOutcome = {
    messageId: input.mail.messageId,
    status: 'logged',
    interactions: [],
    reminders: { created: [], resolved: [], moved: [], cancelled: [] },
  };
  let ignoredReason: string | undefined;
  for (const event of input.events.filter((e) => e.method !== 'REPLY')) {
    const result = await logMeeting({ ...input, event }, deps);
    if (result.kind === 'rejected')
      return { messageId: input.mail.messageId, status: 'rejected', reason: result.reason };
    if (result.kind === 'ignored') {
      ignoredReason ??= result.reason;
      continue;
    }
    if (result.interaction) outcome.interactions!.push(interactionView(result.interaction));
    outcome.reminders!.created.push(...result.created);
    outcome.reminders!.moved!.push(...result.moved);
    outcome.reminders!.cancelled!.push(...result.cancelled);
  }
  const r = outcome.reminders!;
  if (outcome.interactions!.length === 0 && r.created.length + r.moved!.length + r.cancelled!.length === 0)
    return {
      messageId: input.mail.messageId,
      status: 'ignored',
      reason: ignoredReason ?? 'calendar-unreadable',
    };
  if (r.moved!.length === 0) delete r.moved;
  if (r.cancelled!.length === 0) delete r.cancelled;
  return outcome;
}

type MeetingResult =
  | { kind: 'rejected'; reason: string }
  | { kind: 'ignored'; reason: string }
  | {
      kind: 'logged';
      interaction?: Interaction;
      created: (ReminderRef & { dueAt: string })[];
      moved: (ReminderRef & { dueAt: string })[];
      cancelled: ReminderRef[];
    };

async function logMeeting(
  input: { user: User; mail: ParsedMail; event: CalendarEvent; fromUser: boolean; tags: CaptureTags },
  deps: Deps,
): Promise<MeetingResult> {
  const { user, mail, event } = input;
  const { store } = deps;
  const nowIso = deps.clock.now().toISOString();
  const meetingKey = stableId(user.userId, 'meeting', event.uid);
  const existing = await store.meetings.get(user.userId, meetingKey);

  // From anyone but the user, only the organizer of a meeting the user logged may change it.
  if (!input.fromUser && (!existing?.organizerEmail || existing.organizerEmail !== mail.from?.email))
    return { kind: 'rejected', reason: 'unknown-sender' };
  if (existing && event.sequence < existing.sequence)
    return { kind: 'ignored', reason: 'stale-calendar-update' };

  if (event.cancelled) {
    if (!existing || existing.cancelled) return { kind: 'ignored', reason: 'unknown-meeting' };
    const old = await store.interactions.get(user.userId, existing.interactionId);
    if (old) await store.interactions.delete(user.userId, old);
    const cancelled = await cancelReminders(
      user.userId,
      existing.reminderIds,
      'meeting cancelled',
      store,
      nowIso,
    );
    await store.meetings.put(user.userId, meetingKey, {
      ...existing,
      sequence: event.sequence,
      cancelled: true,
      reminderIds: [],
    });
    return { kind: 'logged', created: [], moved: [], cancelled };
  }

  const everyone = [...(event.organizer ? [event.organizer] : []), ...event.attendees];
  const people = contactPeople(everyone, user, deps.config.captureDomain);
  if (people.length === 0) return { kind: 'ignored', reason: 'no-recipient' };
  const userIsOrganizer = event.organizer ? ownAddresses(user).has(event.organizer.email) : input.fromUser;
  // A meeting still ahead is contact already made (the invitation), not contact in the future.
  const touchedAt = event.start < nowIso ? event.start : nowIso;
  const contacts = await ensureContacts(user, people, touchedAt, input.tags, store, nowIso);

  const interaction: Interaction = {
    interactionId: stableId(user.userId, 'meeting', event.uid),
    kind: 'meeting',
    direction: userIsOrganizer ? 'outbound' : 'inbound',
    occurredAt: event.start,
    ...(event.summary ? { subject: event.summary } : {}),
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
  await store.interactions.put(user.userId, interaction);

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
    resolveSettings(user.settings),
    nowIso,
  );
  const about = {
    ...(event.summary ? { subject: event.summary } : {}),
    occurredAt: event.start,
    interactionId: interaction.interactionId,
  };
  const created: (ReminderRef & { dueAt: string })[] = [];
  const moved: (ReminderRef & { dueAt: string })[] = [];
  const reminderIds: string[] = [];
  for (const draft of drafts) {
    const contact = contacts.find((c) => c.email === draft.contactEmail)!;
    const source = `meeting:${event.uid}`;
    const reminderId = stableId(user.userId, 'reminder', source, draft.kind, contact.contactId);
    reminderIds.push(reminderId);
    const current = await store.reminders.get(user.userId, reminderId);
    if (current) {
      if (
        isOpen(current.state) &&
        current.dueAt !== draft.dueAt &&
        (await store.reminders.reschedule(user.userId, reminderId, draft.dueAt))
      )
        moved.push({ id: reminderId, kind: draft.kind, contact: contact.email, dueAt: draft.dueAt });
      continue;
    }
    const nameHint = people.find((p) => p.email === contact.email)?.name;
    const reminder = await createReminder(user, contact, draft, about, source, store, nowIso, nameHint);
    created.push({
      id: reminder.reminderId,
      kind: reminder.kind,
      contact: reminder.contactEmail,
      dueAt: reminder.dueAt,
    });
  }
  // Reminders the update no longer calls for (an attendee dropped, the meeting now past).
  const dropped = (existing?.reminderIds ?? []).filter((id) => !reminderIds.includes(id));
  const cancelled = await cancelReminders(user.userId, dropped, 'meeting changed', store, nowIso);

  const meeting: Meeting = {
    uid: event.uid,
    sequence: event.sequence,
    ...(organizerEmail ? { organizerEmail } : {}),
    interactionId: interaction.interactionId,
    occurredAt: event.start,
    contactIds: interaction.contactIds,
    reminderIds,
    cancelled: false,
  };
  await store.meetings.put(user.userId, meetingKey, meeting);
  for (const contact of contacts)
    created.push(
      ...(await refreshKeepInTouch(user, contact.contactId, resolveSettings(user.settings), store, nowIso))
        .created,
    );
  return { kind: 'logged', interaction, created, moved, cancelled };
}

/** Cancels the reminders still open among these; returns the ones it ended. */
async function cancelReminders(
  userId: string,
  reminderIds: string[],
  why: string,
  store: Store,
  nowIso: string,
): Promise<ReminderRef[]> {
  const cancelled: ReminderRef[] = [];
  for (const reminderId of reminderIds) {
    const reminder = await store.reminders.get(userId, reminderId);
    if (
      reminder &&
      isOpen(reminder.state) &&
      (await store.reminders.end(userId, reminderId, 'cancelled', nowIso, why))
    )
      cancelled.push({ id: reminderId, kind: reminder.kind, contact: reminder.contactEmail });
  }
  return cancelled;
}

// Calendar invitations: a meeting on the timeline, preparation the day before, a thank-you
// the day after. An update (same UID, higher SEQUENCE) moves them; a cancellation removes them.
import { capPeople, contactPeople, ensureContacts, ownAddresses } from '../contacts/people.ts';
import type { Deps } from '../deps.ts';
import { stableId } from '../domain/ids.ts';
import type { Interaction, Meeting, User } from '../domain/model.ts';
import { type CaptureTags, remindersForMeeting } from '../domain/playbook.ts';
import { redactTitle } from '../domain/privacy.ts';
import { planCancel, planKeepInTouch, planMeeting } from '../domain/reminder-events.ts';
import { resolveSettings } from '../domain/settings.ts';
import { interactionView, type ReminderRef, type ReminderView } from '../domain/views.ts';
import type { CalendarEvent } from '../mail/calendar.ts';
import type { ParsedMail } from '../mail/parse.ts';
import { applyReminderPlan } from '../reminders/apply.ts';
import { plannerFor } from '../reminders/read.ts';
import type { IngestOutcome } from './outcome.ts';

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
      created: ReminderView[];
      moved: ReminderView[];
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
    const planner = await plannerFor(user.userId, [], deps);
    planner.see(await store.reminders.getMany(user.userId, existing.reminderIds));
    planCancel(planner, existing.reminderIds, 'meeting cancelled');
    const { cancelled } = await applyReminderPlan(planner.plan(), deps);
    await store.meetings.put(user.userId, meetingKey, {
      ...existing,
      sequence: Math.max(event.sequence, existing.sequence),
      cancelled: true,
      reminderIds: [],
    });
    return { kind: 'logged', created: [], moved: [], cancelled };
  }

  const everyone = [...(event.organizer ? [event.organizer] : []), ...event.attendees];
  const { kept: people } = capPeople(contactPeople(everyone, user, deps.config.captureDomain));
  if (people.length === 0) return { kind: 'ignored', reason: 'no-recipient' };
  const userIsOrganizer = event.organizer ? ownAddresses(user).has(event.organizer.email) : input.fromUser;
  // A meeting still ahead is contact already made (the invitation), not contact in the future.
  const touchedAt = event.start < nowIso ? event.start : nowIso;
  const contacts = await ensureContacts(user, people, { occurredAt: touchedAt, tags: input.tags }, deps);

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
  await store.interactions.put(user.userId, interaction);

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
  const planner = await plannerFor(
    user.userId,
    contacts.map((c) => c.contactId),
    deps,
    { staleBefore: input.tags.staleBefore },
  );
  // An attendee the update dropped is not among the contacts read above.
  planner.see(await store.reminders.getMany(user.userId, existing?.reminderIds ?? []));
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
  const applied = await applyReminderPlan(planner.plan(), deps);

  const meeting: Meeting = {
    uid: event.uid,
    sequence: Math.max(event.sequence, existing?.sequence ?? 0),
    ...(organizerEmail ? { organizerEmail } : {}),
    interactionId: interaction.interactionId,
    occurredAt: event.start,
    contactIds: interaction.contactIds,
    reminderIds,
    cancelled: false,
  };
  await store.meetings.put(user.userId, meetingKey, meeting);
  return {
    kind: 'logged',
    interaction,
    created: applied.created,
    moved: applied.moved,
    cancelled: applied.cancelled,
  };
}

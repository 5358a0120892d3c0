// The playbook (DOMAIN.md): which reminders each event calls for and when, which ones an
// email or a reply answers, and how the morning run spaces them. Pure functions of (event,
// settings, now): no I/O and no clock of their own, so the whole table is tested without a
// database. What each kind of reminder is lives in reminder-kinds.ts.
import { addDays, DAY_MS } from './clock.ts';
import type { ReminderKind, Tier } from './model.ts';
import { defaultDue, isWriteTo, urgency } from './reminder-kinds.ts';
import { cadenceDays, type Settings } from './settings.ts';

export type FollowUpSettings = Settings;

/** What the `+tag`s of a capture address ask for. */
export type CaptureTags = {
  /** Follow-up delay instead of the default nudge, e.g. +3d, +2w, +1m. */
  followUpAfterDays?: number;
  logOnly: boolean;
  thanks: boolean;
  metAtConference: boolean;
  tier?: Tier;
  unknown: string[];
  /**
   * Not a tag: set for past mail (`rounds import-mail`). A reminder it would make that was due
   * before this instant is not made — its moment has passed (a keep-in-touch cadence still is).
   */
  staleBefore?: string;
};

/** The tags a user may put after the token, with what each does: the welcome email, Settings and the vCard read this. */
export const CAPTURE_TAG_GUIDE: readonly { tag: string; meaning: string }[] = [
  { tag: '', meaning: 'log it; nudge me if they have not answered in two weeks' },
  { tag: '3d', meaning: 'nudge me in 3 days instead (any number: 5d, 2w, 1m)' },
  { tag: 'thanks', meaning: 'a thank-you: log it, no nudge' },
  { tag: 'conf', meaning: 'we met at a conference' },
  { tag: 'mentor', meaning: 'this person is a mentor (also sponsor, peer)' },
  { tag: 'none', meaning: 'log only, never remind me' },
];

const DURATION_TAG = /^(\d{1,3})(d|w|m)$/;
const TIER_TAGS: Record<string, Tier> = { mentor: 'mentor', sponsor: 'sponsor', peer: 'peer' };

export function readCaptureTags(tags: string[]): CaptureTags {
  const read: CaptureTags = { logOnly: false, thanks: false, metAtConference: false, unknown: [] };
  for (const tag of tags) {
    const duration = tag.match(DURATION_TAG);
    if (duration) {
      const unitDays = duration[2] === 'd' ? 1 : duration[2] === 'w' ? 7 : 30;
      read.followUpAfterDays = Number(duration[1]) * unitDays;
    } else if (tag === 'none') read.logOnly = true;
    else if (tag === 'thanks') read.thanks = true;
    else if (tag === 'conf') read.metAtConference = true;
    else if (TIER_TAGS[tag]) read.tier = TIER_TAGS[tag];
    else read.unknown.push(tag);
  }
  return read;
}

export type ReminderDraft = { kind: ReminderKind; contactEmail: string; dueAt: string };

/**
 * Above this many direct recipients an email is a group message (thanks to every
 * interviewer, a class update), not outreach that waits for an answer.
 */
export const MAX_DIRECT_RECIPIENTS = 5;

export type OutboundRecipient = {
  email: string;
  /** Emails the user sent them in a row without an answer, this one included. */
  unanswered: number;
};

/**
 * After the user writes to contacts: a nudge per direct (To) recipient if they stay silent —
 * after the first email and after each nudge, up to maxNudges — and a conference follow-up
 * when they were met at one. Cc'd people are logged but not chased; `+none` logs only.
 */
export function remindersAfterOutboundEmail(
  event: { occurredAt: string; directRecipients: OutboundRecipient[]; tags: CaptureTags },
  settings: FollowUpSettings,
): ReminderDraft[] {
  if (event.tags.logOnly || event.directRecipients.length > MAX_DIRECT_RECIPIENTS) return [];
  const drafts: ReminderDraft[] = [];
  for (const { email: contactEmail, unanswered } of event.directRecipients) {
    if (event.tags.metAtConference) {
      drafts.push({
        kind: 'conference_follow_up',
        contactEmail,
        dueAt: defaultDue('conference_follow_up', event.occurredAt, settings)!,
      });
    }
    const nudgesAlreadySent = unanswered - 1;
    const wantsNudge = !event.tags.thanks || event.tags.followUpAfterDays !== undefined;
    if (wantsNudge && nudgesAlreadySent < settings.maxNudges) {
      drafts.push({
        kind: 'no_reply_nudge',
        contactEmail,
        dueAt:
          event.tags.followUpAfterDays !== undefined
            ? addDays(event.occurredAt, event.tags.followUpAfterDays)
            : defaultDue('no_reply_nudge', event.occurredAt, settings)!,
      });
    }
  }
  return drafts;
}

/**
 * When a contact who has not answered the first email and every nudge goes dormant: the
 * playbook says move on. Undefined while nudges remain.
 */
export function dormantAfter(
  unanswered: number,
  lastEmailAt: string,
  settings: FollowUpSettings,
): string | undefined {
  return unanswered - 1 >= settings.maxNudges ? addDays(lastEmailAt, settings.dormantAfterDays) : undefined;
}

/** Keep-in-touch is due a tier's cadence after the last interaction in either direction. */
export function keepInTouchDue(lastContactAt: string, tier: Tier | null, settings: FollowUpSettings) {
  return tier ? addDays(lastContactAt, cadenceDays(settings, tier)) : undefined;
}

/** A contact has gone quiet when their cadence has passed with nothing either way. */
export function isPastCadence(
  lastContactAt: string | null,
  tier: Tier | null,
  settings: FollowUpSettings,
  now: string,
) {
  const due = lastContactAt ? keepInTouchDue(lastContactAt, tier, settings) : undefined;
  return due !== undefined && due <= now;
}

/** Before a conference, write to the 2–3 people you hope to meet; never due in the past. */
export function remindersBeforeConference(
  event: { start: string; targets: string[] },
  settings: FollowUpSettings,
  now: string,
): ReminderDraft[] {
  if (event.start <= now) return [];
  const due = defaultDue('pre_conference', event.start, settings)!;
  return event.targets.map((contactEmail) => ({
    kind: 'pre_conference' as const,
    contactEmail,
    dueAt: due > now ? due : now,
  }));
}

/** Near a rotation's end ask for feedback (and a letter); the day after, thank them. */
export function remindersForRotation(
  event: { end: string; attendings: string[] },
  settings: FollowUpSettings,
  now: string,
): ReminderDraft[] {
  const drafts: ReminderDraft[] = [];
  const ask = defaultDue('rotation_end', event.end, settings)!;
  const thank = defaultDue('thank_you', event.end, settings)!;
  for (const contactEmail of event.attendings) {
    if (event.end > now) drafts.push({ kind: 'rotation_end', contactEmail, dueAt: ask > now ? ask : now });
    if (thank > addDays(now, -7)) drafts.push({ kind: 'thank_you', contactEmail, dueAt: thank });
  }
  return drafts;
}

/** A promised letter: check on the date it should be uploaded. */
export const reminderForLetter = (event: { from: string; dueAt: string }): ReminderDraft => ({
  kind: 'letter_check',
  contactEmail: event.from,
  dueAt: event.dueAt,
});

export type DueReminder = {
  reminderId: string;
  kind: ReminderKind;
  contactId: string;
  dueAt: string;
  /** A reminder the user snoozed comes back when they asked, spacing or not. */
  state?: string;
};

/**
 * Never pester: at most one reminder to write to a contact within `spacingDays` — the most
 * urgent goes now, the others wait until the spacing has passed. Reminders that ask nothing
 * of the contact (meeting prep, letter check) and ones the user snoozed are never held back.
 */
export function planSends<T extends DueReminder>(
  due: T[],
  lastWriteReminderAt: (contactId: string) => string | undefined,
  settings: FollowUpSettings,
  now: string,
): { send: T[]; defer: (T & { until: string })[] } {
  const send: T[] = [];
  const defer: (T & { until: string })[] = [];
  const byUrgency = [...due].sort(
    (a, b) => urgency(a.kind) - urgency(b.kind) || a.dueAt.localeCompare(b.dueAt),
  );
  const sentNow = new Map<string, string>();
  for (const reminder of byUrgency) {
    if (!isWriteTo(reminder.kind) || reminder.state === 'snoozed') {
      send.push(reminder);
      continue;
    }
    const last = sentNow.get(reminder.contactId) ?? lastWriteReminderAt(reminder.contactId);
    const until = last ? new Date(Date.parse(last) + settings.spacingDays * DAY_MS).toISOString() : undefined;
    if (until && until > now) {
      defer.push({ ...reminder, until });
      continue;
    }
    send.push(reminder);
    sentNow.set(reminder.contactId, now);
  }
  return { send, defer };
}

/**
 * Which open reminders an email to the contact makes pointless: any that asked the user to
 * write, created for something that happened before this email.
 */
export function isAnsweredByOutboundEmail(
  reminder: { kind: ReminderKind; dueAt: string; about?: { occurredAt: string } },
  emailAt: string,
  settings: FollowUpSettings,
): boolean {
  if (!isWriteTo(reminder.kind)) return false;
  if (reminder.about && reminder.about.occurredAt >= emailAt) return false;
  // A note weeks before a conference or a rotation's end is not the note the reminder asks for.
  if (reminder.kind === 'pre_conference' || reminder.kind === 'rotation_end')
    return emailAt >= addDays(reminder.dueAt, -settings.spacingDays);
  return true;
}

/** A reply from the contact ends the nudges: never a nudge once they answered. */
export function isAnsweredByContactReply(
  reminder: { kind: ReminderKind; about?: { occurredAt: string } },
  replyAt: string,
) {
  return reminder.kind === 'no_reply_nudge' && (!reminder.about || reminder.about.occurredAt <= replyAt);
}

/** Above this many contacts a meeting is a group event: thank the organizer, not everyone. */
const PERSONAL_MEETING_SIZE = 3;
/** A thank-you this late is no longer the playbook's "within 24–48 hours". */
const THANK_YOU_STALE_DAYS = 7;

export type MeetingEvent = {
  start: string;
  /** For an all-day event, the exclusive end: the day after. */
  end: string;
  allDay?: boolean;
  /** Contact emails (never the user), organizer first when it is someone else. */
  contacts: string[];
  organizerEmail?: string;
  userIsOrganizer: boolean;
};

/**
 * Before a meeting, prepare (CV, scores, 3–5 questions); after it, thank them. A series is
 * one relationship: the caller passes its current occurrence only.
 */
export function remindersForMeeting(
  event: MeetingEvent,
  settings: FollowUpSettings,
  now: string,
): ReminderDraft[] {
  const drafts: ReminderDraft[] = [];
  const primary = !event.userIsOrganizer && event.organizerEmail ? event.organizerEmail : event.contacts[0];
  if (!primary) return drafts;
  if (event.start > now)
    drafts.push({
      kind: 'meeting_prep',
      contactEmail: primary,
      dueAt: defaultDue('meeting_prep', event.start, settings)!,
    });
  // An all-day event's end is already the next day.
  const thankYouDue = addDays(
    event.end,
    event.allDay ? settings.thankYouAfterDays - 1 : settings.thankYouAfterDays,
  );
  if (addDays(thankYouDue, THANK_YOU_STALE_DAYS) > now) {
    const organizer = !event.userIsOrganizer && event.organizerEmail ? [event.organizerEmail] : [];
    const thank = event.contacts.length <= PERSONAL_MEETING_SIZE ? event.contacts : organizer;
    for (const contactEmail of thank) drafts.push({ kind: 'thank_you', contactEmail, dueAt: thankYouDue });
  }
  return drafts;
}

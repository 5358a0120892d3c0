// The playbook's rules (DOMAIN.md), as pure functions of (event, settings): no I/O, no clock.
import { addDays } from './clock.ts';
import type { ReminderKind, Tier } from './model.ts';

export type FollowUpSettings = {
  /** Days of silence before the one polite nudge ("wait 10–14 days"). */
  nudgeAfterDays: number;
  /** Days after meeting someone at a conference ("within 72 hours"). */
  conferenceFollowUpDays: number;
  /** Days after a meeting for the thank-you ("within 24–48 hours"). */
  thankYouAfterDays: number;
};

export const DEFAULT_SETTINGS: FollowUpSettings = {
  nudgeAfterDays: 14,
  conferenceFollowUpDays: 3,
  thankYouAfterDays: 1,
};

/** Reminders that ask the user to write to the contact; an email to them answers these. */
export const WRITE_TO_KINDS: readonly ReminderKind[] = [
  'thank_you',
  'conference_follow_up',
  'no_reply_nudge',
  'keep_in_touch',
  'pre_conference',
];

/** What the `+tag`s of a capture address ask for. */
export type CaptureTags = {
  /** Follow-up delay instead of the default nudge, e.g. +3d, +2w, +1m. */
  followUpAfterDays?: number;
  logOnly: boolean;
  thanks: boolean;
  metAtConference: boolean;
  tier?: Tier;
  unknown: string[];
};

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

/**
 * After the user writes to contacts: one nudge per direct (To) recipient if they stay
 * silent, and a conference follow-up when they were met at one. Cc'd people are logged but
 * not chased. `+none` logs only.
 */
export function remindersAfterOutboundEmail(
  event: { occurredAt: string; directRecipients: string[]; tags: CaptureTags },
  settings: FollowUpSettings,
): ReminderDraft[] {
  if (event.tags.logOnly || event.directRecipients.length > MAX_DIRECT_RECIPIENTS) return [];
  const drafts: ReminderDraft[] = [];
  for (const contactEmail of event.directRecipients) {
    if (event.tags.metAtConference) {
      drafts.push({
        kind: 'conference_follow_up',
        contactEmail,
        dueAt: addDays(event.occurredAt, settings.conferenceFollowUpDays),
      });
    }
    if (!event.tags.thanks || event.tags.followUpAfterDays !== undefined) {
      drafts.push({
        kind: 'no_reply_nudge',
        contactEmail,
        dueAt: addDays(event.occurredAt, event.tags.followUpAfterDays ?? settings.nudgeAfterDays),
      });
    }
  }
  return drafts;
}

/**
 * Which open reminders an email to the contact makes pointless: any that asked the user to
 * write, created for something that happened before this email.
 */
export function isAnsweredByOutboundEmail(
  reminder: { kind: ReminderKind; about?: { occurredAt: string } },
  emailAt: string,
): boolean {
  if (!WRITE_TO_KINDS.includes(reminder.kind)) return false;
  return !reminder.about || reminder.about.occurredAt < emailAt;
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
    drafts.push({ kind: 'meeting_prep', contactEmail: primary, dueAt: addDays(event.start, -1) });
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

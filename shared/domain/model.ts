// The domain's records: users, contacts, interactions, reminders, meetings, milestones and
// digests as the use cases see them (the store adds keys; the contract views live in views.ts).
import * as z from 'zod/mini';
import type { SettingsOverrides } from './settings.ts';
import type { Tier } from './tiers.ts';

export const REMINDER_KINDS = [
  'thank_you',
  'conference_follow_up',
  'no_reply_nudge',
  'keep_in_touch',
  'pre_conference',
  'rotation_end',
  'letter_check',
  'meeting_prep',
  'interview_response',
  'interview_debrief',
  'interview_cancel',
  'letter_of_intent',
  'update_letter',
  'match_thanks',
  'letter_request',
  'letter_nudge',
  'letter_assign',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** Open states can still be sent or acted on; the rest are final. */
export const OPEN_REMINDER_STATES = ['pending', 'sent', 'snoozed'] as const;
export const REMINDER_STATES = [...OPEN_REMINDER_STATES, 'done', 'skipped', 'resolved', 'cancelled'] as const;
export type ReminderState = (typeof REMINDER_STATES)[number];

export { parseTier, TIERS, type Tier } from './tiers.ts';

export type ContactStatus = 'active' | 'dormant' | 'stopped';

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.includes('/') || tz === 'UTC';
  } catch {
    return false;
  }
}

export const emailSchema = z.pipe(
  z.string().check(z.trim(), z.toLowerCase()),
  z.email({ error: 'not an email address' }),
);

export type User = {
  userId: string;
  email: string;
  name?: string;
  aliases: string[];
  timezone: string;
  captureToken: string;
  createdAt: string;
  /** Set by List-Unsubscribe: reminders wait instead of being mailed. */
  mailPausedAt?: string;
  /** Why mail is paused: unsubscribed, bounced or complained (shown to the operator). */
  mailPausedReason?: string;
  /** Only what differs from the defaults (shared/settings.ts). */
  settings?: SettingsOverrides;
  /** Set when the user was added without a zone: the web app asks at first sign-in. */
  timezoneUnconfirmed?: boolean;
  /** Bumped by "sign out everywhere": sessions begun under an older value end. */
  sessionGeneration?: number;
  /** The secret in the calendar feed's address; rotating it revokes every old subscription. */
  feedToken?: string;
  /**
   * Storage, not product: set once the user's sent reminders carry the open-index keys (every
   * user made since they exist; older ones on their first read of the open reminders).
   */
  sentIndexed?: boolean;
  /** Storage, not product: set once the user's contacts carry the people and network index keys. */
  contactsIndexed?: boolean;
};

/** Where an application to a residency program stands, in the season's order (issue 13). */
export const PROGRAM_STATUSES = [
  'applied',
  'signaled',
  /** The program wrote that it will not interview the user this season. */
  'declined',
  'waitlisted',
  'invited',
  'scheduled',
  'interviewed',
  'thanked',
  'letter_of_intent',
  'update_sent',
  'ranked',
  'matched',
  'withdrawn',
] as const;
export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];

/** Whether a program takes post-interview mail: many say thank-you notes are not answered or counted. */
export const CONTACT_POLICIES = ['open', 'no-post-interview'] as const;
export type ContactPolicy = (typeof CONTACT_POLICIES)[number];

/** A residency program the user applies to, and its people (PD, APD, coordinator, chief, interviewers). */
export type Program = {
  programId: string;
  name: string;
  institution: string | null;
  specialty: string | null;
  location?: string | null;
  /** Visas the program sponsors, as the user knows it. */
  visas?: ('J-1' | 'H-1B')[];
  signaled?: boolean;
  contactPolicy: ContactPolicy;
  status: ProgramStatus;
  /** Every change of status, dated: the program's line on the timeline. */
  history: ProgramChange[];
  /** The Match (year) for which this is the user's first choice: its letter of intent. */
  firstChoice?: number;
  /** The user's private impressions (a debrief's note): for the rank list, never sent anywhere. */
  notes?: { at: string; text: string; messageId?: string }[];
  /** The interview day, once scheduled, in the zone the program gave; the user may not attend. */
  interview?: { at: string; zone?: string; attending: boolean };
  contactIds: string[];
  createdAt: string;
};

/** A change of a program's status: when, and the mail that made it, if one did. */
export type ProgramChange = { status: ProgramStatus; at: string; messageId?: string };

/** A letter writer's ladder, in order ("promised" is the writer's yes), and their no. */
export const LETTER_STATUSES = [
  'asked',
  'promised',
  'form_sent',
  'uploaded',
  'assigned',
  'declined',
] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];

export type Contact = {
  contactId: string;
  email: string;
  emails: string[];
  name: string | null;
  /** True once the user set the name; a name learned from mail then never overwrites it. */
  nameSetByUser?: boolean;
  institution: string | null;
  specialty?: string | null;
  role: string | null;
  /** How and where they met ("AAPM&R 2026 poster session"). */
  howMet?: string | null;
  notes?: string | null;
  /** What matters about a visa for this person's program (J-1 / H-1B sponsorship…). */
  visaNotes?: string | null;
  /** Where a letter of recommendation from them stands. */
  letterStatus?: LetterStatus | null;
  tier: Tier | null;
  /** The residency program they belong to, among those the user applies to. */
  programId?: string | null;
  status: ContactStatus;
  /** Emails the user sent in a row without an answer (the playbook's nudge count). */
  unanswered?: number;
  /** The message that last moved `unanswered`, so a re-run does not count it twice. */
  lastOutboundId?: string;
  /** Set after the last nudge: from then on, with no answer, the contact is dormant. */
  dormantAfter?: string;
  /** When a reminder to write to them was last sent (the spacing rule). */
  lastWriteReminderAt?: string;
  /** When they last wrote to the user or invited them: in Match Week, a program may be answered only then. */
  lastHeardFromAt?: string;
  firstContactAt: string;
  lastContactAt: string | null;
  createdAt: string;
};

export type InteractionKind = 'email' | 'meeting' | 'note';
export type Direction = 'outbound' | 'inbound';

export type PersonRef = { email: string; name?: string };

export type Interaction = {
  interactionId: string;
  kind: InteractionKind;
  direction?: Direction;
  occurredAt: string;
  subject?: string;
  snippet?: string;
  messageId?: string;
  contacts: PersonRef[];
  contactIds: string[];
  /** Rounds did not see this message; it knows of it from the user's quoting of it. */
  inferred?: boolean;
};

export type Reminder = {
  reminderId: string;
  userId: string;
  kind: ReminderKind;
  /** The person the reminder is about (the first, when a thread has several). */
  contactId: string;
  contactEmail: string;
  contactName?: string;
  /** The others on the same thread: one nudge for one email to two or three people. */
  others?: ReminderPerson[];
  dueAt: string;
  state: ReminderState;
  createdAt: string;
  /** What the reminder is about, for the email ("your email “…” of 2 Nov"). */
  about?: {
    subject?: string;
    occurredAt: string;
    interactionId: string;
    /** A residency program's reminder: which program, and whether it takes post-interview mail. */
    program?: { programId: string; name: string; noPostInterview?: boolean };
    /** The time to act by (an invitation's), in the zone the program wrote it in. */
    deadline?: { at: string; zone?: string; assumed?: boolean };
  };
  sentAt?: string;
  sendCount?: number;
  /** What it was before a morning run claimed it to send (pending or snoozed). */
  previousState?: ReminderState;
  /** Until when a claim to send it holds; gone once the email went out (store/reminders.ts). */
  leaseUntil?: string;
  endedAt?: string;
  endedBy?: string;
};

export type ReminderPerson = { contactId: string; email: string; name?: string };

/** Everyone a reminder is about, the first contact first. */
export const reminderPeople = (r: Reminder): ReminderPerson[] => [
  { contactId: r.contactId, email: r.contactEmail, ...(r.contactName ? { name: r.contactName } : {}) },
  ...(r.others ?? []),
];

export const isAbout = (r: Reminder, contactId: string): boolean =>
  r.contactId === contactId || (r.others ?? []).some((o) => o.contactId === contactId);

/** "Dr. Maria Lopez", "Dr. Maria Lopez and Wei Chen", "A, B and C". */
export function namesOf(people: { email: string; name?: string | null | undefined }[]): string {
  const names = people.map((p) => p.name ?? p.email);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** Dormant once the last nudge went unanswered long enough; a reply wakes them up. */
export function contactStatus(contact: Contact, now: string): ContactStatus {
  if (contact.status === 'active' && contact.dormantAfter && contact.dormantAfter <= now) return 'dormant';
  return contact.status;
}

export function isOpen(state: ReminderState): boolean {
  return (OPEN_REMINDER_STATES as readonly string[]).includes(state);
}

/** What Rounds remembers of a calendar event, so updates and cancellations find it. */
export type Meeting = {
  uid: string;
  sequence: number;
  organizerEmail?: string;
  interactionId: string;
  occurredAt: string;
  contactIds: string[];
  reminderIds: string[];
  cancelled: boolean;
};

/** A day on the calendar the user told Rounds about: a conference, a rotation's end, a promised letter. */
export type Milestone =
  | {
      itemId: string;
      kind: 'conference';
      name: string;
      start: string;
      end: string;
      targets: string[];
      createdAt: string;
    }
  | { itemId: string; kind: 'rotation'; name: string; end: string; attendings: string[]; createdAt: string }
  | { itemId: string; kind: 'letter'; from: string; dueAt: string; createdAt: string };

/** One numbered entry of a digest, so "done 2" in a reply finds what 2 was. */
export type DigestItem =
  | { n: number; type: 'reminder'; reminderId: string; label: string }
  | { n: number; type: 'contact'; email: string; label: string };

/** A week's digest: claimed before sending, so a user gets at most one a week. */
export type DigestRecord = {
  week: string;
  state: 'sending' | 'sent' | 'skipped';
  items: DigestItem[];
  claimedAt: string;
  messageId?: string;
  sentAt?: string;
};

/** Something the user should check that is no reminder, shown in the next digest. */
export type Notice = {
  kind: 'unreadable-invite' | 'missing-message' | 'held-message' | 'rank-question';
  at: string;
  messageId: string;
  subject?: string;
  /** Who it was from or to, for the digest's line. */
  who?: string;
};

/** What the digest counts of last week: an interaction's kind, direction and time. */
export type ActivityEntry = Pick<Interaction, 'interactionId' | 'kind' | 'direction' | 'occurredAt'>;

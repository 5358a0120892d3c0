// Everything Rounds knows about each kind of reminder, in one table the compiler checks for
// completeness (a new kind in model.ts fails to compile until it has a row here): how urgent
// it is, whether it asks the user to write to the contact, when it falls due by default, its
// label in lists and its headline in its own email.
import { addDays } from './clock.ts';
import type { ReminderKind } from './model.ts';
import type { Settings } from './settings.ts';

/** The words a headline is made of, already formatted in the user's zone by the template. */
export type HeadlineWords = {
  name: string;
  /** “Subject” in quotes, or "your email". */
  what: string;
  /** The day of what the reminder is about ("Mon 2 Nov"), when known. */
  when?: string | undefined;
  /** The day and time ("Tue 10 Nov, 16:00"), for meetings. */
  at?: string | undefined;
  /** The subject itself, unquoted. */
  about?: string | undefined;
  /** The residency program the reminder is about. */
  program?: string | undefined;
  /** The time to act by, in the program's zone and the user's ("Fri 16 Oct, 17:00 Central time (23:00 yours)"). */
  deadline?: string | undefined;
  /** The deadline is the Match's 48-hour floor: the mail gave none. */
  deadlineAssumed?: boolean | undefined;
  /** The program says it takes no post-interview mail. */
  noPostInterview?: boolean | undefined;
};

export type Headline = { subject: string; lead: string; why: string };

type KindInfo = {
  /** Lower is more urgent: when two reminders to write to one person meet, the more urgent goes. */
  urgency: number;
  /** Asks the user to write to the contact: an email to them answers it, and spacing applies. */
  writeTo: boolean;
  /** When it falls due by default: a setting's days before or after its anchor, or a fixed offset. */
  timing:
    | { days: keyof Settings; relation: 'after' | 'before'; anchor: string }
    | { fixedDays: number; relation: 'after' | 'before'; anchor: string }
    | { relation: 'on' | 'cadence'; anchor: string };
  /** In a few words, as lists name it: "Nudge Dr. Maria Lopez". */
  label(name: string, about?: string): string;
  /** Its own email's subject, first line and why now (the playbook's words). */
  headline(words: HeadlineWords): Headline;
};

export const REMINDER_KIND_INFO: { readonly [K in ReminderKind]: KindInfo } = {
  // Interview dates fill within hours of the invitations going out: this one outranks everything.
  interview_response: {
    urgency: -1,
    writeTo: false,
    timing: { relation: 'on', anchor: 'the invitation arriving, and again before its deadline' },
    label: (name, about) => `Answer ${about ?? name}'s interview invitation`,
    headline: ({ name, program, deadline, deadlineAssumed }) => ({
      subject: `Answer ${program ?? name}'s interview invitation${deadline ? ` by ${deadline}` : ''}`,
      lead: `${program ?? name} invited you to interview.${deadline ? ` Answer by ${deadline}.` : ''}`,
      why: deadlineAssumed
        ? 'The invitation gives no deadline: programs must allow at least 48 hours, but dates fill within hours. Schedule now, or decline politely so the date goes to someone else.'
        : 'Dates fill within hours. Schedule now, or decline politely so the date goes to someone else.',
    }),
  },
  interview_cancel: {
    urgency: -1,
    writeTo: false,
    timing: { fixedDays: 14, relation: 'before', anchor: 'an interview you will not attend' },
    label: (name, about) => `Cancel the ${about ?? name} interview`,
    headline: ({ name, program, when }) => ({
      subject: `Cancel your ${program ?? name} interview${when ? ` on ${when}` : ''}`,
      lead: `You said you will not attend the ${program ?? name} interview${when ? ` on ${when}` : ''}.`,
      why: "Programs ask for one to two weeks' notice: cancelling now frees the date for another applicant and leaves a good last impression.",
    }),
  },
  letter_of_intent: {
    urgency: 1,
    writeTo: true,
    timing: { relation: 'on', anchor: 'two weeks before programs begin their rank meetings' },
    label: (name, about) => `Send ${about ?? name} your letter of intent`,
    headline: ({ name, program, deadline }) => ({
      subject: `Send ${program ?? name} your letter of intent`,
      lead: `${program ?? name} is your first choice: tell ${name} before the program's rank meeting (late January to mid-February)${deadline ? `, and by ${deadline} at the latest` : ''}.`,
      why: 'A letter of intent goes to one program only, and says so plainly: you will rank it first. Ask nothing about where you stand.',
    }),
  },
  update_letter: {
    urgency: 3,
    writeTo: true,
    timing: { relation: 'on', anchor: 'the news you recorded' },
    label: (_name, about) => `Tell your programs: ${about ?? 'your news'}`,
    headline: ({ name, about }) => ({
      subject: `Tell your programs: ${about ?? 'your news'}`,
      lead: `You have news${about ? ` (${about})` : ''} for the programs still in play: ${name}.`,
      why: 'A short update letter — the news, one line on why the program fits — keeps your file current before rank meetings. One email to each; ask nothing about ranking.',
    }),
  },
  match_thanks: {
    urgency: 2,
    writeTo: true,
    timing: { relation: 'on', anchor: 'Match Day' },
    label: (name, about) => `Tell ${name} where you matched${about ? ` (${about})` : ''}`,
    headline: ({ name, about }) => ({
      subject: `Tell ${name} where you matched`,
      lead: `You matched${about ? ` at ${about}` : ''}. ${name} wrote for you.`,
      why: 'Thank everyone who helped, and tell them where you are going: they will want to know, and you will want them in your corner next time.',
    }),
  },
  interview_debrief: {
    urgency: 0,
    writeTo: false,
    timing: { relation: 'on', anchor: 'the evening of the interview day' },
    label: (name, about) => `Note who you met at ${about ?? name}`,
    headline: ({ name, program, when, noPostInterview }) => ({
      subject: `Who did you meet at ${program ?? name}?`,
      lead: `Your interview with ${program ?? name} was ${when ? `on ${when}` : 'today'}.`,
      why: noPostInterview
        ? 'Reply with the people you met, one per line (name and email), and a line "note …" with your impressions, while you remember them. The program takes no post-interview mail, so Rounds will not suggest thank-yous.'
        : 'Reply with the people you met, one per line (name and email), and a line "note …" with your impressions, while you remember them. Rounds reminds you to thank each of them.',
    }),
  },
  thank_you: {
    urgency: 0,
    writeTo: true,
    timing: { days: 'thankYouAfterDays', relation: 'after', anchor: 'a meeting, rotation end or interview' },
    label: (name, about) => `Thank ${name}${about ? ` for “${about}”` : ''}`,
    headline: ({ name, when }) => ({
      subject: `Thank ${name} today`,
      lead: `You met ${name}${when ? ` on ${when}` : ''}.`,
      why: 'A thank-you within 24–48 hours is what people remember.',
    }),
  },
  conference_follow_up: {
    urgency: 1,
    writeTo: true,
    timing: { days: 'conferenceFollowUpDays', relation: 'after', anchor: 'meeting them at a conference' },
    label: (name) => `Follow up with ${name} from the conference`,
    headline: ({ name, when }) => ({
      subject: `Follow up with ${name} from the conference`,
      lead: `You met ${name} at a conference${when ? ` (${when})` : ''}.`,
      why: 'Write within a few days, while they still remember the conversation.',
    }),
  },
  rotation_end: {
    urgency: 2,
    writeTo: true,
    timing: { days: 'rotationEndDays', relation: 'before', anchor: 'the rotation ends' },
    label: (name, about) => `Ask ${name} for feedback${about ? ` before ${about} ends` : ''}`,
    headline: ({ name }) => ({
      subject: `Ask ${name} for feedback before the rotation ends`,
      lead: `Your rotation with ${name} ends soon.`,
      why: 'Ask for feedback and, if rapport is strong, a letter.',
    }),
  },
  pre_conference: {
    urgency: 3,
    writeTo: true,
    timing: { days: 'preConferenceDays', relation: 'before', anchor: 'the conference begins' },
    label: (name, about) => `Write to ${name} before ${about ?? 'the conference'}`,
    headline: ({ name }) => ({
      subject: `Email ${name} before the conference`,
      lead: `The conference is coming up and you hoped to meet ${name}.`,
      why: 'A short note 2–3 weeks before makes a meeting likely.',
    }),
  },
  no_reply_nudge: {
    urgency: 4,
    writeTo: true,
    timing: { days: 'nudgeAfterDays', relation: 'after', anchor: 'an email that got no reply' },
    label: (name, about) => `Nudge ${name}${about ? ` about “${about}”` : ''}`,
    headline: ({ name, what, when }) => ({
      subject: `Nudge ${name}? No reply since ${when ?? 'your email'}`,
      lead: `${name} has not replied to ${what}${when ? ` of ${when}` : ''}.`,
      why: 'One short, polite follow-up after two weeks of silence is expected. If there is still no answer after that, let it go.',
    }),
  },
  keep_in_touch: {
    urgency: 5,
    writeTo: true,
    timing: { relation: 'cadence', anchor: 'the last interaction either way, by tier' },
    label: (name) => `Send ${name} an update`,
    headline: ({ name }) => ({
      subject: `Time for an update to ${name}`,
      lead: `It has been a while since you were in touch with ${name}.`,
      why: 'A short update (a milestone, a thank-you) keeps a mentor or sponsor close.',
    }),
  },
  meeting_prep: {
    urgency: 6,
    writeTo: false,
    timing: { fixedDays: 1, relation: 'before', anchor: 'the meeting' },
    label: (name, about) => `Prepare for ${about ? `“${about}”` : `meeting ${name}`}`,
    headline: ({ name, at, about, program }) =>
      program
        ? {
            subject: `Prepare for your ${program} interview, ${at ?? 'soon'}`,
            lead: `Your interview with ${program} is ${at ?? 'soon'}.`,
            why: 'Reread your application and the program’s page; have 3–5 questions ready, and a word for each interviewer you know of.',
          }
        : {
            subject: `Prepare for ${name}, ${at ?? 'soon'}`,
            lead: `You meet ${name} ${at ?? 'soon'}${about ? ` (“${about}”)` : ''}.`,
            why: 'Bring your CV, your scores and 3–5 questions.',
          },
  },
  letter_request: {
    urgency: 2,
    writeTo: true,
    timing: { relation: 'on', anchor: 'the writer agreeing' },
    label: (name) => `Send ${name} the ERAS letter request form`,
    headline: ({ name }) => ({
      subject: `Send ${name} the ERAS letter request form`,
      lead: `${name} agreed to write you a letter of recommendation.`,
      why: 'The form carries the Letter ID they upload with. Send it now, with your CV, your personal statement and the date you need the letter by.',
    }),
  },
  letter_nudge: {
    urgency: 4,
    writeTo: true,
    timing: { relation: 'on', anchor: 'a few days after the date the letter was needed' },
    label: (name) => `Remind ${name}, gently, about your letter`,
    headline: ({ name }) => ({
      subject: `A gentle reminder to ${name} about your letter?`,
      lead: `${name}'s letter is not uploaded yet.`,
      why: 'One short, grateful note is fine: thank them and say when programs begin reviewing. Rounds suggests two at most, then lets it be.',
    }),
  },
  letter_assign: {
    urgency: 2,
    writeTo: false,
    timing: { relation: 'on', anchor: 'the letter being uploaded' },
    label: (name) => `Assign ${name}'s letter to your programs`,
    headline: ({ name }) => ({
      subject: `Assign ${name}'s letter to your programs`,
      lead: `${name}'s letter is uploaded.`,
      why: 'In MyERAS, assign it to each program that should read it (at most four letters a program), and thank them.',
    }),
  },
  letter_check: {
    urgency: 7,
    writeTo: false,
    timing: { relation: 'on', anchor: 'the date the letter should be uploaded' },
    label: (name) => `Check ${name}'s letter was uploaded`,
    headline: ({ name }) => ({
      subject: `Check ${name}'s letter was uploaded`,
      lead: `${name} promised you a letter of recommendation.`,
      why: 'Check it was uploaded; a gentle reminder is fine if not.',
    }),
  },
};

export const isWriteTo = (kind: ReminderKind): boolean => REMINDER_KIND_INFO[kind].writeTo;

export const urgency = (kind: ReminderKind): number => REMINDER_KIND_INFO[kind].urgency;

export const reminderLabel = (kind: ReminderKind, name: string, about?: string): string =>
  REMINDER_KIND_INFO[kind].label(name, about);

/** When a reminder of this kind falls due by default, from its anchor (none for cadence or fixed dates). */
export function defaultDue(kind: ReminderKind, anchor: string, settings: Settings): string | undefined {
  const timing = REMINDER_KIND_INFO[kind].timing;
  const days =
    'days' in timing ? Number(settings[timing.days]) : 'fixedDays' in timing ? timing.fixedDays : 0;
  if (timing.relation === 'after') return addDays(anchor, days);
  if (timing.relation === 'before') return addDays(anchor, -days);
  return undefined;
}

/**
 * A reminder whose moment has passed though it is still open: preparing for a meeting that has
 * happened, answering an invitation after its deadline. Lists leave it out; the morning run ends it.
 */
export function isMoot(
  reminder: { kind: ReminderKind; about?: { occurredAt: string; deadline?: { at: string } } },
  now: string,
): boolean {
  if (reminder.kind === 'meeting_prep') return Boolean(reminder.about && reminder.about.occurredAt <= now);
  return Boolean(reminder.about?.deadline && reminder.about.deadline.at <= now);
}

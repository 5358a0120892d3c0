// A reminder email: what to do, why now, and how to answer it (reply or one click).
import { namesOf, type ReminderKind } from '#shared/domain/model';
import { type Headline, REMINDER_KIND_INFO } from '#shared/domain/reminder-kinds';
import { offsetMinutes, shortDate, shortDateTime } from '#shared/domain/time';
import { REMINDER_REPLY_HELP } from '#shared/mail/reply-command';
import { writeToLink } from '#shared/mail/write-to';
import { emailFrame, escapeHtml } from './html.ts';

export type ReminderModel = {
  kind: ReminderKind;
  contactName?: string;
  contactEmail: string;
  /** The others on the same thread, when the reminder names several people. */
  others?: { email: string; name?: string }[];
  about?: {
    subject?: string;
    occurredAt: string;
    program?: { name: string; noPostInterview?: boolean };
    deadline?: { at: string; zone?: string; assumed?: boolean };
  };
  dueAt: string;
  timezone: string;
  dashboardUrl?: string | undefined;
  /** The user's capture address: the "Write to" link puts it in Bcc, on the thread's subject. */
  captureAddress?: string | undefined;
  /** One-click actions, each a signed link to a confirmation page. */
  actions?: { label: string; url: string }[];
};

const people = (m: ReminderModel) => [
  { email: m.contactEmail, ...(m.contactName ? { name: m.contactName } : {}) },
  ...(m.others ?? []),
];
const who = (m: ReminderModel) => namesOf(people(m));

/** A mailto on the thread, with the capture address in Bcc when it is known. */
function writeHref(m: ReminderModel, only?: string): string {
  const to = only ? [only] : people(m).map((p) => p.email);
  if (!m.captureAddress) return `mailto:${to.join(',')}`;
  return writeToLink({ to, subject: m.about?.subject, kind: m.kind, captureAddress: m.captureAddress });
}

/** US zones as programs name them; elsewhere the zone's city. */
const ZONE_NAMES: Record<string, string> = {
  'America/New_York': 'Eastern time',
  'America/Chicago': 'Central time',
  'America/Denver': 'Mountain time',
  'America/Phoenix': 'Arizona time',
  'America/Los_Angeles': 'Pacific time',
  'America/Anchorage': 'Alaska time',
  'Pacific/Honolulu': 'Hawaii time',
};
const zoneName = (zone: string) => ZONE_NAMES[zone] ?? `${zone.split('/').at(-1)!.replaceAll('_', ' ')} time`;

/** "Fri 16 Oct, 17:00 Central time (23:00 your time)": the program's clock and the user's, when they differ. */
export function deadlineWords(deadline: { at: string; zone?: string }, timezone: string): string {
  const at = new Date(deadline.at);
  const yours = shortDateTime(at, timezone);
  if (!deadline.zone || offsetMinutes(at, deadline.zone) === offsetMinutes(at, timezone)) return yours;
  const theirs = shortDateTime(at, deadline.zone);
  // The same day on both clocks: the user's time alone ("18:00 your time").
  const sameDay = shortDate(at, deadline.zone) === shortDate(at, timezone);
  return `${theirs} ${zoneName(deadline.zone)} (${sameDay ? yours.split(', ').at(-1) : yours} your time)`;
}

/** One line each: what to do, and why now (the kind's own words, reminder-kinds.ts). */
function headline(m: ReminderModel): Headline {
  const occurred = m.about ? new Date(m.about.occurredAt) : undefined;
  return REMINDER_KIND_INFO[m.kind].headline({
    name: who(m),
    what: m.about?.subject ? `“${m.about.subject}”` : 'your email',
    when: occurred ? shortDate(occurred, m.timezone) : undefined,
    at: occurred ? shortDateTime(occurred, m.timezone) : undefined,
    about: m.about?.subject,
    program: m.about?.program?.name,
    deadline: m.about?.deadline ? deadlineWords(m.about.deadline, m.timezone) : undefined,
    deadlineAssumed: m.about?.deadline?.assumed,
    noPostInterview: m.about?.program?.noPostInterview,
  });
}

/** A reminder email: pure, so it is checked with snapshots and sent by the mailer unchanged. */
export function renderReminder(m: ReminderModel): { subject: string; text: string; html: string } {
  const { subject, lead, why } = headline(m);
  const text = [
    lead,
    why,
    '',
    `To: ${people(m)
      .map((p) => (p.name ? `${p.name} <${p.email}>` : p.email))
      .join(', ')}`,
    '',
    'Reply to this email with one word:',
    ...REMINDER_REPLY_HELP.map(([command, meaning]) => `  ${command.padEnd(10)} ${meaning}`),
    '',
    ...(m.dashboardUrl ? [`Your contacts: ${m.dashboardUrl}`] : []),
    '— Rounds',
  ].join('\n');
  const html = emailFrame(
    subject,
    [
      `<p style="font-size:18px;margin:0 0 8px"><strong>${escapeHtml(lead)}</strong></p>`,
      `<p style="margin:0 0 16px;color:#4a5368">${escapeHtml(why)}</p>`,
      // An update letter is one email to each program, never one to all of them.
      m.kind === 'update_letter'
        ? `<p style="margin:0 0 16px">${people(m)
            .map(
              (p) =>
                `<a href="${escapeHtml(writeHref(m, p.email))}">Write to ${escapeHtml(p.name ?? p.email)}</a>`,
            )
            .join('<br>')}</p>`
        : `<p style="margin:0 0 16px"><a href="${escapeHtml(writeHref(m))}">Write to ${escapeHtml(who(m))}</a></p>`,
      ...(m.actions?.length
        ? [
            `<p style="margin:0 0 16px">${m.actions
              .map(
                (a) =>
                  `<a href="${escapeHtml(a.url)}" style="display:inline-block;margin:0 8px 8px 0;padding:8px 14px;border:1px solid #2f5bd3;border-radius:6px;color:#2f5bd3;text-decoration:none">${escapeHtml(a.label)}</a>`,
              )
              .join('')}</p>`,
          ]
        : []),
      '<p style="margin:0 0 4px">Or reply with one word:</p>',
      '<table style="border-collapse:collapse;margin:0 0 16px">',
      ...REMINDER_REPLY_HELP.map(
        ([command, meaning]) =>
          `<tr><td style="padding:2px 12px 2px 0"><code>${escapeHtml(command)}</code></td><td style="padding:2px 0;color:#4a5368">${escapeHtml(meaning)}</td></tr>`,
      ),
      '</table>',
      `<p style="font-size:14px;color:#4a5368">${m.dashboardUrl ? `<a href="${escapeHtml(m.dashboardUrl)}">Your contacts</a> · ` : ''}Rounds</p>`,
    ].join('\n'),
  );
  return { subject, text, html };
}

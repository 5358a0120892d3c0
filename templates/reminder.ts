import type { ReminderKind } from '#shared/domain/model';
import { shortDate, shortDateTime } from '#shared/domain/time';
import { emailFrame, escapeHtml } from './html.ts';

export type ReminderModel = {
  kind: ReminderKind;
  contactName?: string;
  contactEmail: string;
  about?: { subject?: string; occurredAt: string };
  dueAt: string;
  timezone: string;
  dashboardUrl?: string | undefined;
  /** One-click actions, each a signed link to a confirmation page. */
  actions?: { label: string; url: string }[];
};

const who = (m: ReminderModel) => m.contactName ?? m.contactEmail;

/** One line each: what to do, and why now (the playbook's words). */
function headline(m: ReminderModel): { subject: string; lead: string; why: string } {
  const name = who(m);
  const when = m.about ? shortDate(new Date(m.about.occurredAt), m.timezone) : undefined;
  const what = m.about?.subject ? `“${m.about.subject}”` : 'your email';
  switch (m.kind) {
    case 'no_reply_nudge':
      return {
        subject: `Nudge ${name}? No reply since ${when ?? 'your email'}`,
        lead: `${name} has not replied to ${what}${when ? ` of ${when}` : ''}.`,
        why: 'One short, polite follow-up after two weeks of silence is expected. If there is still no answer after that, let it go.',
      };
    case 'thank_you':
      return {
        subject: `Thank ${name} today`,
        lead: `You met ${name}${when ? ` on ${when}` : ''}.`,
        why: 'A thank-you within 24–48 hours is what people remember.',
      };
    case 'conference_follow_up':
      return {
        subject: `Follow up with ${name} from the conference`,
        lead: `You met ${name} at a conference${when ? ` (${when})` : ''}.`,
        why: 'Write within a few days, while they still remember the conversation.',
      };
    case 'keep_in_touch':
      return {
        subject: `Time for an update to ${name}`,
        lead: `It has been a while since you were in touch with ${name}.`,
        why: 'A short update (a milestone, a thank-you) keeps a mentor or sponsor close.',
      };
    case 'meeting_prep': {
      const at = m.about ? shortDateTime(new Date(m.about.occurredAt), m.timezone) : 'soon';
      return {
        subject: `Prepare for ${name}, ${at}`,
        lead: `You meet ${name} ${at}${m.about?.subject ? ` (“${m.about.subject}”)` : ''}.`,
        why: 'Bring your CV, your scores and 3–5 questions.',
      };
    }
    case 'pre_conference':
      return {
        subject: `Email ${name} before the conference`,
        lead: `The conference is coming up and you hoped to meet ${name}.`,
        why: 'A short note 2–3 weeks before makes a meeting likely.',
      };
    case 'rotation_end':
      return {
        subject: `Ask ${name} for feedback before the rotation ends`,
        lead: `Your rotation with ${name} ends soon.`,
        why: 'Ask for feedback and, if rapport is strong, a letter.',
      };
    case 'letter_check':
      return {
        subject: `Check ${name}'s letter was uploaded`,
        lead: `${name} promised you a letter of recommendation.`,
        why: 'Check it was uploaded; a gentle reminder is fine if not.',
      };
  }
}

export const REPLY_HELP: [string, string][] = [
  ['done', 'you did it'],
  ['replied', 'they answered you'],
  ['snooze 1w', 'remind me again in a week (or 3d, or until Monday)'],
  ['skip', 'not this time'],
  ['stop', 'no more reminders about this person'],
  ['note …', 'add a note to their timeline'],
];

/** A reminder email: pure, so it is checked with snapshots and sent by the mailer unchanged. */
export function renderReminder(m: ReminderModel): { subject: string; text: string; html: string } {
  const { subject, lead, why } = headline(m);
  const text = [
    lead,
    why,
    '',
    `To: ${who(m)} <${m.contactEmail}>`,
    '',
    'Reply to this email with one word:',
    ...REPLY_HELP.map(([command, meaning]) => `  ${command.padEnd(10)} ${meaning}`),
    '',
    ...(m.dashboardUrl ? [`Your contacts: ${m.dashboardUrl}`] : []),
    '— Rounds',
  ].join('\n');
  const html = emailFrame(
    subject,
    [
      `<p style="font-size:18px;margin:0 0 8px"><strong>${escapeHtml(lead)}</strong></p>`,
      `<p style="margin:0 0 16px;color:#4a5368">${escapeHtml(why)}</p>`,
      `<p style="margin:0 0 16px"><a href="mailto:${escapeHtml(m.contactEmail)}">Write to ${escapeHtml(who(m))}</a></p>`,
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
      ...REPLY_HELP.map(
        ([command, meaning]) =>
          `<tr><td style="padding:2px 12px 2px 0"><code>${escapeHtml(command)}</code></td><td style="padding:2px 0;color:#4a5368">${escapeHtml(meaning)}</td></tr>`,
      ),
      '</table>',
      `<p style="font-size:14px;color:#4a5368">${m.dashboardUrl ? `<a href="${escapeHtml(m.dashboardUrl)}">Your contacts</a> · ` : ''}Rounds</p>`,
    ].join('\n'),
  );
  return { subject, text, html };
}

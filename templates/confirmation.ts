// The answers to reply commands: a one-line confirmation, or the commands Rounds understands.
import { COMMAND_HELP } from '#shared/mail/reply-command';
import { emailFrame, escapeHtml } from './html.ts';

/** Answers keep the reply's subject, so mail clients thread them. */
const answerSubject = (replySubject?: string) =>
  !replySubject ? 'Re: your reply' : /^re:/i.test(replySubject) ? replySubject : `Re: ${replySubject}`;

/** The one-line answer to a reply command. */
export function renderConfirmation(
  line: string,
  replySubject?: string,
): { subject: string; text: string; html: string } {
  const subject = answerSubject(replySubject);
  return {
    subject,
    text: `${line}\n— Rounds`,
    html: emailFrame(subject, `<p>${escapeHtml(line)}</p><p style="font-size:14px;color:#4a5368">Rounds</p>`),
  };
}

/** The answer to a reply Rounds could not read: the commands it understands. */
export function renderCommandHelp(
  line: string,
  replySubject?: string,
): { subject: string; text: string; html: string } {
  const subject = answerSubject(replySubject);
  const heard = line ? `Rounds did not understand “${line}”.` : 'Rounds found no command in your reply.';
  return {
    subject,
    text: [heard, 'Reply with one of:', ...COMMAND_HELP.map((c) => `  ${c}`), '— Rounds'].join('\n'),
    html: emailFrame(
      subject,
      `<p>${escapeHtml(heard)} Reply with one of:</p><ul>${COMMAND_HELP.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>`,
    ),
  };
}

/** Asks the user whether they sent a message that their mail provider did not vouch for. */
export function renderHeldMessage(held: {
  subject?: string;
  to: string[];
  confirmUrl: string;
  confirmBy: string;
}): { subject: string; text: string; html: string } {
  const what = held.subject ? `“${held.subject}”` : 'an email without a subject';
  const to =
    held.to.length > 0 ? ` to ${held.to.slice(0, 5).join(', ')}${held.to.length > 5 ? ', …' : ''}` : '';
  const subject = `Did you send ${what}?`;
  const lines = [
    `Rounds received ${what}${to} from your address, but your mail provider did not vouch that it came from you (your domain publishes no DMARC policy, and the message was not signed by it).`,
    'Nothing from it has been recorded.',
  ];
  const until = `This link works until ${held.confirmBy.slice(0, 10)}. If you did not send it, ignore this email: it will be discarded.`;
  return {
    subject,
    text: [...lines, '', `If you sent it, confirm it here: ${held.confirmUrl}`, '', until, '— Rounds'].join(
      '\n',
    ),
    html: emailFrame(
      subject,
      [
        ...lines.map((l) => `<p>${escapeHtml(l)}</p>`),
        `<p><a href="${escapeHtml(held.confirmUrl)}" style="display:inline-block;padding:10px 18px;background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none">I sent it: record it</a></p>`,
        `<p style="font-size:14px;color:#4a5368">${escapeHtml(until)}</p>`,
      ].join(''),
    ),
  };
}

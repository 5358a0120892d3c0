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

// Who may change a user's records (DESIGN.md, Trust): the user, authenticated; a known contact
// whose mail threads to a message the user logged; the organizer of a meeting the user logged.
import type { Deps } from '../deps.ts';
import type { ParsedMail } from '../mail/parse.ts';

/** What SES says about the sender (AWS only; the local SMTP server has no verdicts). */
export type SenderVerdicts = { spf?: string; dkim?: string; dmarc?: string };

/** In AWS: a sender counts only if SPF or DKIM passed and DMARC did not fail. */
export function authenticated(verdicts: SenderVerdicts | undefined): boolean {
  if (!verdicts) return true;
  const pass = (v?: string) => v?.toUpperCase() === 'PASS';
  return (pass(verdicts.spf) || pass(verdicts.dkim)) && verdicts.dmarc?.toUpperCase() !== 'FAIL';
}

/** Mail relayed from a contact: forwarding breaks SPF, so DKIM must pass (AWS only). */
export const contactAuthenticated = (verdicts: SenderVerdicts | undefined) =>
  !verdicts || verdicts.dkim?.toUpperCase() === 'PASS';

/**
 * Mail from someone else counts only when it cites (In-Reply-To, References) a message this
 * user logged — never one Rounds only saw and ignored (list mail, an auto-reply from anyone).
 */
export async function threadsToLoggedMessage(
  userId: string,
  mail: ParsedMail,
  deps: Pick<Deps, 'store'>,
): Promise<boolean> {
  const cited = [...new Set([...mail.inReplyTo, ...mail.references])].slice(-20);
  for (const id of cited) if (await deps.store.messages.anchors(userId, id)) return true;
  return false;
}

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

/** The signing domains of a message's DKIM-Signature headers (d=). */
export const dkimDomains = (mail: ParsedMail): string[] =>
  (mail.headers.get('dkim-signature') ?? [])
    .map((h) => h.match(/(?:^|;)\s*d\s*=\s*([^;\s]+)/i)?.[1]?.toLowerCase())
    .filter((d): d is string => Boolean(d));

/** Calendar services that send an organizer's updates under their own signature. */
const CALENDAR_SERVICES = ['google.com', 'calendar.google.com'];

/** Relaxed alignment (DMARC): one domain is the other or a subdomain of it. */
const aligned = (a: string, b: string) => a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);

/**
 * Mail from a contact (AWS only; forwarding breaks SPF, not DKIM): DMARC must not have failed,
 * and either DMARC passed or a passing DKIM signature is aligned with the From domain — a
 * signature from any other domain proves nothing about who the contact is. A calendar update
 * signed by the calendar service (Google signs as google.com) is allowed only for a meeting
 * the user logged, which logMeetings checks (same UID and organizer).
 */
export function contactAuthenticated(
  verdicts: SenderVerdicts | undefined,
  mail: ParsedMail,
  options: { calendarUpdate?: boolean } = {},
): boolean {
  if (!verdicts) return true;
  const is = (v: string | undefined, status: string) => v?.toUpperCase() === status;
  if (is(verdicts.dmarc, 'FAIL')) return false;
  if (is(verdicts.dmarc, 'PASS')) return true;
  if (!is(verdicts.dkim, 'PASS')) return false;
  const fromDomain = mail.from?.email.split('@')[1] ?? '';
  return dkimDomains(mail).some(
    (d) => aligned(d, fromDomain) || (options.calendarUpdate === true && CALENDAR_SERVICES.includes(d)),
  );
}

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

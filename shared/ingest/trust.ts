// Who may change a user's records (DESIGN.md, Trust): the user, authenticated; a known contact
// whose mail threads to a message the user logged; the organizer of a meeting the user logged.
//
// In AWS the evidence is what SES found on arrival: its verdicts in the receipt event, the
// envelope sender (MAIL FROM), and the `Authentication-Results: amazonses.com` header it
// prepends to the stored message, which names the domain of each DKIM signature that passed.
// A verdict counts only when the domain it vouches for is aligned with the From address; a
// passing SPF or DKIM for some other domain proves nothing about who wrote the mail.
// Locally (the SMTP server, `rounds ingest`) there are no verdicts and every sender counts.
import type { Deps } from '../deps.ts';
import type { ParsedMail } from '../mail/parse.ts';

/** What SES says about the sender (AWS only; the local SMTP server has no verdicts). */
export type SenderVerdicts = { spf?: string; dkim?: string; dmarc?: string };

/** SES's evidence about one message: the receipt's verdicts and the envelope sender. */
export type SenderEvidence = { verdicts?: SenderVerdicts; mailFrom?: string };

const is = (v: string | undefined, status: string) => v?.toUpperCase() === status;
const domainOf = (address: string | undefined) => address?.split('@').pop()?.toLowerCase() ?? '';

/** Relaxed alignment (DMARC): one domain is the other or a subdomain of it. */
const aligned = (a: string, b: string) =>
  a !== '' && b !== '' && (a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`));

/** The signing domains of a message's DKIM-Signature headers (d=). */
export const dkimDomains = (mail: ParsedMail): string[] =>
  (mail.headers.get('dkim-signature') ?? [])
    .map((h) => h.match(/(?:^|;)\s*d\s*=\s*([^;\s]+)/i)?.[1]?.toLowerCase())
    .filter((d): d is string => Boolean(d));

/**
 * The domains whose DKIM signatures passed, from the topmost Authentication-Results header when
 * SES wrote it (a sender may add their own further down; those are never read). Without it, a
 * signature counts only if every signature on the message is from the same aligned domain —
 * the receipt's single DKIM verdict cannot say which of several signatures passed.
 */
function passingDkimDomains(mail: ParsedMail, verdicts: SenderVerdicts): string[] {
  const results = mail.headers.get('authentication-results')?.[0];
  if (results && /^\s*amazonses\.com\s*;/i.test(results)) {
    return [...results.matchAll(/(?:^|;)\s*dkim\s*=\s*pass\b[^;]*?header\.[id]\s*=\s*@?([^;\s]+)/gi)].map(
      (m) => domainOf(m[1]),
    );
  }
  if (!is(verdicts.dkim, 'PASS')) return [];
  const signers = [...new Set(dkimDomains(mail))];
  return signers.length === 1 ? signers : [];
}

/** Whether SPF or a DKIM signature that passed vouches for the From domain itself. */
function alignedPass(evidence: SenderEvidence, mail: ParsedMail, extraSigners: string[] = []): boolean {
  const verdicts = evidence.verdicts ?? {};
  const fromDomain = domainOf(mail.from?.email);
  if (is(verdicts.spf, 'PASS') && aligned(domainOf(evidence.mailFrom), fromDomain)) return true;
  return passingDkimDomains(mail, verdicts).some((d) => aligned(d, fromDomain) || extraSigners.includes(d));
}

/** What to do with mail that claims to be from the user: take it, hold it for a click, or refuse it. */
export type UserTrust = 'pass' | 'hold' | 'fail';

/**
 * Mail as the user: DMARC FAIL is refused and DMARC PASS taken. With no DMARC verdict (the
 * user's domain publishes none: GRAY, or PROCESSING_FAILED), SPF or DKIM must pass aligned
 * with the user's address; a pass for another domain (an attacker's own SPF record) is held
 * until the user confirms it, and nothing passing at all is refused.
 */
export function userTrust(evidence: SenderEvidence, mail: ParsedMail): UserTrust {
  const verdicts = evidence.verdicts;
  if (!verdicts) return 'pass';
  if (is(verdicts.dmarc, 'FAIL')) return 'fail';
  if (is(verdicts.dmarc, 'PASS')) return 'pass';
  if (alignedPass(evidence, mail)) return 'pass';
  return is(verdicts.spf, 'PASS') || is(verdicts.dkim, 'PASS') ? 'hold' : 'fail';
}

/**
 * A reply to a signed reply address: the signature (which only the user's mail carries) is the
 * proof of who is writing, so any passing SPF or DKIM will do, as long as DMARC did not fail.
 */
export function replyAuthenticated(verdicts: SenderVerdicts | undefined): boolean {
  if (!verdicts) return true;
  return (is(verdicts.spf, 'PASS') || is(verdicts.dkim, 'PASS')) && !is(verdicts.dmarc, 'FAIL');
}

/** Calendar services that send an organizer's updates under their own signature. */
const CALENDAR_SERVICES = ['google.com', 'calendar.google.com'];

/**
 * Mail from a contact (AWS only; forwarding breaks SPF, not DKIM): DMARC must not have failed,
 * and either DMARC passed or a passing DKIM signature is aligned with the From domain. A
 * calendar update signed by the calendar service (Google signs as google.com) is allowed only
 * for a meeting the user logged, which logMeetings checks (same UID and organizer).
 */
export function contactAuthenticated(
  evidence: SenderEvidence,
  mail: ParsedMail,
  options: { calendarUpdate?: boolean } = {},
): boolean {
  const verdicts = evidence.verdicts;
  if (!verdicts) return true;
  if (is(verdicts.dmarc, 'FAIL')) return false;
  if (is(verdicts.dmarc, 'PASS')) return true;
  // SPF is not enough for a contact: the envelope sender of a forwarded message is the forwarder.
  return alignedPass({ verdicts }, mail, options.calendarUpdate ? CALENDAR_SERVICES : []);
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

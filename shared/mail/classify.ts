// What kind of message this is, from its headers alone: is it mail at all, which capture
// address it was for, and is it noise (an auto-reply, a bounce, list mail) that no one wrote.
import { isCaptureDomainAddress } from './address.ts';
import { header, type ParsedMail } from './parse.ts';

/** The first recipient on the capture domain, in the order CONTRACT.md gives. */
export function envelopeRecipientFromHeaders(mail: ParsedMail, captureDomain: string): string | undefined {
  const candidates = [
    ...(mail.headers.get('delivered-to') ?? []),
    ...(mail.headers.get('x-original-to') ?? []),
    ...mail.to.map((p) => p.email),
    ...mail.cc.map((p) => p.email),
    // A sent-folder copy keeps its Bcc line; that is where a BCC'd capture address is.
    ...mail.bcc.map((p) => p.email),
  ];
  for (const candidate of candidates) {
    const address = candidate.match(/[^\s<>"]+@[^\s<>"]+/)?.[0];
    if (address && isCaptureDomainAddress(address, captureDomain)) return address.toLowerCase();
  }
  return undefined;
}

const EMAIL_HEADERS = [
  'from',
  'to',
  'cc',
  'subject',
  'date',
  'message-id',
  'received',
  'mime-version',
  'sender',
];

/** Any readable message has at least one of the headers every mail client writes. */
export const looksLikeEmail = (mail: ParsedMail) => EMAIL_HEADERS.some((name) => mail.headers.has(name));

/** Auto-replies, bounces and list mail: never a contact, never a reminder. */
export function noiseReason(mail: ParsedMail): string | undefined {
  const autoSubmitted = header(mail, 'auto-submitted')?.toLowerCase();
  if (
    (autoSubmitted && autoSubmitted !== 'no') ||
    mail.headers.has('x-autoreply') ||
    mail.headers.has('x-autorespond') ||
    header(mail, 'x-auto-response-suppress')?.toLowerCase() === 'all'
  )
    return 'auto-reply';
  if (
    /^(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|autoreply|abwesenheitsnotiz|absence)\b/i.test(
      mail.subject ?? '',
    )
  )
    return 'auto-reply';
  const contentType = header(mail, 'content-type')?.toLowerCase() ?? '';
  if (
    contentType.includes('multipart/report') ||
    /^(mailer-daemon|postmaster)@/i.test(mail.from?.email ?? '')
  )
    return 'bounce';
  const precedence = header(mail, 'precedence')?.toLowerCase();
  if (
    mail.headers.has('list-id') ||
    mail.headers.has('list-unsubscribe') ||
    ['bulk', 'list', 'junk'].includes(precedence ?? '')
  )
    return 'list-mail';
  return undefined;
}

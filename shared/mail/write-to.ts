// "Write to them": a mailto link that opens the user's own mail client on the right thread,
// with the capture address already in Bcc, so the email that answers a reminder is logged.
import { taggedAddress } from '#templates/account';
import type { ReminderKind } from '../domain/model.ts';

/** The capture tag an email answering this kind of reminder should carry. */
const tagFor = (kind: ReminderKind | undefined) => (kind === 'thank_you' ? 'thanks' : '');

export function writeToLink(input: {
  to: string[];
  subject?: string | undefined;
  kind?: ReminderKind | undefined;
  captureAddress: string;
}): string {
  const subject = input.subject
    ? /^re:/i.test(input.subject)
      ? input.subject
      : `Re: ${input.subject}`
    : input.kind === 'thank_you'
      ? 'Thank you'
      : '';
  const query = [
    ...(subject ? [`subject=${encodeURIComponent(subject)}`] : []),
    `bcc=${encodeURIComponent(taggedAddress(input.captureAddress, tagFor(input.kind)))}`,
  ].join('&');
  return `mailto:${input.to.map((a) => encodeURIComponent(a).replace(/%40/g, '@')).join(',')}?${query}`;
}

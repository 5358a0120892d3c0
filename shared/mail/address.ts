// Capture addresses: `<token>[+tag…]@<capture domain>`, and the signed reply addresses built on them.
import { type SignedPurpose, signTag } from '../domain/signing.ts';

export type CaptureAddress = { address: string; token: string; tags: string[] };

/** `<token>[+tag…]@<capture domain>` → its parts, or undefined for any other address. */
export function parseCaptureAddress(address: string, captureDomain: string): CaptureAddress | undefined {
  const at = address.lastIndexOf('@');
  if (at < 1) return undefined;
  const domain = address.slice(at + 1).toLowerCase();
  if (domain !== captureDomain.toLowerCase()) return undefined;
  const [token, ...tags] = address.slice(0, at).toLowerCase().split('+');
  if (!token) return undefined;
  return { address: address.toLowerCase(), token, tags: tags.filter((t) => t.length > 0) };
}

export const isCaptureDomainAddress = (address: string, captureDomain: string) =>
  address.toLowerCase().endsWith(`@${captureDomain.toLowerCase()}`);

export const captureAddressFor = (token: string, captureDomain: string) => `${token}@${captureDomain}`;

/** A reply or unsubscribe address bound to one item of one user, signed and expiring. */
export function signedAddress(
  secret: string,
  token: string,
  captureDomain: string,
  purpose: SignedPurpose,
  subject: string,
  expiresAt: Date,
): string {
  return `${token}+${signTag(secret, token, purpose, subject, expiresAt)}@${captureDomain}`;
}

/**
 * Envelope recipients, one group per capture token: one delivery addressed to two users'
 * capture addresses is each user's message, processed once for each.
 */
export function recipientsByCaptureToken(recipients: string[], captureDomain: string): string[][] {
  const groups = new Map<string, string[]>();
  for (const recipient of recipients) {
    const token = parseCaptureAddress(recipient, captureDomain)?.token ?? '';
    groups.set(token, [...(groups.get(token) ?? []), recipient]);
  }
  return [...groups.values()];
}

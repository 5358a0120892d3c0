// Signed tags for reply addresses and links: HMAC over purpose, subject, user and expiry.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { base32 } from './ids.ts';

// Signed tags ride in the local part of a reply address (`<token>+r.<id>.<exp>.<sig>@…`)
// and in links. The signature binds the purpose, the subject id, the user's capture token
// and an expiry, so a tag cannot be moved to another reminder, user or purpose.

/**
 * r: a reminder's reply address; w: a weekly digest's; u: unsubscribe; d: a dashboard link;
 * h: the link that confirms a held message.
 */
export type SignedPurpose = 'r' | 'u' | 'd' | 'w' | 'h';
const DAY_SECONDS = 86_400;
const SIGNATURE_LENGTH = 16; // 80 bits

export type SignedTag = { purpose: SignedPurpose; subject: string; expiresAt: Date };

const expiryDay = (date: Date) => Math.floor(date.getTime() / 1000 / DAY_SECONDS);

function signature(secret: string, token: string, purpose: string, subject: string, day: string): string {
  const mac = createHmac('sha256', secret).update(`${purpose}|${subject}|${token}|${day}`).digest();
  return base32(mac, SIGNATURE_LENGTH);
}

export function signTag(
  secret: string,
  token: string,
  purpose: SignedPurpose,
  subject: string,
  expiresAt: Date,
) {
  const day = String(expiryDay(expiresAt));
  return `${purpose}.${subject}.${day}.${signature(secret, token, purpose, subject, day)}`;
}

/** Compares two secrets in time that does not depend on where they differ. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type TagVerdict =
  | { ok: true; tag: SignedTag }
  | { ok: false; reason: 'bad-signature' | 'expired-link' | 'not-signed' };

export function verifyTag(secret: string, token: string, raw: string, now: Date): TagVerdict {
  const parts = raw.toLowerCase().split('.');
  if (parts.length !== 4) return { ok: false, reason: 'not-signed' };
  const [purpose, subject, day, given] = parts as [string, string, string, string];
  if (!['r', 'u', 'd', 'w', 'h'].includes(purpose) || !/^\d+$/.test(day))
    return { ok: false, reason: 'not-signed' };
  const expected = signature(secret, token, purpose, subject, day);
  if (!sameSecret(given, expected)) return { ok: false, reason: 'bad-signature' };
  const expiresAt = new Date(Number(day) * DAY_SECONDS * 1000 + DAY_SECONDS * 1000);
  if (expiresAt.getTime() < now.getTime()) return { ok: false, reason: 'expired-link' };
  return { ok: true, tag: { purpose: purpose as SignedPurpose, subject, expiresAt } };
}

// Ids and tokens: unguessable ones for users and capture addresses, deterministic ones for
// everything derived from a message (so processing it twice writes the same items).
import { createHash, randomBytes } from 'node:crypto';

// Lower-case base32 without look-alikes: ids and tokens travel inside email local parts,
// which some servers lower-case.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

export function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length >= length) break;
  }
  return out;
}

/** An unguessable capture token: 16 characters, 80 bits. */
export const newCaptureToken = (): string => base32(randomBytes(10), 16);

/** A 256-bit secret for a sign-in link, a session cookie or a calendar feed address. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** What is stored of a secret: its SHA-256, so the table alone lets nobody in. */
export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const newUserId = (): string => base32(randomBytes(10), 16);

/**
 * A deterministic id from its parts: the same message processed twice writes the same
 * items, which is what makes a half-finished ingest safe to run again.
 */
export const stableId = (...parts: string[]): string =>
  base32(createHash('sha256').update(parts.join('\u0000')).digest(), 12);

export const sha256Hex = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');

import { describe, expect, it } from 'vitest';
import { signTag, verifyTag } from '#shared/domain/signing';

const secret = 'a-secret-of-at-least-thirty-two-characters!';
const expires = new Date('2027-01-01T00:00:00Z');

describe('signed tags', () => {
  it('verify for the token, purpose and subject they were made for', () => {
    const tag = signTag(secret, 'tok1', 'r', 'rem123', expires);
    const verdict = verifyTag(secret, 'tok1', tag, new Date('2026-12-01T00:00:00Z'));
    expect(verdict).toMatchObject({ ok: true, tag: { purpose: 'r', subject: 'rem123' } });
  });

  it('survive a mail server lower-casing the address', () => {
    const tag = signTag(secret, 'tok1', 'r', 'rem123', expires);
    expect(verifyTag(secret, 'tok1', tag.toUpperCase(), new Date('2026-12-01T00:00:00Z')).ok).toBe(true);
  });

  it('fail for another user, another subject, an altered expiry or another secret', () => {
    const tag = signTag(secret, 'tok1', 'r', 'rem123', expires);
    const now = new Date('2026-12-01T00:00:00Z');
    expect(verifyTag(secret, 'tok2', tag, now)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyTag(secret, 'tok1', tag.replace('rem123', 'rem124'), now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    const [p, s, day, sig] = tag.split('.');
    expect(verifyTag(secret, 'tok1', [p, s, Number(day) + 100, sig].join('.'), now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verifyTag(`${secret}x`, 'tok1', tag, now)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('expire', () => {
    const tag = signTag(secret, 'tok1', 'r', 'rem123', expires);
    expect(verifyTag(secret, 'tok1', tag, new Date('2027-01-03T00:00:00Z'))).toEqual({
      ok: false,
      reason: 'expired-link',
    });
  });

  it('tell a plain command tag from a signed one', () => {
    expect(verifyTag(secret, 'tok1', '3d', new Date())).toEqual({ ok: false, reason: 'not-signed' });
  });
});

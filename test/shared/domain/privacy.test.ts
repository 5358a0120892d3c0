import { describe, expect, it } from 'vitest';
import { redact, snippet } from '#shared/domain/privacy';

describe('redact', () => {
  it.each([
    ['Pt MRN 12345678 seen today', 'Pt [redacted MRN] seen today'],
    ['DOB 01/02/1990, stable', '[redacted DOB], stable'],
    ['call (312) 555-0199 please', 'call [redacted phone] please'],
    ['+1 312.555.0199', '[redacted phone]'],
    ['call +91 98765 43210 today', 'call [redacted phone] today'],
    ['UK: +44 20 7946 0958', 'UK: [redacted phone]'],
    ['Paris +33 1 23 45 67 89.', 'Paris [redacted phone].'],
    ['she was born on May 6, 1970', 'she was [redacted DOB]'],
    ['Date of Birth - 6 May 1970', '[redacted DOB]'],
    ['MR# 7654321', '[redacted MRN]'],
    ['SSN 123-45-6789', 'SSN [redacted SSN]'],
  ])('removes identifiers from %j', (input, output) => {
    expect(redact(input)).toBe(output);
  });

  it('leaves ordinary words and years alone', () => {
    expect(redact('PGY-1 in 2026, applying to PM&R')).toBe('PGY-1 in 2026, applying to PM&R');
  });
});

describe('snippet', () => {
  it('keeps a short, single-line, redacted start of the newest text', () => {
    const text = `Dear Dr. Lopez,\n\n${'I am writing about research. '.repeat(20)}\n> quoted MRN 1234567`;
    const result = snippet(text);
    expect(result.length).toBeLessThanOrEqual(160);
    expect(result.startsWith('Dear Dr. Lopez, I am writing')).toBe(true);
    expect(result).not.toContain('1234567');
  });
});

// Names and subjects as real clients encode them: Windows-1252 encoded words keep their dashes
// and curly quotes, UTF-7 names decode, raw 8-bit names decode in the message's charset, and
// group syntax never becomes a person.
import { describe, expect, it } from 'vitest';
import { decodeUtf7, parseMail } from '#shared/mail/parse';

const message = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('parseMail: names and subjects', () => {
  it('keeps the en dash and curly quotes of a Windows-1252 subject (Outlook)', async () => {
    const mail = await parseMail(
      message(
        'From: Amira Haddad <amira@example.org>\r\n',
        'Subject: =?windows-1252?Q?Research_elective_inquiry_=96_=93PM&R=94?=\r\n',
        'Content-Type: text/plain; charset="windows-1252"\r\n\r\nDear Dr. O\x92Brien\r\n',
      ),
    );

    expect(mail.subject).toBe('Research elective inquiry – “PM&R”');
    expect(mail.text.trim()).toBe('Dear Dr. O’Brien');
  });

  it('decodes a UTF-7 name', async () => {
    const mail = await parseMail(
      message('From: =?utf-7?Q?Jos+AOk-_Garc+AO0-a?= <jgarcia@uni.example>\r\nSubject: hi\r\n\r\nhi\r\n'),
    );

    expect(mail.from).toEqual({ email: 'jgarcia@uni.example', name: 'José García' });
    expect(decodeUtf7('A+-B')).toBe('A+B');
  });

  it('reads raw 8-bit bytes in a name in the message’s own charset', async () => {
    const mail = await parseMail(
      message(
        'From: Amira Haddad <amira@example.org>\r\nTo: ',
        [0x4d, 0x61, 0x72, 0xed, 0x61, 0x20, 0x4c, 0xf3, 0x70, 0x65, 0x7a],
        ' <mlopez@stmarys.example.edu>\r\nSubject: hola\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nhola\r\n',
      ),
    );

    expect(mail.to).toEqual([{ email: 'mlopez@stmarys.example.edu', name: 'María López' }]);
  });

  it('never makes a person of group syntax such as undisclosed-recipients:;', async () => {
    const mail = await parseMail(
      message(
        'From: Amira Haddad <amira@example.org>\r\nTo: undisclosed-recipients:;\r\nSubject: x\r\n\r\nx\r\n',
      ),
    );

    expect(mail.to).toEqual([]);
  });
});

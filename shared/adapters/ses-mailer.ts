// The Mailer port on SES v2 SendEmail; the same code talks to AWS and to aws-ses-v2-local.
import type { Mailer } from '../domain/ports.ts';
import { type AwsService, awsFetch } from './aws-fetch.ts';

/**
 * Every header value Rounds writes passes here: control characters (CR, LF, NUL…) that a name
 * or a meeting title from someone else's mail may carry become spaces, so no third party can
 * add a header (a Bcc) to mail Rounds sends. The one choke point: every send goes through it.
 */
export const headerSafe = (value: string): string =>
  value
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();

/** SES v2 SendEmail (POST /v2/email/outbound-emails), simple content with our headers. */
export function sesMailer(ses: AwsService, configurationSet?: string): Mailer {
  const origin = ses.endpoint ?? `https://email.${ses.region}.amazonaws.com`;
  return {
    async send(mail) {
      const request = {
        ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
        FromEmailAddress: headerSafe(mail.from),
        Destination: { ToAddresses: [headerSafe(mail.to)] },
        ...(mail.replyTo ? { ReplyToAddresses: [headerSafe(mail.replyTo)] } : {}),
        Content: {
          Simple: {
            Subject: { Data: headerSafe(mail.subject), Charset: 'UTF-8' },
            Body: {
              Text: { Data: mail.text, Charset: 'UTF-8' },
              Html: { Data: mail.html, Charset: 'UTF-8' },
            },
            Headers: mail.headers.map((h) => ({ Name: headerSafe(h.name), Value: headerSafe(h.value) })),
            ...(mail.attachments?.length
              ? {
                  Attachments: mail.attachments.map((a) => ({
                    FileName: headerSafe(a.filename),
                    ContentType: headerSafe(a.contentType),
                    ContentDisposition: 'ATTACHMENT',
                    // A blob in SES's JSON protocol is base64.
                    RawContent: Buffer.from(a.content, 'utf8').toString('base64'),
                  })),
                }
              : {}),
          },
        },
      };
      const response = await awsFetch({ ...ses, signingName: 'ses' }, `${origin}/v2/email/outbound-emails`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
      const out = (await response.json()) as { MessageId?: string };
      if (!out.MessageId) throw new Error('SES accepted the message but returned no MessageId');
      return { messageId: sesHeaderMessageId(out.MessageId, ses.region) };
    },
  };
}

/**
 * SES replaces our Message-ID with its own; replies cite this one in In-Reply-To
 * (AWS-NOTES.md §2). Locally the id has no region part, which is harmless.
 */
export function sesHeaderMessageId(sesId: string, region: string): string {
  const host = region === 'us-east-1' ? 'email.amazonses.com' : `${region}.amazonses.com`;
  return `<${sesId}@${host}>`.toLowerCase();
}

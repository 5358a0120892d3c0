// The Mailer port on SES v2 SendEmail; the same code talks to AWS and to aws-ses-v2-local.
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer } from '../domain/ports.ts';

/** SES v2 SendEmail; the same code talks to AWS and to aws-ses-v2-local. */
export function sesMailer(client: SESv2Client, region: string, configurationSet?: string): Mailer {
  return {
    async send(mail) {
      const out = await client.send(
        new SendEmailCommand({
          ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
          FromEmailAddress: mail.from,
          Destination: { ToAddresses: [mail.to] },
          ReplyToAddresses: mail.replyTo ? [mail.replyTo] : undefined,
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: mail.text, Charset: 'UTF-8' },
                Html: { Data: mail.html, Charset: 'UTF-8' },
              },
              Headers: mail.headers.map((h) => ({ Name: h.name, Value: h.value })),
            },
          },
        }),
      );
      if (!out.MessageId) throw new Error('SES accepted the message but returned no MessageId');
      return { messageId: sesHeaderMessageId(out.MessageId, region) };
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

// SES receipt rule → (S3 action stores the raw message) → this Lambda → ingest.
import { z } from 'zod';
import { lambdaDeps, lambdaRawMail } from '#shared/adapters/lambda';
import { logger } from '#shared/adapters/observability';
import type { Deps } from '#shared/deps';
import type { RawMailSource } from '#shared/domain/ports';
import { ingestMessage } from '#shared/ingest/ingest';
import { recipientsByCaptureToken } from '#shared/mail/address';

// Mirrors Powertools' SesSchema, loosened where real events differ (AWS-NOTES.md §1).
const verdict = z.object({ status: z.string() }).optional();
const sesEventSchema = z.object({
  Records: z.array(
    z.object({
      eventSource: z.literal('aws:ses'),
      ses: z.object({
        mail: z.object({ messageId: z.string().min(1), source: z.string().optional() }),
        receipt: z.object({
          recipients: z.array(z.string()),
          spfVerdict: verdict,
          dkimVerdict: verdict,
          dmarcVerdict: verdict,
        }),
      }),
    }),
  ),
});

export function createInboundHandler(deps: Deps & { rawMail: RawMailSource }) {
  return async (event: unknown) => {
    const parsed = sesEventSchema.safeParse(event);
    if (!parsed.success) {
      // Retrying a malformed event cannot help; say what was wrong and stop.
      logger.error('not an SES receipt event', { issues: parsed.error.issues.slice(0, 5) });
      return { outcomes: [] };
    }
    const outcomes = [];
    for (const { ses } of parsed.data.Records) {
      const raw = await deps.rawMail.get(ses.mail.messageId);
      // In AWS the envelope recipient comes from the receipt, never from headers; one message
      // to two users' capture addresses is processed for each of them.
      for (const recipients of recipientsByCaptureToken(ses.receipt.recipients, deps.config.captureDomain)) {
        const outcome = await ingestMessage(
          {
            raw,
            recipients,
            ...(ses.mail.source ? { mailFrom: ses.mail.source } : {}),
            verdicts: {
              spf: ses.receipt.spfVerdict?.status,
              dkim: ses.receipt.dkimVerdict?.status,
              dmarc: ses.receipt.dmarcVerdict?.status,
            },
          },
          deps,
        );
        logger.info('inbound processed', {
          sesMessageId: ses.mail.messageId,
          status: outcome.status,
          reason: outcome.reason,
        });
        outcomes.push(outcome);
      }
    }
    return { outcomes };
  };
}

let handlerInstance: ReturnType<typeof createInboundHandler> | undefined;
/** Built on the first invocation and reused while the instance is warm. */
export async function handler(event: unknown) {
  handlerInstance ??= createInboundHandler({ ...(await lambdaDeps()), rawMail: lambdaRawMail() });
  return handlerInstance(event);
}

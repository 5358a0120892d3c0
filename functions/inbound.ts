// SES receipt rule → (S3 action stores the raw message) → this Lambda → ingest. Also the
// dashboard's "I sent it" on a held message, which it hands here to be ingested.
import * as z from 'zod/mini';
import { lambdaDeps, lambdaRawMail } from '#shared/adapters/lambda';
import { logger } from '#shared/adapters/observability';
import type { Deps } from '#shared/deps';
import type { RawMailSource } from '#shared/domain/ports';
import { confirmHeld, heldMailInProcess } from '#shared/ingest/confirm-held';
import { isHeldConfirmation } from '#shared/ingest/held-answer';
import { ingestMessage } from '#shared/ingest/ingest';
import { recipientsByCaptureToken } from '#shared/mail/address';

// Mirrors Powertools' SesSchema, loosened where real events differ (AWS-NOTES.md §1).
const verdict = z.optional(z.object({ status: z.string() }));
const sesEventSchema = z.object({
  Records: z.array(
    z.object({
      eventSource: z.literal('aws:ses'),
      ses: z.object({
        mail: z.object({ messageId: z.string().check(z.minLength(1)), source: z.optional(z.string()) }),
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
    if (isHeldConfirmation(event)) {
      // The dashboard's "I sent it" (adapters/inbound-invoke.ts): ingest runs here.
      const answer = await confirmHeld(event.userId, event.heldId, deps);
      logger.info('held message answered', { status: answer.outcome?.status ?? 'gone' });
      return { outcomes: answer.outcome ? [answer.outcome] : [] };
    }
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
  handlerInstance ??= createInboundHandler({
    ...(await lambdaDeps(process.env, heldMailInProcess)),
    rawMail: lambdaRawMail(),
  });
  return handlerInstance(event);
}

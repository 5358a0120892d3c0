// SES configuration set → SNS → this Lambda: bounces and complaints about mail Rounds sent.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { systemClock } from '#shared/clock';
import { recordDeliveryFeedback } from '#shared/feedback';
import { logger } from '#shared/observability';
import { Store } from '#shared/store';

const notificationSchema = z.object({
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
  bounce: z
    .object({ bounceType: z.string(), bouncedRecipients: z.array(z.object({ emailAddress: z.string() })) })
    .optional(),
  complaint: z.object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() })) }).optional(),
});
const snsEventSchema = z.object({ Records: z.array(z.object({ Sns: z.object({ Message: z.string() }) })) });

export function createFeedbackHandler(deps: { store: Store; clock: typeof systemClock }) {
  return async (event: unknown) => {
    const parsed = snsEventSchema.safeParse(event);
    if (!parsed.success) {
      logger.error('not an SNS event', { issues: parsed.error.issues.slice(0, 5) });
      return { paused: [] };
    }
    const paused: string[] = [];
    for (const record of parsed.data.Records) {
      let message: z.infer<typeof notificationSchema>;
      try {
        message = notificationSchema.parse(JSON.parse(record.Sns.Message));
      } catch {
        logger.error('unreadable SES notification', {});
        continue;
      }
      const type = message.eventType ?? message.notificationType ?? 'unknown';
      const recipients = [
        ...(message.bounce?.bouncedRecipients ?? []),
        ...(message.complaint?.complainedRecipients ?? []),
      ].map((r) => r.emailAddress.toLowerCase());
      const result = await recordDeliveryFeedback(
        { type, ...(message.bounce ? { bounceType: message.bounce.bounceType } : {}), recipients },
        deps,
      );
      paused.push(...result.paused);
    }
    return { paused };
  };
}

let handlerInstance: ReturnType<typeof createFeedbackHandler> | undefined;
/** Built on the first invocation and reused while the instance is warm. */
export async function handler(event: unknown) {
  if (!handlerInstance) {
    const tableName = process.env.ROUNDS_TABLE;
    if (!tableName) throw new Error('invalid configuration: ROUNDS_TABLE is not set');
    handlerInstance = createFeedbackHandler({
      store: new Store({ tableName, client: new DynamoDBClient({}) }),
      clock: systemClock,
    });
  }
  return handlerInstance(event);
}

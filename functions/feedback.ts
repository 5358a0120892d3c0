// SES configuration set → EventBridge (or SNS) → this Lambda: bounces and complaints about
// mail Rounds sent.
import * as z from 'zod/mini';
import { lambdaStoreDeps } from '#shared/adapters/lambda';
import { logger } from '#shared/adapters/observability';
import type { Deps } from '#shared/deps';
import { recordDeliveryFeedback } from '#shared/users/delivery-feedback';

const notificationSchema = z.object({
  eventType: z.optional(z.string()),
  notificationType: z.optional(z.string()),
  bounce: z.optional(
    z.object({ bounceType: z.string(), bouncedRecipients: z.array(z.object({ emailAddress: z.string() })) }),
  ),
  complaint: z.optional(z.object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() })) })),
});
const snsEventSchema = z.object({ Records: z.array(z.object({ Sns: z.object({ Message: z.string() }) })) });
const eventBridgeSchema = z.object({ 'detail-type': z.string(), detail: z.record(z.string(), z.unknown()) });

/** The SES notifications an event carries, whichever way it came. */
function notifications(event: unknown): unknown[] | undefined {
  const bridged = eventBridgeSchema.safeParse(event);
  if (bridged.success) return [bridged.data.detail];
  const sns = snsEventSchema.safeParse(event);
  if (!sns.success) return undefined;
  return sns.data.Records.map((r) => {
    try {
      return JSON.parse(r.Sns.Message) as unknown;
    } catch {
      return undefined;
    }
  });
}

export function createFeedbackHandler(deps: Pick<Deps, 'store' | 'clock'>) {
  return async (event: unknown) => {
    const messages = notifications(event);
    if (!messages) {
      logger.error('not an SES feedback event', {});
      return { paused: [] };
    }
    const paused: string[] = [];
    for (const raw of messages) {
      const parsed = notificationSchema.safeParse(raw);
      if (!parsed.success) {
        logger.error('unreadable SES notification', {});
        continue;
      }
      const message = parsed.data;
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
  handlerInstance ??= createFeedbackHandler(lambdaStoreDeps());
  return handlerInstance(event);
}

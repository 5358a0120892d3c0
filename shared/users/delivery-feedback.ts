// SES bounce and complaint events: a user whose address bounces for good, or who marks
// Rounds as spam, gets no more mail; the reason is kept for the operator.

import { logger } from '../adapters/observability.ts';
import type { Deps } from '../deps.ts';

export type DeliveryFeedback = {
  type: 'Bounce' | 'Complaint' | 'Delivery' | string;
  /** For bounces: Permanent, Transient or Undetermined. */
  bounceType?: string;
  recipients: string[];
};

export async function recordDeliveryFeedback(
  feedback: DeliveryFeedback,
  deps: Pick<Deps, 'store' | 'clock'>,
): Promise<{ paused: string[] }> {
  const stops =
    feedback.type === 'Complaint' || (feedback.type === 'Bounce' && feedback.bounceType === 'Permanent');
  const paused: string[] = [];
  for (const address of feedback.recipients) {
    const user = await deps.store.users.findByAddress(address);
    logger.warn('delivery feedback', {
      type: feedback.type,
      bounceType: feedback.bounceType,
      userId: user?.userId,
    });
    if (!user || !stops || user.mailPausedAt) continue;
    const reason = feedback.type === 'Complaint' ? 'complaint' : 'bounced';
    await deps.store.users.update(user.userId, {
      mailPausedAt: deps.clock.now().toISOString(),
      mailPausedReason: reason,
    });
    paused.push(user.email);
  }
  return { paused };
}

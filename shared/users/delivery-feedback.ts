// SES bounce and complaint events: a user whose address bounces for good, or who marks
// Rounds as spam, gets no more mail; the reason is kept for the operator.
import type { Clock } from '../domain/clock.ts';
import { logger } from '../adapters/observability.ts';
import type { Store } from '../store/store.ts';

export type DeliveryFeedback = {
  type: 'Bounce' | 'Complaint' | 'Delivery' | string;
  /** For bounces: Permanent, Transient or Undetermined. */
  bounceType?: string;
  recipients: string[];
};

export async function recordDeliveryFeedback(
  feedback: DeliveryFeedback,
  deps: { store: Store; clock: Clock },
): Promise<{ paused: string[] }> {
  const stops =
    feedback.type === 'Complaint' || (feedback.type === 'Bounce' && feedback.bounceType === 'Permanent');
  const paused: string[] = [];
  for (const address of feedback.recipients) {
    const user = await deps.store.findUserByAddress(address);
    logger.warn('delivery feedback', {
      type: feedback.type,
      bounceType: feedback.bounceType,
      userId: user?.userId,
    });
    if (!user || !stops || user.mailPausedAt) continue;
    const reason = feedback.type === 'Complaint' ? 'complaint' : 'bounced';
    await deps.store.updateUser(user.userId, {
      mailPausedAt: deps.clock.now().toISOString(),
      mailPausedReason: reason,
    });
    paused.push(user.email);
  }
  return { paused };
}

// Holding mail as the user that SES could not tie to the user: kept, not applied, and the user
// asked by email to confirm it with one click (a signed link that expires with the message).
// Assume an attacker knows the capture address and can pass SPF for a domain of their own:
// each held message costs them a message, and the user at most a few emails a day.
import { renderHeldMessage } from '#templates/confirmation';
import { logger } from '../adapters/observability.ts';
import type { Deps } from '../deps.ts';
import { stableId } from '../domain/ids.ts';
import type { User } from '../domain/model.ts';
import { redactTitle } from '../domain/privacy.ts';
import { signTag } from '../domain/signing.ts';
import type { ParsedMail } from '../mail/parse.ts';
import { HELD_DAYS } from '../store/held.ts';
import type { IngestInput, IngestOutcome } from './outcome.ts';

/** Past this many a day, held messages are listed in the digest but not emailed one by one. */
const EMAILS_PER_DAY = 3;
/** Past this many a day, mail that needs holding is refused outright. */
const HOLDS_PER_DAY = 50;

export const HELD_REASON = 'held-for-confirmation';

/** The id a held message goes by in its link. */
export const heldIdOf = (messageId: string) => stableId('held', messageId);

export async function holdMessage(
  user: User,
  mail: ParsedMail,
  input: IngestInput,
  deps: Deps,
): Promise<IngestOutcome> {
  const now = deps.clock.now();
  const base = { messageId: mail.messageId };
  const refuse = (why: string): IngestOutcome => {
    logger.warn('message rejected', { reason: 'unauthenticated', why, userId: user.userId });
    return { ...base, status: 'rejected', reason: 'unauthenticated' };
  };
  const heldId = heldIdOf(mail.messageId);
  const confirmBy = new Date(now.getTime() + HELD_DAYS * 86_400_000);
  const subject = mail.subject ? redactTitle(mail.subject) : undefined;
  const to = [...mail.to, ...mail.cc]
    .map((a) => a.email)
    .filter((e) => !e.endsWith(`@${deps.config.captureDomain}`));
  const stored = await deps.store.held.hold(
    user.userId,
    {
      heldId,
      messageId: mail.messageId,
      heldAt: now.toISOString(),
      confirmBy: confirmBy.toISOString(),
      recipients: input.recipients,
      ...(input.mailFrom ? { mailFrom: input.mailFrom } : {}),
      ...(input.verdicts ? { verdicts: input.verdicts } : {}),
      ...(subject ? { subject } : {}),
      to,
    },
    input.raw,
  );
  if (stored === 'too-large') return refuse('too large to hold');
  const outcome: IngestOutcome = {
    ...base,
    status: 'ignored',
    reason: HELD_REASON,
    warnings: [
      'your mail provider did not vouch that this came from you: nothing is recorded until you confirm it with the link Rounds emailed you',
    ],
  };
  if (stored === 'already') return outcome;
  const heldToday = await deps.store.held.countToday(user.userId, now.toISOString().slice(0, 10));
  if (heldToday > HOLDS_PER_DAY) {
    await deps.store.held.release(user.userId, heldId);
    return refuse('too many held messages today');
  }

  await deps.store.notices.add(user.userId, {
    kind: 'held-message',
    at: now.toISOString(),
    messageId: mail.messageId,
    ...(subject ? { subject } : {}),
  });
  if (heldToday <= EMAILS_PER_DAY && !user.mailPausedAt && deps.config.dashboardUrl) {
    const tag = signTag(deps.config.signingSecret, user.captureToken, 'h', heldId, confirmBy);
    const rendered = renderHeldMessage({
      ...(subject ? { subject } : {}),
      to,
      confirmUrl: `${deps.config.dashboardUrl}/h/${user.userId}/${tag}`,
      confirmBy: confirmBy.toISOString(),
    });
    try {
      await deps.mailer.send({
        to: user.email,
        from: deps.config.fromAddress,
        ...rendered,
        headers: [{ name: 'Auto-Submitted', value: 'auto-generated' }],
      });
    } catch (error) {
      // The message stays held and the digest lists it; a lost email must not fail the delivery.
      logger.error('held-message email not sent', { userId: user.userId, error });
    }
  }
  return outcome;
}

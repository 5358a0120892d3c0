// Ingest: one raw message delivered to the capture domain → an outcome (CONTRACT.md).
// The walk: parse (mail/parse) → which user (mail/address, store) → seen before? (store) →
// noise? (mail/classify) → a reply command (reply/) | a calendar invite (ingest/meetings) |
// mail from the user (ingest/emails, mail/forward) | a contact's reply (ingest/trust, emails).
// Idempotent: ids are derived from the message, the "seen" marker is written last, so a second
// delivery is `duplicate` and a delivery that failed mid-way can run again.

import { logger } from '../adapters/observability.ts';
import { ownAddresses } from '../contacts/people.ts';
import type { Deps } from '../deps.ts';
import { readCaptureTags } from '../domain/playbook.ts';
import { verifyTag } from '../domain/signing.ts';
import { type CaptureAddress, parseCaptureAddress } from '../mail/address.ts';
import { type CalendarEvent, parseCalendar } from '../mail/calendar.ts';
import { envelopeRecipientFromHeaders, looksLikeEmail, noiseReason } from '../mail/classify.ts';
import { extractForwarded } from '../mail/forward.ts';
import { isForwardByUser } from '../mail/intent.ts';
import { parseMail } from '../mail/parse.ts';
import { applyReplyCommand } from '../reply/reply.ts';
import { logInboundEmail, logOutboundEmail } from './emails.ts';
import { findInferredReply } from './inferred-reply.ts';
import { logMeetings } from './meetings.ts';
import type { IngestInput, IngestOutcome } from './outcome.ts';
import { authenticated, contactAuthenticated, threadsToLoggedMessage } from './trust.ts';

export type { IngestInput, IngestOutcome } from './outcome.ts';

export async function ingestMessage(input: IngestInput, deps: Deps): Promise<IngestOutcome> {
  const { store, config } = deps;
  const mail = await parseMail(input.raw);
  const base = { messageId: mail.messageId };
  const reject = (reason: string, fields: Record<string, unknown> = {}): IngestOutcome => {
    logger.warn('message rejected', { reason, messageId: mail.messageId, ...fields });
    return { ...base, status: 'rejected', reason };
  };

  if (!looksLikeEmail(mail)) return reject('not-an-email');
  if (!mail.from) return reject('no-sender');

  const recipient = [...input.recipients, envelopeRecipientFromHeaders(mail, config.captureDomain)]
    .filter((r): r is string => Boolean(r))
    .map((r) => parseCaptureAddress(r, config.captureDomain))
    .find((r): r is CaptureAddress => r !== undefined);
  if (!recipient) return reject('no-capture-address');

  const user = await store.users.findByToken(recipient.token);
  if (!user) return reject('unknown-recipient', { token: recipient.token });

  if (await store.messages.hasSeen(user.userId, mail.messageId)) return { ...base, status: 'duplicate' };

  const finish = async (outcome: IngestOutcome): Promise<IngestOutcome> => {
    if (outcome.status === 'rejected') return outcome;
    const first = await store.messages.markSeen(user.userId, mail.messageId, {
      outcome: outcome.status,
      ...(outcome.reason ? { reason: outcome.reason } : {}),
    });
    return first || outcome.status === 'ignored' ? outcome : { ...base, status: 'duplicate' };
  };

  const noise = noiseReason(mail);
  if (noise) {
    logger.info('message ignored', { reason: noise, userId: user.userId, messageId: mail.messageId });
    return finish({ ...base, status: 'ignored', reason: noise });
  }

  const now = deps.clock.now();
  const occurredAt = mail.date ?? now.toISOString();
  const fromUser = ownAddresses(user).has(mail.from.email);
  const signedTag = recipient.tags.find((t) => /^[rudw]\./.test(t));

  if (signedTag) {
    const verdict = verifyTag(config.signingSecret, user.captureToken, signedTag, now);
    if (!verdict.ok) return reject(verdict.reason, { userId: user.userId });
    // A dashboard link's signature is not a reply address.
    if (verdict.tag.purpose === 'd') return reject('not-a-reply-address', { userId: user.userId });
    if (!fromUser) return reject('not-the-user', { userId: user.userId, from: mail.from.email });
    if (!authenticated(input.verdicts)) return reject('unauthenticated', { userId: user.userId });
    const command = await applyReplyCommand(
      { user, mail, tag: verdict.tag, occurredAt, replyAddress: recipient.address },
      deps,
    );
    const outcome = await finish({ ...base, status: 'command', command: command.outcome });
    if (outcome.status === 'command') await command.confirm();
    return outcome;
  }

  const tags = readCaptureTags(recipient.tags);
  const events = latestPerUid(mail.calendars.flatMap((ics) => parseCalendar(ics, user.timezone, now)));
  if (events.length > 0) {
    // Accept/decline answers to an invitation say nothing about the relationship.
    if (events.every((e) => e.method === 'REPLY'))
      return finish({ ...base, status: 'ignored', reason: 'calendar-reply' });
    if (fromUser ? !authenticated(input.verdicts) : !contactAuthenticated(input.verdicts))
      return reject('unauthenticated', { userId: user.userId });
    const outcome = await logMeetings({ user, mail, events, fromUser, tags }, deps);
    if (outcome.status === 'rejected')
      return reject(outcome.reason ?? 'unknown-sender', { userId: user.userId });
    return finish(outcome);
  }

  if (fromUser) {
    if (!authenticated(input.verdicts)) return reject('unauthenticated', { userId: user.userId });
    if (isForwardByUser(mail, config.captureDomain)) {
      const original = await extractForwarded(mail, user.timezone, now);
      if (original) {
        const when = original.date ?? occurredAt;
        const text = original.text;
        if (ownAddresses(user).has(original.from.email)) {
          // The user forwarded their own sent email: it is their outreach, at its own date.
          return finish(
            await logOutboundEmail(
              user,
              {
                messageId: mail.messageId,
                to: original.to,
                cc: original.cc,
                occurredAt: when,
                subject: original.subject,
                text,
              },
              tags,
              deps,
            ),
          );
        }
        return finish(
          await logInboundEmail(
            user,
            original.from,
            { messageId: mail.messageId, occurredAt: when, subject: original.subject, text },
            deps,
          ),
        );
      }
    }
    return finish(
      await logOutboundEmail(
        user,
        {
          messageId: mail.messageId,
          to: mail.to,
          cc: mail.cc,
          occurredAt,
          subject: mail.subject,
          text: mail.text,
          inferredReply: await findInferredReply(mail, user, occurredAt, deps),
        },
        tags,
        deps,
      ),
    );
  }

  // Mail from someone else counts only when it threads to a message this user logged.
  const contact = await store.contacts.findByEmail(user.userId, mail.from.email);
  if (!contact || !(await threadsToLoggedMessage(user.userId, mail, deps)))
    return reject('unknown-sender', { userId: user.userId, from: mail.from.email });
  if (!contactAuthenticated(input.verdicts)) return reject('unauthenticated', { userId: user.userId });
  return finish(
    await logInboundEmail(
      user,
      mail.from,
      { messageId: mail.messageId, occurredAt, subject: mail.subject, text: mail.text },
      deps,
    ),
  );
}

/** Invitations often carry the same event twice (inline part and .ics): keep one per UID. */
function latestPerUid(events: CalendarEvent[]): CalendarEvent[] {
  const byUid = new Map<string, CalendarEvent>();
  for (const event of events) {
    const seen = byUid.get(event.uid);
    if (!seen || event.sequence > seen.sequence) byUid.set(event.uid, event);
  }
  return [...byUid.values()];
}

// Ingest: one raw message delivered to the capture domain → an outcome (CONTRACT.md).
// The walk: parse (mail/parse) → which user (mail/address, store) → seen before? (store) →
// noise? (mail/classify) → a reply command (reply/) | a calendar invite (ingest/meetings) |
// mail from the user (ingest/emails, mail/forward) | a contact's reply (ingest/trust, emails).
// Idempotent: ids are derived from the message, the "seen" marker is written last, so a second
// delivery is `duplicate` and a delivery that failed mid-way can run again.

import { logger } from '../adapters/observability.ts';
import { ownAddresses } from '../contacts/people.ts';
import type { Deps } from '../deps.ts';
import { sendRemindersNow } from '../dispatch/morning-run.ts';
import type { User } from '../domain/model.ts';
import { readCaptureTags } from '../domain/playbook.ts';
import { redactTitle } from '../domain/privacy.ts';
import { verifyTag } from '../domain/signing.ts';
import { plausibleDate } from '../domain/time.ts';
import { type CaptureAddress, isCaptureDomainAddress, parseCaptureAddress } from '../mail/address.ts';
import { type CalendarEvent, readCalendar } from '../mail/calendar.ts';
import { envelopeRecipientFromHeaders, looksLikeEmail, noiseReason } from '../mail/classify.ts';
import { extractForwarded } from '../mail/forward.ts';
import { isForwardByUser } from '../mail/intent.ts';
import { type ParsedMail, parseMail } from '../mail/parse.ts';
import { readProgramMail } from '../mail/program-mail.ts';
import { applyReplyCommand } from '../reply/reply.ts';
import { logInboundEmail, logOutboundEmail } from './emails.ts';
import { holdMessage } from './hold.ts';
import { findInferredReply } from './inferred-reply.ts';
import { logMeetings } from './meetings.ts';
import type { IngestInput, IngestOutcome } from './outcome.ts';
import { logProgramMail } from './program-mail.ts';
import { threadGaps } from './thread-gaps.ts';
import { contactAuthenticated, replyAuthenticated, threadsToLoggedMessage, userTrust } from './trust.ts';

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

  // A reply's reminder is read with the user (verified again below, against the user's token).
  const now = deps.clock.now();
  const signedTag = recipient.tags.find((t) => /^[rudwh]\./.test(t));
  const early = signedTag ? verifyTag(config.signingSecret, recipient.token, signedTag, now) : undefined;
  const replyTo = early?.ok && early.tag.purpose === 'r' ? early.tag.subject : undefined;
  const delivery = await store.delivery(recipient.token, mail.messageId, replyTo);
  if (!delivery) return reject('unknown-recipient', { token: recipient.token });
  const { user } = delivery;
  if (delivery.seen) return { ...base, status: 'duplicate' };
  // What this delivery writes, made at the end in as few requests as it can, the seen marker last.
  const unit = store.unit();

  // A date from mail outside a plausible window is not believed: the time of receipt instead.
  const dated = plausibleDate(mail.date, now);
  const occurredAt = dated ?? now.toISOString();
  const dateWarning =
    mail.date && !dated
      ? [`the Date header (${mail.date}) is implausible; the time of receipt was used`]
      : [];

  const finish = async (result: IngestOutcome): Promise<IngestOutcome> => {
    if (result.status === 'rejected') return result;
    const outcome =
      dateWarning.length > 0 ? { ...result, warnings: [...dateWarning, ...(result.warnings ?? [])] } : result;
    // A reply command commits the unit itself, its guard already set (below).
    if (!unit.committed)
      unit.setGuard(
        store.messages.markSeenWrite(user.userId, mail.messageId, {
          outcome: outcome.status,
          ...(outcome.reason ? { reason: outcome.reason } : {}),
        }),
      );
    const first = await unit.commit();
    return first || outcome.status === 'ignored' ? outcome : { ...base, status: 'duplicate' };
  };

  const noise = noiseReason(mail);
  if (noise) {
    logger.info('message ignored', { reason: noise, userId: user.userId, messageId: mail.messageId });
    return finish({ ...base, status: 'ignored', reason: noise });
  }

  // Past mail without a believable date cannot be placed in the history: logging it as of today
  // would start a nudge for an email of long ago.
  if (input.pastMail && !dated) return finish({ ...base, status: 'ignored', reason: 'undated' });
  // An archive holds the user's own answers to Rounds ("done"): history, never commands again.
  const visible = [...mail.to, ...mail.cc];
  if (
    input.pastMail &&
    visible.length > 0 &&
    visible.every((p) => isCaptureDomainAddress(p.email, config.captureDomain))
  )
    return finish({ ...base, status: 'ignored', reason: 'rounds-mail' });

  const fromUser = ownAddresses(user).has(mail.from.email);
  /** Mail as the user that SES does not tie to the user is refused, or held for a click. */
  const unlessVouchedForUser = async (): Promise<IngestOutcome | undefined> => {
    const trust = input.userConfirmed ? 'pass' : userTrust(input, mail);
    if (trust === 'pass') return undefined;
    if (trust === 'fail') return reject('unauthenticated', { userId: user.userId });
    return holdMessage(user, mail, input, deps);
  };

  if (signedTag) {
    const verdict = verifyTag(config.signingSecret, user.captureToken, signedTag, now);
    if (!verdict.ok) return reject(verdict.reason, { userId: user.userId });
    // A link's signature (dashboard, held message) is not a reply address.
    if (verdict.tag.purpose === 'd' || verdict.tag.purpose === 'h')
      return reject('not-a-reply-address', { userId: user.userId });
    if (!fromUser) return reject('not-the-user', { userId: user.userId, from: mail.from.email });
    if (!replyAuthenticated(input.verdicts)) return reject('unauthenticated', { userId: user.userId });
    unit.setGuard(store.messages.markSeenWrite(user.userId, mail.messageId, { outcome: 'command' }));
    const command = await applyReplyCommand(
      { user, mail, tag: verdict.tag, occurredAt, replyAddress: recipient.address },
      deps,
      { reminder: delivery.reminder, unit },
    );
    const outcome = await finish({ ...base, status: 'command', command: command.outcome });
    if (outcome.status === 'command') await command.confirm();
    return outcome;
  }

  const tags = {
    ...readCaptureTags(recipient.tags),
    ...(input.pastMail ? { staleBefore: input.pastMail.staleBefore } : {}),
  };
  // Calendars are read only from the user or a known contact: a stranger's invitation costs
  // nothing, however large (only the organizer of a meeting the user logged may change it).
  if (
    mail.calendars.length > 0 &&
    !fromUser &&
    !(await store.contacts.findByEmail(user.userId, mail.from.email))
  )
    return reject('unknown-sender', { userId: user.userId, from: mail.from.email });
  const readings = mail.calendars.map((ics) => readCalendar(ics, user.timezone, now));
  const events = latestPerUid(readings.flatMap((r) => r.events));
  const warnings = [...new Set(readings.flatMap((r) => r.problems))];
  const withWarnings = (outcome: IngestOutcome): IngestOutcome =>
    warnings.length > 0 && outcome.status !== 'rejected' ? { ...outcome, warnings } : outcome;
  if (events.length > 0) {
    // Accept/decline answers to an invitation say nothing about the relationship.
    if (events.every((e) => e.method === 'REPLY'))
      return finish({ ...base, status: 'ignored', reason: 'calendar-reply' });
    if (fromUser) {
      const unvouched = await unlessVouchedForUser();
      if (unvouched) return unvouched;
    } else if (!contactAuthenticated(input, mail, { calendarUpdate: true }))
      return reject('unauthenticated', { userId: user.userId });
    const outcome = await logMeetings({ user, mail, events, fromUser, tags, unit }, deps);
    if (outcome.status === 'rejected')
      return reject(outcome.reason ?? 'unknown-sender', { userId: user.userId });
    return finish(withWarnings(outcome));
  }
  if (mail.calendars.length > 0) {
    // An invitation Rounds could not read is never logged as a plain email: the user hears of
    // it in the digest, and can forward it again or add the meeting by hand.
    if (!fromUser) return reject('unknown-sender', { userId: user.userId, from: mail.from.email });
    const unvouched = await unlessVouchedForUser();
    if (unvouched) return unvouched;
    await store.notices.add(user.userId, {
      kind: 'unreadable-invite',
      at: occurredAt,
      messageId: mail.messageId,
      ...(mail.subject ? { subject: redactTitle(mail.subject) } : {}),
    });
    return finish(withWarnings({ ...base, status: 'ignored', reason: 'calendar-unreadable' }));
  }

  if (fromUser) {
    const unvouched = await unlessVouchedForUser();
    if (unvouched) return unvouched;
    if (isForwardByUser(mail, config.captureDomain)) {
      const original = await extractForwarded(mail, user.timezone, now);
      if (original) {
        const when = plausibleDate(original.date, now) ?? occurredAt;
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
              unit,
            ),
          );
        }
        const facts = { messageId: mail.messageId, occurredAt: when, subject: original.subject, text };
        const season = readProgramMail(
          { from: original.from, subject: original.subject, text, sentAt: when },
          user.timezone,
          ownAddresses(user),
        );
        if (season) {
          const outcome = await finish(
            await logProgramMail(user, season, { ...facts, from: original.from }, deps, unit),
          );
          await sendAtOnce(user, outcome, deps);
          return outcome;
        }
        return finish(await logInboundEmail(user, original.from, facts, deps, unit));
      }
    }
    const inferredReply = await findInferredReply(mail, user, occurredAt, deps);
    const outcome = await logOutboundEmail(
      user,
      {
        messageId: mail.messageId,
        to: mail.to,
        cc: mail.cc,
        occurredAt,
        subject: mail.subject,
        text: mail.text,
        inferredReply,
      },
      tags,
      deps,
      unit,
    );
    return finish(
      await noteThreadGaps(user.userId, mail, outcome, inferredReply ? [inferredReply.messageId] : [], deps),
    );
  }

  // Mail from someone else counts only when it threads to a message this user logged.
  const contact = await store.contacts.findByEmail(user.userId, mail.from.email);
  if (!contact || !(await threadsToLoggedMessage(user.userId, mail, deps)))
    return reject('unknown-sender', { userId: user.userId, from: mail.from.email });
  if (!contactAuthenticated(input, mail)) return reject('unauthenticated', { userId: user.userId });
  const outcome = await logInboundEmail(
    user,
    mail.from,
    { messageId: mail.messageId, occurredAt, subject: mail.subject, text: mail.text },
    deps,
    unit,
  );
  return finish(await noteThreadGaps(user.userId, mail, outcome, [], deps));
}

/**
 * An invitation's answer cannot wait for the morning run: its first reminder goes now. Mail
 * that fails here is not lost — the reminder is due, and the next morning run sends it.
 */
async function sendAtOnce(user: User, outcome: IngestOutcome, deps: Deps): Promise<void> {
  const now = deps.clock.now().toISOString();
  const urgent = (outcome.reminders?.created ?? []).filter(
    (r) => r.kind === 'interview_response' && r.dueAt <= now,
  );
  if (outcome.status !== 'logged' || urgent.length === 0) return;
  try {
    await sendRemindersNow(
      user,
      urgent.map((r) => r.id),
      deps,
    );
  } catch (error) {
    logger.error('urgent reminder not sent; the morning run will', { userId: user.userId, error });
  }
}

/** Says in the outcome, and for the digest, when a logged thread cites messages Rounds never got. */
async function noteThreadGaps(
  userId: string,
  mail: ParsedMail,
  outcome: IngestOutcome,
  known: string[],
  deps: Deps,
): Promise<IngestOutcome> {
  if (outcome.status !== 'logged') return outcome;
  const gaps = await threadGaps(userId, mail, known, deps);
  if (gaps.length === 0) return outcome;
  const who = outcome.interactions
    ?.at(-1)
    ?.contacts.map((c) => c.name ?? c.email)
    .join(', ');
  await deps.store.notices.add(userId, {
    kind: 'missing-message',
    at: outcome.interactions?.at(-1)?.occurredAt ?? new Date().toISOString(),
    messageId: mail.messageId,
    ...(mail.subject ? { subject: redactTitle(mail.subject) } : {}),
    ...(who ? { who } : {}),
  });
  const warning = `${gaps.length === 1 ? 'an earlier message' : `${gaps.length} earlier messages`} in this thread never reached Rounds`;
  return { ...outcome, warnings: [...(outcome.warnings ?? []), warning] };
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

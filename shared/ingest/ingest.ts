// Ingest: one raw message delivered to the capture domain → an outcome (CONTRACT.md).
// Idempotent: ids are derived from the message, the "seen" marker is written last, so a
// second delivery is `duplicate` and a delivery that failed mid-way can run again.

import { logger } from '../adapters/observability.ts';
import {
  contactPeople,
  createReminder,
  ensureContacts,
  type InteractionView,
  interactionView,
  ownAddresses,
  type ReminderRef,
} from '../contacts/people.ts';
import type { Deps } from '../deps.ts';
import { stableId } from '../domain/ids.ts';
import type { Interaction, User } from '../domain/model.ts';
import { isOpen } from '../domain/model.ts';
import {
  type CaptureTags,
  isAnsweredByOutboundEmail,
  readCaptureTags,
  remindersAfterOutboundEmail,
} from '../domain/playbook.ts';
import { snippet } from '../domain/privacy.ts';
import { resolveSettings } from '../domain/settings.ts';
import { verifyTag } from '../domain/signing.ts';
import { type CaptureAddress, isCaptureDomainAddress, parseCaptureAddress } from '../mail/address.ts';
import { type CalendarEvent, parseCalendar } from '../mail/calendar.ts';
import { extractForwarded, looksForwarded } from '../mail/forward.ts';
import { header, type ParsedMail, type Person, parseMail } from '../mail/parse.ts';
import { visibleReplyText } from '../mail/reply-command.ts';
import { countOutbound, refreshKeepInTouch } from '../reminders/cadence.ts';
import { resolveNudges } from '../reminders/resolve.ts';
import { applyReplyCommand, type CommandOutcome } from '../reply/reply.ts';
import type { Store } from '../store/index.ts';
import { logMeetings } from './meetings.ts';

/** What SES says about the sender (AWS only; the local SMTP server has no verdicts). */
export type SenderVerdicts = { spf?: string; dkim?: string; dmarc?: string };

export type IngestInput = {
  raw: Uint8Array;
  /** Envelope recipients: SES receipt recipients, SMTP RCPT TO, or `rounds ingest --to`. */
  recipients: string[];
  verdicts?: SenderVerdicts;
};

export type { InteractionView, ReminderRef };

export type IngestOutcome = {
  messageId: string;
  status: 'logged' | 'duplicate' | 'command' | 'ignored' | 'rejected';
  reason?: string;
  interactions?: InteractionView[];
  reminders?: {
    created: (ReminderRef & { dueAt: string })[];
    resolved: ReminderRef[];
    /** Moved by a calendar update. */
    moved?: (ReminderRef & { dueAt: string })[];
    /** Removed by a calendar cancellation. */
    cancelled?: ReminderRef[];
  };
  command?: CommandOutcome;
  unknownTags?: string[];
};

/** The first recipient on the capture domain, in the order CONTRACT.md gives. */
export function envelopeRecipientFromHeaders(mail: ParsedMail, captureDomain: string): string | undefined {
  const candidates = [
    ...(mail.headers.get('delivered-to') ?? []),
    ...(mail.headers.get('x-original-to') ?? []),
    ...mail.to.map((p) => p.email),
    ...mail.cc.map((p) => p.email),
    // A sent-folder copy keeps its Bcc line; that is where a BCC'd capture address is.
    ...mail.bcc.map((p) => p.email),
  ];
  for (const candidate of candidates) {
    const address = candidate.match(/[^\s<>"]+@[^\s<>"]+/)?.[0];
    if (address && isCaptureDomainAddress(address, captureDomain)) return address.toLowerCase();
  }
  return undefined;
}

const EMAIL_HEADERS = [
  'from',
  'to',
  'cc',
  'subject',
  'date',
  'message-id',
  'received',
  'mime-version',
  'sender',
];

/** Any readable message has at least one of the headers every mail client writes. */
const looksLikeEmail = (mail: ParsedMail) => EMAIL_HEADERS.some((name) => mail.headers.has(name));

/** Auto-replies, bounces and list mail: never a contact, never a reminder. */
function noiseReason(mail: ParsedMail): string | undefined {
  const autoSubmitted = header(mail, 'auto-submitted')?.toLowerCase();
  if (
    (autoSubmitted && autoSubmitted !== 'no') ||
    mail.headers.has('x-autoreply') ||
    mail.headers.has('x-autorespond') ||
    header(mail, 'x-auto-response-suppress')?.toLowerCase() === 'all'
  )
    return 'auto-reply';
  if (
    /^(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|autoreply|abwesenheitsnotiz|absence)\b/i.test(
      mail.subject ?? '',
    )
  )
    return 'auto-reply';
  const contentType = header(mail, 'content-type')?.toLowerCase() ?? '';
  if (
    contentType.includes('multipart/report') ||
    /^(mailer-daemon|postmaster)@/i.test(mail.from?.email ?? '')
  )
    return 'bounce';
  const precedence = header(mail, 'precedence')?.toLowerCase();
  if (
    mail.headers.has('list-id') ||
    mail.headers.has('list-unsubscribe') ||
    ['bulk', 'list', 'junk'].includes(precedence ?? '')
  )
    return 'list-mail';
  return undefined;
}

/** In AWS: a sender counts only if SPF or DKIM passed and DMARC did not fail. */
function authenticated(verdicts: SenderVerdicts | undefined): boolean {
  if (!verdicts) return true;
  const pass = (v?: string) => v?.toUpperCase() === 'PASS';
  return (pass(verdicts.spf) || pass(verdicts.dkim)) && verdicts.dmarc?.toUpperCase() !== 'FAIL';
}

/** Mail relayed from a contact: forwarding breaks SPF, so DKIM must pass (AWS only). */
const contactAuthenticated = (verdicts: SenderVerdicts | undefined) =>
  !verdicts || verdicts.dkim?.toUpperCase() === 'PASS';

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
    if (looksForwarded(mail)) {
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
        },
        tags,
        deps,
      ),
    );
  }

  // Mail from someone else counts only when it threads to a message this user logged.
  const contact = await store.contacts.findByEmail(user.userId, mail.from.email);
  if (!contact || !(await threadsToLoggedMessage(user.userId, mail, store)))
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

async function threadsToLoggedMessage(userId: string, mail: ParsedMail, store: Store): Promise<boolean> {
  const cited = [...new Set([...mail.inReplyTo, ...mail.references])].slice(-20);
  for (const id of cited) if (await store.messages.hasSeen(userId, id)) return true;
  return false;
}

type EmailFacts = { messageId: string; occurredAt: string; subject?: string | undefined; text: string };

async function logOutboundEmail(
  user: User,
  email: EmailFacts & { to: Person[]; cc: Person[] },
  tags: CaptureTags,
  deps: Deps,
): Promise<IngestOutcome> {
  const { store, config } = deps;
  const settings = resolveSettings(user.settings);
  const people = contactPeople([...email.to, ...email.cc], user, config.captureDomain);
  if (people.length === 0) return { messageId: email.messageId, status: 'ignored', reason: 'no-recipient' };
  const nowIso = deps.clock.now().toISOString();
  const contacts = await ensureContacts(user, people, email.occurredAt, tags, store, nowIso);

  const interaction: Interaction = {
    interactionId: stableId(user.userId, 'email', email.messageId),
    kind: 'email',
    direction: 'outbound',
    occurredAt: email.occurredAt,
    ...(email.subject ? { subject: email.subject } : {}),
    snippet: snippet(visibleReplyText(email.text)),
    messageId: email.messageId,
    contacts: people,
    contactIds: contacts.map((c) => c.contactId),
  };
  await store.interactions.put(user.userId, interaction);

  // Writing to them answers the reminders that asked for it.
  const resolved: ReminderRef[] = [];
  const theirs = (
    await Promise.all(contacts.map((c) => store.reminders.ofContact(user.userId, c.contactId)))
  ).flat();
  for (const reminder of theirs) {
    if (!isOpen(reminder.state)) continue;
    if (reminder.about?.interactionId === interaction.interactionId) continue;
    if (!isAnsweredByOutboundEmail(reminder, email.occurredAt, settings)) continue;
    if (
      await store.reminders.end(
        user.userId,
        reminder.reminderId,
        'resolved',
        nowIso,
        `email ${email.messageId}`,
      )
    )
      resolved.push({ id: reminder.reminderId, kind: reminder.kind, contact: reminder.contactEmail });
  }

  const live = contacts.filter((c) => c.status !== 'stopped');
  const direct = new Set(contactPeople(email.to, user, config.captureDomain).map((p) => p.email));
  const directRecipients = [];
  for (const contact of live.filter((c) => direct.has(c.email))) {
    // Only outreach waits for an answer; a Cc or a group email is not chased.
    const unanswered = await countOutbound(user, contact, email.messageId, email.occurredAt, settings, store);
    directRecipients.push({ email: contact.email, unanswered });
  }
  const drafts = remindersAfterOutboundEmail(
    { occurredAt: email.occurredAt, directRecipients, tags },
    settings,
  );
  const about = {
    ...(email.subject ? { subject: email.subject } : {}),
    occurredAt: email.occurredAt,
    interactionId: interaction.interactionId,
  };
  const created: (ReminderRef & { dueAt: string })[] = [];
  for (const draft of drafts) {
    const contact = live.find((c) => c.email === draft.contactEmail)!;
    const nameHint = people.find((p) => p.email === contact.email)?.name;
    const reminder = await createReminder(
      user,
      contact,
      draft,
      about,
      interaction.interactionId,
      store,
      nowIso,
      nameHint,
    );
    created.push({
      id: reminder.reminderId,
      kind: reminder.kind,
      contact: reminder.contactEmail,
      dueAt: reminder.dueAt,
    });
  }

  for (const contact of live)
    created.push(...(await refreshKeepInTouch(user, contact.contactId, settings, store, nowIso)).created);

  return {
    messageId: email.messageId,
    status: 'logged',
    interactions: [interactionView(interaction)],
    reminders: { created, resolved },
    ...(tags.unknown.length > 0 ? { unknownTags: tags.unknown } : {}),
  };
}

/** A message from a contact: their reply, or one the user forwarded. It ends the nudges. */
async function logInboundEmail(
  user: User,
  sender: Person,
  email: EmailFacts,
  deps: Deps,
): Promise<IngestOutcome> {
  const { store } = deps;
  const nowIso = deps.clock.now().toISOString();
  const [contact] = await ensureContacts(user, [sender], email.occurredAt, undefined, store, nowIso);
  const interaction: Interaction = {
    interactionId: stableId(user.userId, 'email', email.messageId),
    kind: 'email',
    direction: 'inbound',
    occurredAt: email.occurredAt,
    ...(email.subject ? { subject: email.subject } : {}),
    snippet: snippet(visibleReplyText(email.text)),
    messageId: email.messageId,
    contacts: [sender],
    contactIds: [contact!.contactId],
  };
  await store.interactions.put(user.userId, interaction);
  const resolved = await resolveNudges(
    user.userId,
    contact!.contactId,
    email.occurredAt,
    `reply ${email.messageId}`,
    store,
    nowIso,
  );
  await store.contacts.recordInbound(user.userId, contact!.contactId);
  const settings = resolveSettings(user.settings);
  const { created } = await refreshKeepInTouch(user, contact!.contactId, settings, store, nowIso);
  return {
    messageId: email.messageId,
    status: 'logged',
    interactions: [interactionView(interaction)],
    reminders: { created, resolved },
  };
}

// Ingest: one raw message delivered to the capture domain → an outcome (CONTRACT.md).
// Idempotent: ids are derived from the message, the "seen" marker is written last, so a
// second delivery is `duplicate` and a delivery that failed mid-way can run again.
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import {
  type CaptureTags,
  DEFAULT_SETTINGS,
  isAnsweredByOutboundEmail,
  readCaptureTags,
  remindersAfterOutboundEmail,
} from './followup.ts';
import { stableId } from './ids.ts';
import { type CaptureAddress, isCaptureDomainAddress, parseCaptureAddress } from './mail/address.ts';
import { header, type ParsedMail, type Person, parseMail } from './mail/parse.ts';
import type { Mailer } from './mailer.ts';
import type { Contact, Interaction, Reminder, User } from './model.ts';
import { isOpen } from './model.ts';
import { logger } from './observability.ts';
import { snippet } from './privacy.ts';
import { resolveNudges } from './reminders.ts';
import { applyReplyCommand, type CommandOutcome } from './reply.ts';
import { verifyTag } from './signing.ts';
import type { Store } from './store.ts';

export type IngestDeps = { store: Store; mailer: Mailer; clock: Clock; config: Config };

/** What SES says about the sender (AWS only; the local SMTP server has no verdicts). */
export type SenderVerdicts = { spf?: string; dkim?: string; dmarc?: string };

export type IngestInput = {
  raw: Uint8Array;
  /** Envelope recipients: SES receipt recipients, SMTP RCPT TO, or `rounds ingest --to`. */
  recipients: string[];
  verdicts?: SenderVerdicts;
};

export type InteractionView = {
  id: string;
  kind: Interaction['kind'];
  direction?: Interaction['direction'];
  occurredAt: string;
  subject?: string;
  contacts: { email: string; name?: string }[];
};

export type IngestOutcome = {
  messageId: string;
  status: 'logged' | 'duplicate' | 'command' | 'ignored' | 'rejected';
  reason?: string;
  interactions?: InteractionView[];
  reminders?: {
    created: { id: string; kind: string; contact: string; dueAt: string }[];
    resolved: { id: string; kind: string; contact: string }[];
  };
  command?: CommandOutcome;
  unknownTags?: string[];
};

export const interactionView = (i: Interaction): InteractionView => ({
  id: i.interactionId,
  kind: i.kind,
  ...(i.direction ? { direction: i.direction } : {}),
  occurredAt: i.occurredAt,
  ...(i.subject ? { subject: i.subject } : {}),
  contacts: i.contacts.map((c) => (c.name ? { email: c.email, name: c.name } : { email: c.email })),
});

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

const ownAddresses = (user: User) => new Set([user.email, ...user.aliases].map((a) => a.toLowerCase()));

/** Auto-replies, bounces and list mail: never a contact, never a reminder. */
function noiseReason(mail: ParsedMail): string | undefined {
  const autoSubmitted = header(mail, 'auto-submitted')?.toLowerCase();
  if (
    (autoSubmitted && autoSubmitted !== 'no') ||
    mail.headers.has('x-autoreply') ||
    mail.headers.has('x-autorespond')
  )
    return 'auto-reply';
  if (/^(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|autoreply)\b/i.test(mail.subject ?? ''))
    return 'auto-reply';
  const contentType = header(mail, 'content-type')?.toLowerCase() ?? '';
  if (
    contentType.includes('multipart/report') ||
    /^(mailer-daemon|postmaster)@/i.test(mail.from?.email ?? '')
  )
    return 'bounce';
  const precedence = header(mail, 'precedence')?.toLowerCase();
  if (mail.headers.has('list-id') || precedence === 'bulk' || precedence === 'list' || precedence === 'junk')
    return 'list-mail';
  return undefined;
}

/** In AWS: a sender counts only if SPF or DKIM passed and DMARC did not fail. */
function authenticated(verdicts: SenderVerdicts | undefined): boolean {
  if (!verdicts) return true;
  const pass = (v?: string) => v?.toUpperCase() === 'PASS';
  return (pass(verdicts.spf) || pass(verdicts.dkim)) && verdicts.dmarc?.toUpperCase() !== 'FAIL';
}

export async function ingestMessage(input: IngestInput, deps: IngestDeps): Promise<IngestOutcome> {
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

  const user = await store.findUserByToken(recipient.token);
  if (!user) return reject('unknown-recipient', { token: recipient.token });

  if (await store.hasSeenMessage(user.userId, mail.messageId)) return { ...base, status: 'duplicate' };

  const noise = noiseReason(mail);
  if (noise) {
    logger.info('message ignored', { reason: noise, userId: user.userId, messageId: mail.messageId });
    await store.markMessageSeen(user.userId, mail.messageId, { outcome: 'ignored', reason: noise });
    return { ...base, status: 'ignored', reason: noise };
  }

  const now = deps.clock.now();
  const occurredAt = mail.date ?? now.toISOString();
  const fromUser = ownAddresses(user).has(mail.from.email);
  const signedTag = recipient.tags.find((t) => /^[rud]\./.test(t));

  if (signedTag) {
    const verdict = verifyTag(config.signingSecret, user.captureToken, signedTag, now);
    if (!verdict.ok) return reject(verdict.reason, { userId: user.userId });
    if (!fromUser) return reject('not-the-user', { userId: user.userId, from: mail.from.email });
    if (!authenticated(input.verdicts)) return reject('unauthenticated', { userId: user.userId });
    const command = await applyReplyCommand(
      { user, mail, tag: verdict.tag, occurredAt, replyAddress: recipient.address },
      deps,
    );
    if (!(await store.markMessageSeen(user.userId, mail.messageId, { outcome: 'command' })))
      return { ...base, status: 'duplicate' };
    await command.confirm();
    return { ...base, status: 'command', command: command.outcome };
  }

  if (fromUser) {
    if (!authenticated(input.verdicts)) return reject('unauthenticated', { userId: user.userId });
    const outcome = await logOutboundEmail(user, mail, occurredAt, readCaptureTags(recipient.tags), deps);
    if (
      outcome.status === 'logged' &&
      !(await store.markMessageSeen(user.userId, mail.messageId, { outcome: 'logged' }))
    )
      return { ...base, status: 'duplicate' };
    if (outcome.status === 'ignored')
      await store.markMessageSeen(user.userId, mail.messageId, { outcome: 'ignored' });
    return outcome;
  }

  // Mail from someone else counts only when it threads to a message this user logged.
  const contact = await store.findContactByEmail(user.userId, mail.from.email);
  const threads = await threadsToLoggedMessage(user.userId, mail, store);
  if (!contact || !threads) {
    return reject('unknown-sender', { userId: user.userId, from: mail.from.email });
  }
  if (input.verdicts && input.verdicts.dkim?.toUpperCase() !== 'PASS') {
    return reject('unauthenticated', { userId: user.userId });
  }
  const outcome = await logContactReply(user, contact, mail, occurredAt, deps);
  if (!(await store.markMessageSeen(user.userId, mail.messageId, { outcome: 'logged' })))
    return { ...base, status: 'duplicate' };
  return outcome;
}

async function threadsToLoggedMessage(userId: string, mail: ParsedMail, store: Store): Promise<boolean> {
  const cited = [...new Set([...mail.inReplyTo, ...mail.references])].slice(-20);
  for (const id of cited) if (await store.hasSeenMessage(userId, id)) return true;
  return false;
}

function recipientsOf(mail: ParsedMail, user: User, captureDomain: string): Person[] {
  const own = ownAddresses(user);
  const seen = new Set<string>();
  const people: Person[] = [];
  for (const person of [...mail.to, ...mail.cc]) {
    if (
      own.has(person.email) ||
      isCaptureDomainAddress(person.email, captureDomain) ||
      seen.has(person.email)
    )
      continue;
    seen.add(person.email);
    people.push(person);
  }
  return people;
}

async function ensureContacts(
  user: User,
  people: Person[],
  occurredAt: string,
  tags: CaptureTags | undefined,
  store: Store,
  nowIso: string,
): Promise<Contact[]> {
  const contacts: Contact[] = [];
  for (const person of people) {
    const existing = await store.findContactByEmail(user.userId, person.email);
    const contact =
      existing ??
      (await store.createContact(user.userId, {
        contactId: stableId(user.userId, 'contact', person.email),
        email: person.email,
        emails: [person.email],
        name: person.name ?? null,
        institution: null,
        role: null,
        tier: tags?.tier ?? null,
        status: 'active',
        firstContactAt: occurredAt,
        lastContactAt: null,
        createdAt: nowIso,
      }));
    await store.touchContact(user.userId, contact.contactId, occurredAt, person.name);
    if (tags?.tier && contact.tier !== tags.tier)
      await store.setContactTier(user.userId, contact.contactId, tags.tier);
    if (contact.status === 'dormant') await store.setContactStatus(user.userId, contact.contactId, 'active');
    contacts.push(contact);
  }
  return contacts;
}

async function logOutboundEmail(
  user: User,
  mail: ParsedMail,
  occurredAt: string,
  tags: CaptureTags,
  deps: IngestDeps,
): Promise<IngestOutcome> {
  const { store, config } = deps;
  const people = recipientsOf(mail, user, config.captureDomain);
  if (people.length === 0) return { messageId: mail.messageId, status: 'ignored', reason: 'no-recipient' };
  const nowIso = deps.clock.now().toISOString();
  const contacts = await ensureContacts(user, people, occurredAt, tags, store, nowIso);

  const interaction: Interaction = {
    interactionId: stableId(user.userId, 'email', mail.messageId),
    kind: 'email',
    direction: 'outbound',
    occurredAt,
    ...(mail.subject ? { subject: mail.subject } : {}),
    snippet: snippet(mail.text),
    messageId: mail.messageId,
    contacts: people,
    contactIds: contacts.map((c) => c.contactId),
  };
  await store.putInteraction(user.userId, interaction);

  // Writing to them answers the reminders that asked for it.
  const resolved: NonNullable<IngestOutcome['reminders']>['resolved'] = [];
  const contactIds = new Set(contacts.map((c) => c.contactId));
  for (const reminder of await store.listReminders(user.userId)) {
    if (!contactIds.has(reminder.contactId) || !isOpen(reminder.state)) continue;
    if (reminder.about?.interactionId === interaction.interactionId) continue;
    if (!isAnsweredByOutboundEmail(reminder, occurredAt)) continue;
    if (
      await store.endReminder(user.userId, reminder.reminderId, 'resolved', nowIso, `email ${mail.messageId}`)
    )
      resolved.push({ id: reminder.reminderId, kind: reminder.kind, contact: reminder.contactEmail });
  }

  const created: NonNullable<IngestOutcome['reminders']>['created'] = [];
  const live = contacts.filter((c) => c.status !== 'stopped');
  const drafts = remindersAfterOutboundEmail(
    { occurredAt, recipients: live.map((c) => c.email), tags },
    DEFAULT_SETTINGS,
  );
  for (const draft of drafts) {
    const contact = live.find((c) => c.email === draft.contactEmail)!;
    const reminder: Reminder = {
      reminderId: stableId(user.userId, 'reminder', interaction.interactionId, draft.kind, contact.contactId),
      userId: user.userId,
      kind: draft.kind,
      contactId: contact.contactId,
      contactEmail: contact.email,
      ...(contact.name || people.find((p) => p.email === contact.email)?.name
        ? { contactName: contact.name ?? people.find((p) => p.email === contact.email)?.name }
        : {}),
      dueAt: draft.dueAt,
      state: 'pending',
      createdAt: nowIso,
      about: {
        ...(mail.subject ? { subject: mail.subject } : {}),
        occurredAt,
        interactionId: interaction.interactionId,
      },
    };
    await store.createReminder(reminder);
    created.push({
      id: reminder.reminderId,
      kind: reminder.kind,
      contact: reminder.contactEmail,
      dueAt: reminder.dueAt,
    });
  }

  return {
    messageId: mail.messageId,
    status: 'logged',
    interactions: [interactionView(interaction)],
    reminders: { created, resolved },
    ...(tags.unknown.length > 0 ? { unknownTags: tags.unknown } : {}),
  };
}

async function logContactReply(
  user: User,
  contact: Contact,
  mail: ParsedMail,
  occurredAt: string,
  deps: IngestDeps,
): Promise<IngestOutcome> {
  const { store } = deps;
  const nowIso = deps.clock.now().toISOString();
  const person: Person = mail.from!;
  await store.touchContact(user.userId, contact.contactId, occurredAt, person.name);
  const interaction: Interaction = {
    interactionId: stableId(user.userId, 'email', mail.messageId),
    kind: 'email',
    direction: 'inbound',
    occurredAt,
    ...(mail.subject ? { subject: mail.subject } : {}),
    snippet: snippet(mail.text),
    messageId: mail.messageId,
    contacts: [person],
    contactIds: [contact.contactId],
  };
  await store.putInteraction(user.userId, interaction);
  const resolved = await resolveNudges(
    user.userId,
    contact.contactId,
    occurredAt,
    `reply ${mail.messageId}`,
    store,
    nowIso,
  );
  return {
    messageId: mail.messageId,
    status: 'logged',
    interactions: [interactionView(interaction)],
    reminders: { created: [], resolved },
  };
}

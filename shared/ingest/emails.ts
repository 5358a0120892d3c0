// Logging an email: one the user wrote (BCC'd outreach, or their own sent mail forwarded), or
// one a contact wrote (their reply, or a message the user forwarded). The interaction goes on
// each contact's timeline; what it means for their reminders is planned and applied once.
import { contactPeople, countUnanswered, ensureContacts } from '../contacts/people.ts';
import type { Deps } from '../deps.ts';
import { stableId } from '../domain/ids.ts';
import type { Interaction, User } from '../domain/model.ts';
import type { CaptureTags } from '../domain/playbook.ts';
import { snippet } from '../domain/privacy.ts';
import { planContactReplied, planUserWrote } from '../domain/reminder-plan.ts';
import { resolveSettings } from '../domain/settings.ts';
import { interactionView } from '../domain/views.ts';
import type { Person } from '../mail/parse.ts';
import { visibleReplyText } from '../mail/reply-command.ts';
import { applyReminderPlan } from '../reminders/apply.ts';
import { plannerFor } from '../reminders/read.ts';
import type { IngestOutcome } from './outcome.ts';

export type EmailFacts = {
  messageId: string;
  occurredAt: string;
  subject?: string | undefined;
  text: string;
};

const emailInteraction = (
  user: User,
  email: EmailFacts,
  direction: 'outbound' | 'inbound',
  people: Person[],
  contactIds: string[],
): Interaction => ({
  interactionId: stableId(user.userId, 'email', email.messageId),
  kind: 'email',
  direction,
  occurredAt: email.occurredAt,
  ...(email.subject ? { subject: email.subject } : {}),
  snippet: snippet(visibleReplyText(email.text)),
  messageId: email.messageId,
  contacts: people,
  contactIds,
});

export async function logOutboundEmail(
  user: User,
  email: EmailFacts & { to: Person[]; cc: Person[] },
  tags: CaptureTags,
  deps: Deps,
): Promise<IngestOutcome> {
  const settings = resolveSettings(user.settings);
  const people = contactPeople([...email.to, ...email.cc], user, deps.config.captureDomain);
  if (people.length === 0) return { messageId: email.messageId, status: 'ignored', reason: 'no-recipient' };
  const contacts = await ensureContacts(user, people, { occurredAt: email.occurredAt, tags }, deps);
  const interaction = emailInteraction(
    user,
    email,
    'outbound',
    people,
    contacts.map((c) => c.contactId),
  );
  await deps.store.interactions.put(user.userId, interaction);

  // Only outreach waits for an answer: the To recipients, not a Cc.
  const to = new Set(contactPeople(email.to, user, deps.config.captureDomain).map((p) => p.email));
  const direct = [];
  for (const contact of contacts.filter((c) => c.status !== 'stopped' && to.has(c.email)))
    direct.push({ contact, unanswered: await countUnanswered(user.userId, contact, email, deps) });

  const planner = await plannerFor(
    user.userId,
    contacts.map((c) => c.contactId),
    deps,
  );
  planUserWrote(
    planner,
    {
      messageId: email.messageId,
      interactionId: interaction.interactionId,
      occurredAt: email.occurredAt,
      subject: email.subject,
      contacts,
      direct,
      tags,
      nameHints: new Map(people.map((p) => [p.email, p.name])),
    },
    settings,
  );
  const applied = await applyReminderPlan(planner.plan(), deps);
  return {
    messageId: email.messageId,
    status: 'logged',
    interactions: [interactionView(interaction)],
    reminders: { created: applied.created, resolved: applied.resolved },
    ...(tags.unknown.length > 0 ? { unknownTags: tags.unknown } : {}),
  };
}

/** A message from a contact: their reply, or one the user forwarded. It ends the nudges. */
export async function logInboundEmail(
  user: User,
  sender: Person,
  email: EmailFacts,
  deps: Deps,
): Promise<IngestOutcome> {
  const [contact] = await ensureContacts(user, [sender], { occurredAt: email.occurredAt }, deps);
  const interaction = emailInteraction(user, email, 'inbound', [sender], [contact!.contactId]);
  await deps.store.interactions.put(user.userId, interaction);
  await deps.store.contacts.recordInbound(user.userId, contact!.contactId);
  const planner = await plannerFor(user.userId, [contact!.contactId], deps);
  planContactReplied(
    planner,
    { contact: contact!, repliedAt: email.occurredAt, by: `reply ${email.messageId}` },
    resolveSettings(user.settings),
  );
  const applied = await applyReminderPlan(planner.plan(), deps);
  return {
    messageId: email.messageId,
    status: 'logged',
    interactions: [interactionView(interaction)],
    reminders: { created: applied.created, resolved: applied.resolved },
  };
}

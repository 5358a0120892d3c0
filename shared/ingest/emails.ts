// Logging an email: one the user wrote (BCC'd outreach, or their own sent mail forwarded), or
// one a contact wrote (their reply, or a message the user forwarded). The interaction goes on
// each contact's timeline; what it means for their reminders is planned and applied once.
import { ContactSet } from '../contacts/contact-set.ts';
import { capPeople, contactPeople, MAX_PEOPLE_PER_MESSAGE } from '../contacts/people.ts';
import type { Deps } from '../deps.ts';
import { stableId } from '../domain/ids.ts';
import { type Contact, type Interaction, namesOf, type User } from '../domain/model.ts';
import { type CaptureTags, isAnsweredByOutboundEmail } from '../domain/playbook.ts';
import { redactTitle, snippet } from '../domain/privacy.ts';
import { planContactReplied, planNudgesAnswered, planUserWrote } from '../domain/reminder-events.ts';
import type { ReminderPlanner } from '../domain/reminder-plan.ts';
import { isPastInterview, isProgramPerson } from '../domain/season.ts';
import { resolveSettings } from '../domain/settings.ts';
import { interactionView } from '../domain/views.ts';
import { asksAboutRank, expectsReply } from '../mail/intent.ts';
import type { Person } from '../mail/parse.ts';
import { visibleReplyText } from '../mail/reply-command.ts';
import { stageReminderPlan } from '../reminders/apply.ts';
import { plannerFor } from '../reminders/read.ts';
import type { WriteUnit } from '../store/unit.ts';
import type { InferredReply } from './inferred-reply.ts';
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
  ...(email.subject ? { subject: redactTitle(email.subject) } : {}),
  snippet: snippet(visibleReplyText(email.text)),
  messageId: email.messageId,
  contacts: people,
  contactIds,
});

/**
 * The user wrote; its writes go into the delivery's unit of work. Each To recipient who is still to answer gets a nudge, unless the new text
 * expects no answer (thanks, news, an answer to a thank-you or an update Rounds asked for) or
 * the email answers a reply Rounds infers from the quote (that person has just written).
 */
export async function logOutboundEmail(
  user: User,
  email: EmailFacts & { to: Person[]; cc: Person[]; inferredReply?: InferredReply | undefined },
  tags: CaptureTags,
  deps: Deps,
  unit: WriteUnit,
): Promise<IngestOutcome> {
  const settings = resolveSettings(user.settings);
  const everyone = contactPeople([...email.to, ...email.cc], user, deps.config.captureDomain);
  if (everyone.length === 0) return { messageId: email.messageId, status: 'ignored', reason: 'no-recipient' };
  const { kept: people, leftOut } = capPeople(everyone);
  const replied = email.inferredReply;
  const book = new ContactSet(user, deps);
  const contacts = await book.ensure(people, { occurredAt: email.occurredAt, tags });
  const [replier] = replied ? await book.ensure([replied.from], { occurredAt: replied.occurredAt }) : [];
  const planner = await plannerFor(
    user.userId,
    [...contacts, ...(replier ? [replier] : [])].map((c) => c.contactId),
    deps,
    { staleBefore: tags.staleBefore, isNew: (id) => book.isNew(id) },
  );

  const interactions: Interaction[] = [];
  if (replied && replier) {
    const theirs: Interaction = {
      ...emailInteraction(
        user,
        { ...email, messageId: replied.messageId, occurredAt: replied.occurredAt, text: '' },
        'inbound',
        [replied.from],
        [replier.contactId],
      ),
      inferred: true,
    };
    delete theirs.snippet;
    unit.add(...deps.store.interactions.putWrites(user.userId, theirs));
    // Known now, as if delivered: the thread has no gap there, and a later copy is a duplicate.
    unit.add(deps.store.messages.markSeenWrite(user.userId, replied.messageId, { outcome: 'inferred' }));
    book.recordInbound(replier.contactId, replied.occurredAt);
    planNudgesAnswered(planner, {
      contact: replier,
      repliedAt: replied.occurredAt,
      by: `reply ${replied.messageId} (inferred)`,
    });
    interactions.push(theirs);
  }
  const interaction = emailInteraction(
    user,
    email,
    'outbound',
    people,
    contacts.map((c) => c.contactId),
  );
  unit.add(...deps.store.interactions.putWrites(user.userId, interaction));
  interactions.push(interaction);

  // Only outreach waits for an answer: the To recipients, not a Cc, not the one just answered.
  const to = new Set(contactPeople(email.to, user, deps.config.captureDomain).map((p) => p.email));
  // A program owes no answer after its interview ("programs shall not solicit post-interview
  // communication", and many say they will not reply): no nudge to its people then.
  const afterInterview = await programsPastInterview(user, contacts, email.occurredAt, deps);
  const waiting = contacts.filter(
    (c) =>
      c.status !== 'stopped' &&
      to.has(c.email) &&
      c.email !== replier?.email &&
      !(c.programId && afterInterview.has(c.programId)),
  );
  const waits =
    tags.followUpAfterDays !== undefined ||
    (!tags.thanks &&
      expectsReply(visibleReplyText(email.text), {
        answersThanksOrUpdate: waiting.some((c) =>
          planner
            .open(c.contactId)
            .some(
              (r) =>
                (r.kind === 'thank_you' || r.kind === 'keep_in_touch') &&
                isAnsweredByOutboundEmail(r, email.occurredAt, settings),
            ),
        ),
      }));
  const direct = waiting.map((contact) => ({
    contact,
    unanswered: waits ? book.countOutbound(contact.contactId, email) : 0,
  }));

  planUserWrote(
    planner,
    {
      messageId: email.messageId,
      interactionId: interaction.interactionId,
      occurredAt: email.occurredAt,
      subject: redactTitle(email.subject),
      contacts,
      direct,
      tags: waits ? tags : { ...tags, thanks: true },
      nameHints: new Map(people.map((p) => [p.email, p.name])),
    },
    settings,
  );
  // A private, gentle word in the digest when the user asked a program where they stand.
  const programPeople = contacts.filter(isProgramPerson);
  if (programPeople.length > 0 && asksAboutRank(visibleReplyText(email.text)))
    await deps.store.notices.add(user.userId, {
      kind: 'rank-question',
      at: email.occurredAt,
      messageId: email.messageId,
      ...(email.subject ? { subject: redactTitle(email.subject) } : {}),
      who: namesOf(programPeople),
    });
  // Filled in when the delivery's unit commits.
  const applied = stageReminderPlan(planner.plan(), unit, deps);
  book.stage(unit);
  return {
    messageId: email.messageId,
    status: 'logged',
    interactions: interactions.map(interactionView),
    reminders: { created: applied.created, resolved: applied.resolved },
    ...(tags.unknown.length > 0 ? { unknownTags: tags.unknown } : {}),
    ...(leftOut > 0
      ? {
          warnings: [
            `${leftOut} more recipients were not made contacts (one message makes at most ${MAX_PEOPLE_PER_MESSAGE})`,
          ],
        }
      : {}),
  };
}

/** What a caller adds to an inbound email's event before its writes are staged (a program's mail). */
export type InboundExtension = (event: {
  contact: Contact;
  book: ContactSet;
  planner: ReminderPlanner;
  interaction: Interaction;
}) => Promise<void>;

/** The programs among these contacts' whose interview is behind the user at `at` (one Query, only when any is a program's). */
async function programsPastInterview(
  user: User,
  contacts: Contact[],
  at: string,
  deps: Deps,
): Promise<Set<string>> {
  if (!contacts.some((c) => c.programId)) return new Set();
  const programs = await deps.store.programs.list(user.userId);
  return new Set(programs.filter((p) => isPastInterview(p, at)).map((p) => p.programId));
}

/** A message from a contact: their reply, or one the user forwarded. It ends the nudges. */
export async function logInboundEmail(
  user: User,
  sender: Person,
  email: EmailFacts,
  deps: Deps,
  unit: WriteUnit,
  extend?: InboundExtension,
): Promise<IngestOutcome> {
  const book = new ContactSet(user, deps);
  const [contact] = await book.ensure([sender], { occurredAt: email.occurredAt });
  const interaction = emailInteraction(user, email, 'inbound', [sender], [contact!.contactId]);
  unit.add(...deps.store.interactions.putWrites(user.userId, interaction));
  book.recordInbound(contact!.contactId, email.occurredAt);
  const planner = await plannerFor(user.userId, [contact!.contactId], deps, {
    isNew: (id) => book.isNew(id),
  });
  planContactReplied(
    planner,
    { contact: contact!, repliedAt: email.occurredAt, by: `reply ${email.messageId}` },
    resolveSettings(user.settings),
  );
  await extend?.({ contact: contact!, book, planner, interaction });
  // Filled in when the delivery's unit commits.
  const applied = stageReminderPlan(planner.plan(), unit, deps);
  book.stage(unit);
  return {
    messageId: email.messageId,
    status: 'logged',
    interactions: [interactionView(interaction)],
    reminders: { created: applied.created, resolved: applied.resolved },
  };
}

// What one reply command does to one reminder (from a reply, a digest line or a one-click
// link): the contact's records change here, the reminders through one plan, applied once.
import { updateContact } from '../contacts/book.ts';
import { countUnanswered, touched } from '../contacts/people.ts';
import type { Deps } from '../deps.ts';
import { stableId } from '../domain/ids.ts';
import {
  type Contact,
  type Interaction,
  isOpen,
  namesOf,
  type Reminder,
  reminderPeople,
  type Tier,
  type User,
} from '../domain/model.ts';
import { readCaptureTags } from '../domain/playbook.ts';
import { redact } from '../domain/privacy.ts';
import {
  endedByReply,
  planContactReplied,
  planDone,
  planKeepInTouch,
  planStop,
} from '../domain/reminder-events.ts';
import { isWriteTo } from '../domain/reminder-kinds.ts';
import type { ReminderPlanner } from '../domain/reminder-plan.ts';
import { resolveSettings } from '../domain/settings.ts';
import { shortDate } from '../domain/time.ts';
import type { ReplyCommand } from '../mail/reply-command.ts';
import { applyReminderPlan } from '../reminders/apply.ts';
import { plannerFor } from '../reminders/read.ts';

export type KnownCommand = Exclude<ReplyCommand, { action: 'unknown' }>;

/** The message that asked for the action: its id keys what the action writes, so a re-run writes it once. */
export type ActionSource = { messageId: string; occurredAt: string };

/** What the outcome adds: until when a snooze holds, or that nothing changed because the reminder had closed. */
export type ActionExtra = { until: string } | { unchanged: 'already-closed' };

/** Does what one command says to one reminder; returns the line that confirms it. */
export async function actOnReminder(
  user: User,
  reminder: Reminder,
  command: KnownCommand,
  source: ActionSource,
  deps: Deps,
): Promise<{ line: string; extra?: ActionExtra }> {
  const { store } = deps;
  const { occurredAt } = source;
  const settings = resolveSettings(user.settings);
  const name = namesOf(reminderPeople(reminder));
  const planner = await plannerFor(user.userId, [reminder.contactId], deps);
  const current = planner.get(reminder.reminderId) ?? reminder;
  const apply = () => applyReminderPlan(planner.plan(), deps);
  // Done, skip and snooze act on the reminder itself: on a closed one they change nothing, and say so.
  const closed = (verb: string) => ({
    line: `Already closed: ${name}; nothing to ${verb}.`,
    extra: { unchanged: 'already-closed' as const },
  });
  // Closed by this very message: a run that died half-way is running again, and finishes the job.
  const open = isOpen(current.state) || current.endedBy === endedByReply(source.messageId);
  switch (command.action) {
    case 'done': {
      if (!open) return closed('mark done');
      // "Done" on a reminder to write means they wrote: the same as an email Rounds saw.
      const wrote = isWriteTo(current.kind) ? await userWrote(user, current, source, deps) : undefined;
      planDone(
        planner,
        { reminder: current, ...wrote, ...source, noFollowUpTags: readCaptureTags([]) },
        settings,
      );
      await apply();
      return { line: `Done: ${name}. Well kept.` };
    }
    case 'skip':
      if (!open) return closed('skip');
      planner.end(current, 'skipped', endedByReply(source.messageId));
      await apply();
      return { line: `Skipped this one for ${name}.` };
    case 'snooze': {
      if (!open) return closed('snooze');
      planner.move(current, command.until, 'snoozed');
      // Closed by someone else between the read and the write: nothing was snoozed.
      if ((await apply()).tookEffect[0] !== true) return closed('snooze');
      return {
        line: `Snoozed until ${shortDate(new Date(command.until), user.timezone)}.`,
        extra: { until: command.until },
      };
    }
    case 'stop':
      await store.contacts.setFields(user.userId, reminder.contactId, { status: 'stopped' });
      planStop(planner, reminder.contactId, 'reply: stop');
      await apply();
      return { line: `No more reminders about ${name}.` };
    case 'replied': {
      await logNote(user, reminder, source, 'inbound', `${name} replied (you told Rounds)`, deps);
      await store.contacts.touch(user.userId, reminder.contactId, occurredAt);
      await store.contacts.recordInbound(user.userId, reminder.contactId);
      // The reminder replied to ends too, whatever its kind: the conversation is going.
      planner.end(current, 'resolved', 'reply: replied');
      const contact = await store.contacts.get(user.userId, reminder.contactId);
      if (contact)
        planContactReplied(planner, { contact, repliedAt: occurredAt, by: 'reply: replied' }, settings);
      await apply();
      return { line: `Logged ${name}'s reply; no more nudges.` };
    }
    case 'note':
      await logNote(user, reminder, source, 'note', command.text, deps);
      return { line: `Noted on ${name}'s timeline.` };
    case 'tier': {
      const contact = await store.contacts.get(user.userId, reminder.contactId);
      if (!contact) return { line: `${name} is no longer a contact.` };
      return { line: await setTier(user, contact.email, command.tier, deps, planner) };
    }
  }
}

/** Sets a contact's tier; their keep-in-touch cadence follows the new tier at once. */
export async function setTier(
  user: User,
  email: string,
  tier: Tier,
  deps: Deps,
  planner?: ReminderPlanner,
): Promise<string> {
  const contact = await updateContact(user.userId, email, { tier }, deps.store);
  const plan = planner ?? (await plannerFor(user.userId, [contact.contactId], deps));
  planKeepInTouch(plan, contact, resolveSettings(user.settings));
  await applyReminderPlan(plan.plan(), deps);
  return `${contact.name ?? contact.email} is now a ${tier.replace('_', ' ')}.`;
}

/**
 * The user says they wrote: log it and touch the contact; a nudge counts as one more
 * unanswered email. Returns the contact as it is now, for the plan.
 */
async function userWrote(
  user: User,
  reminder: Reminder,
  source: ActionSource,
  deps: Deps,
): Promise<{ contact?: Contact; unanswered?: number }> {
  const who = reminder.contactName ?? reminder.contactEmail;
  await logNote(user, reminder, source, 'outbound', `You wrote to ${who}`, deps);
  await deps.store.contacts.touch(user.userId, reminder.contactId, source.occurredAt);
  const stored = await deps.store.contacts.get(user.userId, reminder.contactId);
  if (!stored) return {};
  const contact = touched(stored, source.occurredAt);
  if (reminder.kind !== 'no_reply_nudge') return { contact };
  const unanswered = await countUnanswered(user.userId, contact, source, deps);
  return { contact, unanswered };
}

async function logNote(
  user: User,
  reminder: Reminder,
  source: ActionSource,
  kind: 'note' | 'inbound' | 'outbound',
  text: string,
  deps: Pick<Deps, 'store'>,
) {
  const interaction: Interaction = {
    interactionId: stableId(user.userId, kind, source.messageId, reminder.reminderId),
    kind: kind === 'note' ? 'note' : 'email',
    ...(kind !== 'note' ? { direction: kind } : {}),
    occurredAt: source.occurredAt,
    subject:
      kind === 'note' ? 'Note' : kind === 'inbound' ? 'Reply (reported by you)' : 'Written (reported by you)',
    snippet: redact(text).slice(0, 500),
    messageId: source.messageId,
    contacts: [
      { email: reminder.contactEmail, ...(reminder.contactName ? { name: reminder.contactName } : {}) },
    ],
    contactIds: [reminder.contactId],
  };
  await deps.store.interactions.put(user.userId, interaction);
}

// What one reply command does to one reminder (from a reply, a digest line or a one-click
// link): the contact's records change here, the reminders through one plan, applied once.
import { updateContact } from '../contacts/book.ts';
import { ContactSet } from '../contacts/contact-set.ts';
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
import { applyReminderPlan, stageReminderPlan } from '../reminders/apply.ts';
import { plannerAround, plannerFor } from '../reminders/read.ts';
import type { WriteUnit } from '../store/unit.ts';

export type KnownCommand = Exclude<ReplyCommand, { action: 'unknown' }>;

/** The message that asked for the action: its id keys what the action writes, so a re-run writes it once. */
export type ActionSource = { messageId: string; occurredAt: string };

/** What the outcome adds: until when a snooze holds, or that nothing changed because the reminder had closed. */
export type ActionExtra = { until: string } | { unchanged: 'already-closed' };

/**
 * Does what one command says to one reminder; returns the line that confirms it. Its writes
 * go into `unit` (a delivery's, which holds the seen marker too) and are made here, at once.
 */
export async function actOnReminder(
  user: User,
  reminder: Reminder,
  command: KnownCommand,
  source: ActionSource,
  deps: Deps,
  unit: WriteUnit = deps.store.unit(),
): Promise<{ line: string; extra?: ActionExtra }> {
  const { occurredAt } = source;
  const settings = resolveSettings(user.settings);
  const name = namesOf(reminderPeople(reminder));
  const { planner, contact: read } = await plannerAround(user.userId, reminder, deps);
  const book = new ContactSet(user, deps);
  const contact = read ? book.adopt(read) : undefined;
  const current = reminder;
  const apply = async () => {
    const applied = stageReminderPlan(planner.plan(), unit, deps);
    book.stage(unit);
    await unit.commit();
    return applied;
  };
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
      let wrote: { contact?: Contact; unanswered?: number } | undefined;
      if (isWriteTo(current.kind)) {
        const who = current.contactName ?? current.contactEmail;
        logNote(unit, user, current, source, 'outbound', `You wrote to ${who}`, deps);
        const after = contact ? book.touch(contact.contactId, occurredAt) : undefined;
        wrote = !after
          ? {}
          : current.kind === 'no_reply_nudge'
            ? { contact: after, unanswered: book.countOutbound(after.contactId, source) }
            : { contact: after };
      }
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
    case 'stop': {
      const stop = deps.store.contacts.fieldsWrite(user.userId, reminder.contactId, { status: 'stopped' });
      if (stop && contact) unit.add(stop);
      planStop(planner, reminder.contactId, 'reply: stop');
      await apply();
      return { line: `No more reminders about ${name}.` };
    }
    case 'replied': {
      logNote(unit, user, reminder, source, 'inbound', `${name} replied (you told Rounds)`, deps);
      // The reminder replied to ends too, whatever its kind: the conversation is going.
      planner.end(current, 'resolved', 'reply: replied');
      if (contact) {
        book.touch(contact.contactId, occurredAt);
        book.recordInbound(contact.contactId, occurredAt);
        const after = book.get(contact.contactId)!;
        planContactReplied(
          planner,
          { contact: after, repliedAt: occurredAt, by: 'reply: replied' },
          settings,
        );
      }
      await apply();
      return { line: `Logged ${name}'s reply; no more nudges.` };
    }
    case 'note':
      logNote(unit, user, reminder, source, 'note', command.text, deps);
      await unit.commit();
      return { line: `Noted on ${name}'s timeline.` };
    case 'tier': {
      // The tier's own writes first: the unit may hold the seen marker, which goes last.
      const line = contact
        ? await setTier(user, contact.email, command.tier, deps, planner)
        : `${name} is no longer a contact.`;
      await unit.commit();
      return { line };
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

/** A line on the contact's timeline, staged in the unit. */
function logNote(
  unit: WriteUnit,
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
  unit.add(...deps.store.interactions.putWrites(user.userId, interaction));
}

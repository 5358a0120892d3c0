// What a resident adds by hand because no email carries it: conferences they will attend,
// rotations that end, letters of recommendation promised to them.

import { ensureContacts } from '../contacts/people.ts';
import type { Deps } from '../deps.ts';
import { InvalidInputError, NotFoundError } from '../domain/errors.ts';
import { stableId } from '../domain/ids.ts';
import { emailSchema, type Milestone, type User } from '../domain/model.ts';
import {
  type ReminderDraft,
  reminderForLetter,
  remindersBeforeConference,
  remindersForRotation,
} from '../domain/playbook.ts';
import { ReminderPlanner } from '../domain/reminder-plan.ts';
import { resolveSettings } from '../domain/settings.ts';
import { zonedToUtc } from '../domain/time.ts';
import { applyReminderPlan } from '../reminders/apply.ts';

/** "2027-03-10" is that day in the user's zone; a full ISO instant is taken as it is. */
export function parseUserDate(value: string, timezone: string, what: string): string {
  const day = value.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (day) {
    const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const check = new Date(Date.UTC(year, month - 1, date));
    const real = check.getUTCMonth() === month - 1 && check.getUTCDate() === date;
    const at = real ? zonedToUtc({ year, month, day: date, hour: 0, minute: 0 }, timezone) : undefined;
    if (at) return at.toISOString();
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(value) && Number.isFinite(Date.parse(value))) {
    return new Date(value).toISOString();
  }
  throw new InvalidInputError(`${what} wants a date such as 2027-03-10, not "${value}"`);
}

function addresses(values: string[], what: string): string[] {
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => {
      const parsed = emailSchema.safeParse(v);
      if (!parsed.success) throw new InvalidInputError(`${what}: not an email address: ${v}`);
      return parsed.data;
    });
}

async function remind(user: User, item: Milestone, drafts: ReminderDraft[], deps: Deps) {
  const nowIso = deps.clock.now().toISOString();
  const emails = [...new Set(drafts.map((d) => d.contactEmail))];
  // Naming someone as a target or an attending is not contact with them: no touch.
  const contacts = await ensureContacts(
    user,
    emails.map((email) => ({ email })),
    { occurredAt: nowIso, touch: false },
    deps,
  );
  const planner = new ReminderPlanner(user.userId, nowIso);
  const subject = item.kind === 'letter' ? 'Letter of recommendation' : item.name;
  const about = { subject, occurredAt: nowIso, interactionId: `item:${item.itemId}` };
  for (const draft of drafts) {
    const contact = contacts.find((c) => c.email === draft.contactEmail)!;
    planner.create(contact, draft, about, `item:${item.itemId}`);
  }
  const { created } = await applyReminderPlan(planner.plan(), deps);
  await deps.store.milestones.put(user.userId, item);
  return { ...item, id: item.itemId, reminders: { created } };
}

export async function addConference(
  user: User,
  input: { name: string; start: string; end?: string; targets: string[] },
  deps: Deps,
) {
  if (!input.name.trim()) throw new InvalidInputError('a conference needs a name');
  const start = parseUserDate(input.start, user.timezone, '--start');
  const end = input.end ? parseUserDate(input.end, user.timezone, '--end') : start;
  if (end < start) throw new InvalidInputError('--end is before --start');
  const targets = addresses(input.targets, '--targets');
  const item: Milestone = {
    itemId: stableId(user.userId, 'conference', input.name.trim(), start),
    kind: 'conference',
    name: input.name.trim(),
    start,
    end,
    targets,
    createdAt: deps.clock.now().toISOString(),
  };
  const settings = resolveSettings(user.settings);
  return remind(
    user,
    item,
    remindersBeforeConference({ start, targets }, settings, deps.clock.now().toISOString()),
    deps,
  );
}

export async function addRotation(
  user: User,
  input: { name: string; end: string; attendings: string[] },
  deps: Deps,
) {
  if (!input.name.trim()) throw new InvalidInputError('a rotation needs a name');
  const end = parseUserDate(input.end, user.timezone, '--end');
  const attendings = addresses(input.attendings, '--attending');
  const item: Milestone = {
    itemId: stableId(user.userId, 'rotation', input.name.trim(), end),
    kind: 'rotation',
    name: input.name.trim(),
    end,
    attendings,
    createdAt: deps.clock.now().toISOString(),
  };
  const settings = resolveSettings(user.settings);
  return remind(
    user,
    item,
    remindersForRotation({ end, attendings }, settings, deps.clock.now().toISOString()),
    deps,
  );
}

export async function addLetter(user: User, input: { from: string; due: string }, deps: Deps) {
  const [from] = addresses([input.from], '--from');
  if (!from) throw new InvalidInputError('--from <email> is required');
  const dueAt = parseUserDate(input.due, user.timezone, '--due');
  const item: Milestone = {
    itemId: stableId(user.userId, 'letter', from, dueAt),
    kind: 'letter',
    from,
    dueAt,
    createdAt: deps.clock.now().toISOString(),
  };
  return remind(user, item, [reminderForLetter({ from, dueAt })], deps);
}

/** The people a milestone reminds about. */
const peopleOf = (item: Milestone): string[] =>
  item.kind === 'conference' ? item.targets : item.kind === 'rotation' ? item.attendings : [item.from];

/** Cancels the open reminders a milestone made about these people (their history stays). */
async function cancelItemReminders(
  user: User,
  itemId: string,
  emails: string[],
  deps: Pick<Deps, 'store' | 'clock'>,
) {
  const planner = new ReminderPlanner(user.userId, deps.clock.now().toISOString());
  for (const email of emails) {
    const contact = await deps.store.contacts.findByEmail(user.userId, email);
    if (!contact) continue;
    for (const reminder of await deps.store.reminders.ofContact(user.userId, contact.contactId))
      if (reminder.about?.interactionId === `item:${itemId}`)
        planner.end(reminder, 'cancelled', `removed ${itemId}`);
  }
  await applyReminderPlan(planner.plan(), deps);
}

/** Removes a milestone: its open reminders are cancelled, then the item. */
export async function removeMilestone(user: User, itemId: string, deps: Pick<Deps, 'store' | 'clock'>) {
  const item = await deps.store.milestones.get(user.userId, itemId);
  if (!item) throw new NotFoundError('There is no such conference, rotation or letter.');
  await cancelItemReminders(user, itemId, peopleOf(item), deps);
  await deps.store.milestones.delete(user.userId, itemId);
  return item;
}

export type MilestoneInput =
  | { kind: 'conference'; name: string; start: string; end?: string; targets: string[] }
  | { kind: 'rotation'; name: string; end: string; attendings: string[] }
  | { kind: 'letter'; from: string; due: string };

export const addMilestone = (user: User, input: MilestoneInput, deps: Deps) =>
  input.kind === 'conference'
    ? addConference(user, input, deps)
    : input.kind === 'rotation'
      ? addRotation(user, input, deps)
      : addLetter(user, input, deps);

/**
 * An edit is the new milestone added, then the old one removed: its reminders follow the new
 * dates and people. A crash between leaves both, and the same edit sent again finishes it.
 */
export async function editMilestone(user: User, itemId: string, input: MilestoneInput, deps: Deps) {
  const old = await deps.store.milestones.get(user.userId, itemId);
  if (!old || old.kind !== input.kind)
    throw new NotFoundError('There is no such conference, rotation or letter.');
  const added = await addMilestone(user, input, deps);
  if (added.itemId !== itemId) await removeMilestone(user, itemId, deps);
  else {
    // Same name and date: only the people changed; those dropped get no reminder from it.
    const kept = new Set(peopleOf(added));
    await cancelItemReminders(
      user,
      itemId,
      peopleOf(old).filter((e) => !kept.has(e)),
      deps,
    );
  }
  return added;
}

// What a resident adds by hand because no email carries it: conferences they will attend,
// rotations that end, letters of recommendation promised to them.

import { ensureContacts } from '../contacts/people.ts';
import type { Deps } from '../deps.ts';
import { InvalidInputError } from '../domain/errors.ts';
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

// Reading what a plan is made against: the reminders of the contacts an event touches, each
// contact's read once (one Query on its links, one BatchGet).
import type { Deps } from '../deps.ts';
import { ReminderPlanner } from '../domain/reminder-plan.ts';

export async function plannerFor(
  userId: string,
  contactIds: string[],
  deps: Pick<Deps, 'store' | 'clock'>,
  options: { staleBefore?: string | undefined } = {},
): Promise<ReminderPlanner> {
  const planner = new ReminderPlanner(userId, deps.clock.now().toISOString(), [], options.staleBefore);
  const lists = await Promise.all(
    [...new Set(contactIds)].map((id) => deps.store.reminders.ofContact(userId, id)),
  );
  for (const list of lists) planner.see(list);
  return planner;
}

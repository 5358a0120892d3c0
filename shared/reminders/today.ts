// What the Today page shows: reminders sent and not acted on, overdue and due today (most
// urgent first), then what comes in the week ahead. Days are the user's days.
import type { Deps } from '../deps.ts';
import { isOpen, type Reminder, type User } from '../domain/model.ts';
import { urgency } from '../domain/reminder-kinds.ts';
import { addLocalDays, zonedParts, zonedToUtc } from '../domain/time.ts';

export type TodayItem = { reminder: Reminder; when: 'sent' | 'overdue' | 'today' | 'coming' };

/** Midnight starting the user's local day that `at` falls in, `plusDays` later. */
function localMidnight(at: Date, timeZone: string, plusDays: number): string {
  const { year, month, day } = zonedParts(at, timeZone);
  const local = addLocalDays({ year, month, day, hour: 0, minute: 0 }, plusDays);
  return (zonedToUtc(local, timeZone) ?? at).toISOString();
}

export function groupToday(reminders: Reminder[], now: Date, timeZone: string) {
  const startOfToday = localMidnight(now, timeZone, 0);
  const endOfToday = localMidnight(now, timeZone, 1);
  const endOfWeek = localMidnight(now, timeZone, 8);
  const items: TodayItem[] = [];
  for (const reminder of reminders) {
    if (!isOpen(reminder.state)) continue;
    const when =
      reminder.state === 'sent'
        ? 'sent'
        : reminder.dueAt < startOfToday
          ? 'overdue'
          : reminder.dueAt < endOfToday
            ? 'today'
            : reminder.dueAt < endOfWeek
              ? 'coming'
              : undefined;
    if (when) items.push({ reminder, when });
  }
  const byUrgency = (a: TodayItem, b: TodayItem) =>
    urgency(a.reminder.kind) - urgency(b.reminder.kind) || a.reminder.dueAt.localeCompare(b.reminder.dueAt);
  return {
    now: items.filter((i) => i.when !== 'coming').sort(byUrgency),
    coming: items
      .filter((i) => i.when === 'coming')
      .sort((a, b) => a.reminder.dueAt.localeCompare(b.reminder.dueAt)),
  };
}

/** The Today page's reminders: the open ones only (one Query, whatever the history). */
export async function loadToday(user: User, deps: Pick<Deps, 'store' | 'clock'>) {
  const reminders = await deps.store.reminders.open(user);
  return groupToday(reminders, deps.clock.now(), user.timezone);
}

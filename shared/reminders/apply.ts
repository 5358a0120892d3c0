// The one writer of reminder changes: applies a plan from domain/reminder-plan.ts with the
// store's conditional writes, in the plan's order. Creating an existing reminder, ending one
// already ended or moving one already closed changes nothing, so a plan applied twice (a
// re-run after a crash, a doubled delivery) has the effect of once.
import type { Deps } from '../deps.ts';
import { reminderPeople } from '../domain/model.ts';
import type { ReminderPlan } from '../domain/reminder-plan.ts';
import type { ReminderRef, ReminderView } from '../domain/views.ts';

export type AppliedPlan = {
  created: ReminderView[];
  resolved: ReminderRef[];
  moved: ReminderView[];
  cancelled: ReminderRef[];
  /** For each change of the plan, in order: whether it took effect. */
  tookEffect: boolean[];
};

export async function applyReminderPlan(plan: ReminderPlan, deps: Pick<Deps, 'store'>): Promise<AppliedPlan> {
  const { reminders, contacts } = deps.store;
  const applied: AppliedPlan = { created: [], resolved: [], moved: [], cancelled: [], tookEffect: [] };
  for (const change of plan.changes) {
    const { reminder } = change;
    const ref = {
      id: reminder.reminderId,
      kind: reminder.kind,
      contact: reminder.contactEmail,
      ...(reminder.others?.length ? { contacts: reminderPeople(reminder).map((p) => p.email) } : {}),
    };
    let took: boolean;
    switch (change.op) {
      case 'create':
        await reminders.create(reminder);
        took = true;
        if (change.report) applied.created.push({ ...ref, dueAt: reminder.dueAt });
        break;
      case 'end':
        took = await reminders.end(plan.userId, reminder.reminderId, change.state, plan.now, change.by);
        if (took && change.report) applied[change.report].push(ref);
        break;
      case 'move':
        took =
          change.state === 'snoozed'
            ? await reminders.snooze(plan.userId, reminder.reminderId, change.dueAt)
            : await reminders.reschedule(plan.userId, reminder.reminderId, change.dueAt);
        if (took && change.report) applied.moved.push({ ...ref, dueAt: change.dueAt });
        break;
    }
    applied.tookEffect.push(took);
  }
  for (const { contactId, after } of plan.dormant)
    await contacts.setFields(plan.userId, contactId, { dormantAfter: after });
  return applied;
}

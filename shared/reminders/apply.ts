// The one writer of reminder changes: applies a plan from domain/reminder-plan.ts with the
// store's conditional writes, in the plan's order, as one unit of work (store/unit.ts): one
// transaction when the plan is small. Creating an existing reminder, ending one already ended
// or moving one already closed changes nothing, so a plan applied twice (a re-run after a
// crash, a doubled delivery) has the effect of once.
import type { Deps } from '../deps.ts';
import { reminderPeople } from '../domain/model.ts';
import type { ReminderPlan } from '../domain/reminder-plan.ts';
import type { ReminderRef, ReminderView } from '../domain/views.ts';
import type { Staged, WriteUnit } from '../store/unit.ts';

export type AppliedPlan = {
  created: ReminderView[];
  resolved: ReminderRef[];
  moved: ReminderView[];
  cancelled: ReminderRef[];
  /** For each change of the plan, in order: whether it took effect. */
  tookEffect: boolean[];
};

/**
 * Adds a plan's writes to a unit of work. The AppliedPlan returned is filled in when the unit
 * commits (what took effect is known only then).
 */
export function stageReminderPlan(
  plan: ReminderPlan,
  unit: WriteUnit,
  deps: Pick<Deps, 'store'>,
): AppliedPlan {
  const { reminders, contacts } = deps.store;
  const applied: AppliedPlan = { created: [], resolved: [], moved: [], cancelled: [], tookEffect: [] };
  // For each change, the write that says whether it took effect.
  const decisive: Staged[] = plan.changes.map((change) => {
    const { reminder } = change;
    switch (change.op) {
      case 'create':
        return unit.add(...reminders.createWrites(reminder)).at(-1)!;
      case 'end':
        return unit.add(
          reminders.endWrite(plan.userId, reminder.reminderId, change.state, plan.now, change.by),
        )[0]!;
      case 'move':
        return unit.add(
          reminders.moveWrite(plan.userId, reminder.reminderId, change.dueAt, change.state),
        )[0]!;
      default:
        throw new Error(`unknown reminder change: ${(change satisfies never as { op: string }).op}`);
    }
  });
  for (const { contactId, after } of plan.dormant) {
    const write = contacts.fieldsWrite(plan.userId, contactId, { dormantAfter: after });
    if (write) unit.add(write);
  }
  unit.onCommit(() => {
    plan.changes.forEach((change, i) => {
      const { reminder } = change;
      // A create reports its reminder even when it already existed: the re-run's answer is the first's.
      const took = change.op === 'create' ? true : decisive[i]!.tookEffect === true;
      applied.tookEffect.push(took);
      if (!took || !change.report) return;
      const ref = {
        id: reminder.reminderId,
        kind: reminder.kind,
        contact: reminder.contactEmail,
        ...(reminder.others?.length ? { contacts: reminderPeople(reminder).map((p) => p.email) } : {}),
      };
      if (change.op === 'create') applied.created.push({ ...ref, dueAt: reminder.dueAt });
      else if (change.op === 'move') applied.moved.push({ ...ref, dueAt: change.dueAt });
      else if (change.report === 'resolved' || change.report === 'cancelled')
        applied[change.report].push(ref);
    });
  });
  return applied;
}

export async function applyReminderPlan(plan: ReminderPlan, deps: Pick<Deps, 'store'>): Promise<AppliedPlan> {
  const unit = deps.store.unit();
  const applied = stageReminderPlan(plan, unit, deps);
  await unit.commit();
  return applied;
}

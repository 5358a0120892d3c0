import type { ScheduleDefinition, Schedules } from '../domain/schedules.ts';
import type { Store } from '../store/store.ts';

/** The emulator's schedule group: the same definitions EventBridge Scheduler gets, kept in the table. */
export const tableSchedules = (store: Store): Schedules => ({
  put: (definition) => store.putSchedule(definition.name, definition),
  list: () => store.listSchedules<ScheduleDefinition>(),
  delete: (name) => store.deleteSchedule(name),
});

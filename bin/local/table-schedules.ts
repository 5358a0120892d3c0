import type { ScheduleDefinition, Schedules } from '#shared/schedules';
import type { Store } from '#shared/store';

/** The emulator's schedule group: the same definitions EventBridge Scheduler gets, kept in the table. */
export const tableSchedules = (store: Store): Schedules => ({
  put: (definition) => store.putSchedule(definition.name, definition),
  list: () => store.listSchedules<ScheduleDefinition>(),
  delete: (name) => store.deleteSchedule(name),
});

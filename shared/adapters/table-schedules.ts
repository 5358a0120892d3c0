// The Schedules port on the table: the local scheduler's schedule group (the same
// definitions EventBridge Scheduler gets in AWS).
import type { Schedules } from '../domain/schedules.ts';
import type { Store } from '../store/index.ts';

export const tableSchedules = (store: Store): Schedules => store.schedules;

// Reconcile: make the scheduler's schedules match the users (`rounds schedules reconcile`).
import type { User } from '../domain/model.ts';
import { type Schedules, schedulesForUser } from '../domain/schedules.ts';

export type ReconcileReport = {
  users: number;
  created: string[];
  updated: string[];
  deleted: string[];
  unchanged: number;
};

/**
 * Makes the schedules match the users: creates the missing, updates the drifted, deletes
 * the ones whose user is gone. The table is the truth; schedules are wake-up calls.
 */
export async function reconcileSchedules(
  users: Pick<User, 'userId' | 'timezone' | 'settings'>[],
  schedules: Schedules,
): Promise<ReconcileReport> {
  const actual = new Map((await schedules.list()).map((d) => [d.name, d]));
  const report: ReconcileReport = {
    users: users.length,
    created: [],
    updated: [],
    deleted: [],
    unchanged: 0,
  };
  const wanted = new Set<string>();
  for (const user of users) {
    for (const definition of schedulesForUser(user)) {
      wanted.add(definition.name);
      const current = actual.get(definition.name);
      if (
        current &&
        current.expression === definition.expression &&
        current.timezone === definition.timezone &&
        current.userId === definition.userId &&
        current.job === definition.job
      ) {
        report.unchanged++;
        continue;
      }
      await schedules.put(definition);
      (current ? report.updated : report.created).push(definition.name);
    }
  }
  for (const name of actual.keys()) {
    if (wanted.has(name)) continue;
    await schedules.delete(name);
    report.deleted.push(name);
  }
  return report;
}

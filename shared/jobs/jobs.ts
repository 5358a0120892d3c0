// The scheduled jobs as the deployed scheduler runs them. `rounds tick --now` and the local
// emulator call runDueJobs; in AWS each schedule invokes functions/dispatch for one user.

import { logger } from '../adapters/observability.ts';
import type { Deps } from '../deps.ts';
import { sendWeeklyDigest } from '../digest/send.ts';
import { dispatchDueReminders, type SentMail } from '../dispatch/morning-run.ts';
import {
  latestOccurrence,
  type ScheduleDefinition,
  type ScheduledJob,
  type Schedules,
} from '../domain/schedules.ts';

export async function runJob(
  input: { userId: string; job: ScheduledJob; scheduledAt: Date },
  deps: Deps,
): Promise<SentMail[]> {
  switch (input.job) {
    case 'morning':
      return dispatchDueReminders({ userId: input.userId, asOf: input.scheduledAt }, deps);
    case 'digest':
      return sendWeeklyDigest({ userId: input.userId, scheduledAt: input.scheduledAt }, deps);
  }
}

/**
 * Runs every schedule's latest occurrence up to `asOf` (its most recent wake-up). Jobs are
 * idempotent, so running an occurrence again sends nothing new.
 */
export async function runDueJobs(asOf: Date, deps: Deps & { schedules: Schedules }): Promise<SentMail[]> {
  // In the order they would have fired: a Monday digest before that morning's reminders.
  const due = (await deps.schedules.list())
    .map((definition) => ({ definition, scheduledAt: latestOccurrence(definition, asOf) }))
    .filter((d): d is { definition: ScheduleDefinition; scheduledAt: Date } => d.scheduledAt !== undefined)
    .sort(
      (a, b) =>
        a.scheduledAt.getTime() - b.scheduledAt.getTime() ||
        a.definition.name.localeCompare(b.definition.name),
    );
  const sent: SentMail[] = [];
  for (const { definition, scheduledAt } of due) {
    try {
      sent.push(...(await runJob({ userId: definition.userId, job: definition.job, scheduledAt }, deps)));
    } catch (error) {
      // One user's failure must not hold up everyone else's morning.
      logger.error('scheduled job failed', { schedule: definition.name, error });
    }
  }
  return sent;
}

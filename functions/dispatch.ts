// EventBridge Scheduler → this Lambda: one user's morning run (or digest). The schedule
// carries only the user id and the job; everything else is re-read from the table.
import * as z from 'zod/mini';
import { lambdaDeps } from '#shared/adapters/lambda';
import { logger } from '#shared/adapters/observability';
import type { Deps } from '#shared/deps';
import { runJob } from '#shared/jobs/jobs';

const scheduledEventSchema = z.object({
  userId: z.string().check(z.minLength(1)),
  job: z.enum(['morning', 'digest']),
  /** <aws.scheduler.scheduled-time>, so a late or retried run acts as of its own slot. */
  scheduledAt: z.optional(z.iso.datetime({ offset: true })),
});

export function createDispatchHandler(deps: Deps) {
  return async (event: unknown) => {
    const parsed = scheduledEventSchema.safeParse(event);
    if (!parsed.success) {
      logger.error('not a Rounds schedule payload', { issues: parsed.error.issues.slice(0, 5) });
      return { sent: [] };
    }
    const { userId, job, scheduledAt } = parsed.data;
    const sent = await runJob(
      { userId, job, scheduledAt: scheduledAt ? new Date(scheduledAt) : deps.clock.now() },
      deps,
    );
    logger.info('scheduled job ran', { userId, job, sent: sent.length });
    return { sent };
  };
}

let handlerInstance: ReturnType<typeof createDispatchHandler> | undefined;
/** Built on the first invocation and reused while the instance is warm. */
export async function handler(event: unknown) {
  handlerInstance ??= createDispatchHandler(await lambdaDeps());
  return handlerInstance(event);
}

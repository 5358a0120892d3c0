// The local EventBridge Scheduler: the same per-user schedules, fired on the real clock.
import { logger } from '#shared/adapters/observability';
import type { Deps } from '#shared/deps';
import type { SentMail } from '#shared/dispatch/morning-run';
import { latestOccurrence, type Schedules } from '#shared/domain/schedules';
import { runJob } from '#shared/jobs/jobs';

const CHECK_EVERY_MS = 20_000;

/**
 * The local EventBridge Scheduler: reads the same schedule definitions and, on the real
 * clock, fires each one when its next occurrence passes. On start it fires each schedule's
 * latest occurrence once, like a scheduler catching up after the laptop slept.
 */
export function startEmulator(deps: Deps & { schedules: Schedules }, onSent: (sent: SentMail[]) => void) {
  const fired = new Map<string, number>();
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    try {
      const now = deps.clock.now();
      for (const definition of await deps.schedules.list()) {
        const at = latestOccurrence(definition, now);
        if (!at || fired.get(definition.name) === at.getTime()) continue;
        fired.set(definition.name, at.getTime());
        try {
          const sent = await runJob(
            { userId: definition.userId, job: definition.job, scheduledAt: at },
            deps,
          );
          if (sent.length > 0) onSent(sent);
        } catch (error) {
          logger.error('scheduled job failed', { schedule: definition.name, error });
        }
      }
    } finally {
      running = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), CHECK_EVERY_MS);
  return {
    stop: async () => {
      clearInterval(timer);
      while (running) await new Promise((r) => setTimeout(r, 50));
    },
  };
}

// The one Deps: everything a use case may be handed. Built in one way (adapters/wiring.ts,
// createDeps) for Lambda, the CLI, the local stack and tests; use cases take it whole or Pick
// the ports they use.
import type { Clock } from './domain/clock.ts';
import type { Config } from './domain/config.ts';
import type { HeldMail, Mailer } from './domain/ports.ts';
import type { Schedules } from './domain/schedules.ts';
import type { Store } from './store/index.ts';

export type Deps = {
  config: Config;
  clock: Clock;
  store: Store;
  mailer: Mailer;
  schedules: Schedules;
  heldMail: HeldMail;
};

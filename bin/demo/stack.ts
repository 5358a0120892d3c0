// The demos' throwaway local stack: DynamoDB Local and the local SES API in a temporary
// directory, a clock the demo moves by hand, and the same demo config for every demo.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDeps } from '#shared/adapters/local';
import { fixedClock } from '#shared/domain/clock';
import { startDynamo } from '../local/dynamo.ts';
import { type OutboxEntry, readOutbox, startSes } from '../local/ses.ts';
import type { DemoDeps } from './month.ts';

/** Runs `demo` on a fresh stack whose clock starts at `start`, then stops the stack. */
export async function withDemoStack<T>(
  start: string,
  demo: (deps: DemoDeps, outbox: () => OutboxEntry[]) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'rounds-demo-'));
  process.env.ROUNDS_LOG_FILE = join(dir, 'rounds.log');
  const outboxFile = join(dir, 'outbox.jsonl');
  const dynamo = await startDynamo();
  const ses = await startSes({ outboxFile });
  try {
    let current = fixedClock(start);
    const clock = {
      now: () => current.now(),
      set: (iso: string) => {
        current = fixedClock(iso);
      },
    };
    const deps = {
      ...localDeps({
        dynamodbEndpoint: dynamo.endpoint,
        sesEndpoint: ses.endpoint,
        config: {
          tableName: 'demo',
          captureDomain: 'in.rounds.localhost',
          fromAddress: 'Rounds <rounds@in.rounds.localhost>',
          signingSecret: 'demo-secret-not-for-production-0123456789',
          dashboardUrl: 'http://127.0.0.1:3000',
        },
      }),
      clock,
    };
    await deps.store.ensureTable();
    return await demo(deps, () => readOutbox(outboxFile));
  } finally {
    await ses.stop();
    await dynamo.stop();
  }
}

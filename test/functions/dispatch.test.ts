import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatchHandler } from '#functions/dispatch';
import { ingestMessage } from '#shared/ingest/ingest';
import { addUser } from '#shared/users/users';
import { testDeps } from '../support/local.ts';
import { eml } from '../support/mail.ts';

let deps: Awaited<ReturnType<typeof testDeps>>;
let userId: string;

beforeAll(async () => {
  deps = await testDeps();
  const added = await addUser({ email: 'amira@example.org', timezone: 'America/Chicago' }, deps);
  userId = added.user.userId;
  await ingestMessage(
    {
      raw: eml({ from: 'amira@example.org', to: 'pd@program.example.edu' }),
      recipients: [added.captureAddress],
    },
    deps,
  );
});
afterAll(() => deps.ses.stop());

describe('functions/dispatch', () => {
  it('runs the morning job for the user the schedule names, once even when the schedule fires twice', async () => {
    const handler = createDispatchHandler(deps);
    // The payload the schedule's Input template produces.
    const event = { userId, job: 'morning', scheduledAt: '2026-11-17T13:30:00Z' };

    const first = await handler(event);
    const second = await handler(event);

    expect(first.sent).toHaveLength(1);
    expect(first.sent[0]).toMatchObject({ to: 'amira@example.org', kind: 'reminder' });
    expect(second.sent).toEqual([]);
  });

  it('ignores a payload that is not a Rounds schedule', async () => {
    expect(await createDispatchHandler(deps)({ detail: 'something else' })).toEqual({ sent: [] });
  });
});

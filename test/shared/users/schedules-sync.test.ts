// Schedules in AWS are EventBridge Scheduler, which cannot run here: its client is the one
// thing faked, and the requests it receives are checked against the real API's shapes.
import {
  CreateScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventBridgeSchedules } from '#shared/adapters/eventbridge-schedules';
import { schedulesForUser } from '#shared/domain/schedules';
import { reconcileSchedules } from '#shared/jobs/reconcile-schedules';
import { addUser, updateUserSettings } from '#shared/users/users';
import { testDeps } from '../../support/local.ts';

/** An in-memory EventBridge Scheduler that answers the commands Rounds sends. */
function fakeScheduler() {
  const schedules = new Map<string, Record<string, unknown>>();
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const client = {
    async send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
      sent.push({ name: command.constructor.name, input: command.input });
      const name = String(command.input.Name ?? '');
      if (command instanceof UpdateScheduleCommand) {
        if (!schedules.has(name))
          throw new ResourceNotFoundException({ message: 'not found', Message: 'not found', $metadata: {} });
        schedules.set(name, command.input);
        return {};
      }
      if (command instanceof CreateScheduleCommand) {
        schedules.set(name, command.input);
        return { ScheduleArn: `arn:aws:scheduler:us-east-1:123456789012:schedule/rounds/${name}` };
      }
      if (command instanceof ListSchedulesCommand)
        return { Schedules: [...schedules.keys()].map((Name) => ({ Name })) };
      if (command instanceof GetScheduleCommand) return schedules.get(name);
      schedules.delete(name);
      return {};
    },
  };
  return { client: client as unknown as SchedulerClient, schedules, sent };
}

const options = {
  groupName: 'rounds-prod',
  targetArn: 'arn:aws:lambda:us-east-1:123456789012:function:rounds-prod-dispatch',
  roleArn: 'arn:aws:iam::123456789012:role/rounds-prod-scheduler',
  deadLetterArn: 'arn:aws:sqs:us-east-1:123456789012:rounds-prod-schedules-dlq',
};

describe('eventBridgeSchedules', () => {
  it('creates each schedule in the user’s zone, carrying only the user id and the job', async () => {
    const fake = fakeScheduler();
    const port = eventBridgeSchedules(fake.client, options);
    const [morning] = schedulesForUser({ userId: 'u1', timezone: 'Asia/Kolkata' });

    await port.put(morning!);

    expect(fake.sent.map((s) => s.name)).toEqual(['UpdateScheduleCommand', 'CreateScheduleCommand']);
    expect(fake.sent[1]?.input).toEqual({
      Name: 'rounds-u1-morning',
      GroupName: 'rounds-prod',
      ScheduleExpression: 'cron(30 7 ? * * *)',
      ScheduleExpressionTimezone: 'Asia/Kolkata',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Description: 'Rounds morning for user u1',
      Target: {
        Arn: options.targetArn,
        RoleArn: options.roleArn,
        Input: '{"userId":"u1","job":"morning","scheduledAt":"<aws.scheduler.scheduled-time>"}',
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 3 },
        DeadLetterConfig: { Arn: options.deadLetterArn },
      },
    });
  });

  it('updates a schedule that exists instead of creating a second', async () => {
    const fake = fakeScheduler();
    const port = eventBridgeSchedules(fake.client, options);
    const [morning] = schedulesForUser({ userId: 'u1', timezone: 'UTC' });
    await port.put(morning!);
    fake.sent.length = 0;

    await port.put({ ...morning!, timezone: 'Europe/London' });

    expect(fake.sent.map((s) => s.name)).toEqual(['UpdateScheduleCommand']);
    expect(fake.schedules.get('rounds-u1-morning')?.ScheduleExpressionTimezone).toBe('Europe/London');
  });

  it('reconcile reports and repairs drift against what is deployed', async () => {
    const fake = fakeScheduler();
    const port = eventBridgeSchedules(fake.client, options);
    const users = [
      { userId: 'u1', timezone: 'America/Chicago' },
      { userId: 'u2', timezone: 'Europe/London' },
    ];
    await port.put({ ...schedulesForUser(users[0]!)[0]!, timezone: 'UTC' }); // drifted
    await port.put(schedulesForUser(users[0]!)[1]!); // right
    await port.put({
      name: 'rounds-gone-morning',
      userId: 'gone',
      job: 'morning',
      expression: 'cron(30 7 ? * * *)',
      timezone: 'UTC',
    });

    const report = await reconcileSchedules(users, port);
    const again = await reconcileSchedules(users, port);

    expect(report).toEqual({
      users: 2,
      created: ['rounds-u2-morning', 'rounds-u2-digest'],
      updated: ['rounds-u1-morning'],
      deleted: ['rounds-gone-morning'],
      unchanged: 1,
    });
    expect(again).toMatchObject({ created: [], updated: [], deleted: [], unchanged: 4 });
  });
});

describe('a user’s settings move their schedules', () => {
  let deps: Awaited<ReturnType<typeof testDeps>>;
  beforeAll(async () => {
    deps = await testDeps();
  });
  afterAll(() => deps.ses.stop());

  it('changing the zone, the morning hour and the digest day updates both schedules', async () => {
    const { user } = await addUser({ email: 'omar@example.org', timezone: 'Europe/London' }, deps);

    const updated = await updateUserSettings(
      user,
      { timezone: 'Asia/Karachi', assignments: ['morningAt=06:45', 'digestDay=sun', 'nudgeAfterDays=10'] },
      deps,
    );

    expect(updated.settings).toEqual({ morningAt: '06:45', digestDay: 'sun', nudgeAfterDays: 10 });
    const mine = (await deps.schedules.list()).filter((d) => d.userId === user.userId);
    expect(mine.map((d) => [d.job, d.expression, d.timezone]).sort()).toEqual([
      ['digest', 'cron(0 7 ? * SUN *)', 'Asia/Karachi'],
      ['morning', 'cron(45 6 ? * * *)', 'Asia/Karachi'],
    ]);
    expect((await deps.store.users.get(user.userId))?.timezone).toBe('Asia/Karachi');
  });

  it('refuses a setting that does not exist, changing nothing', async () => {
    const { user } = await addUser({ email: 'lina@example.org', timezone: 'UTC' }, deps);
    await expect(updateUserSettings(user, { assignments: ['nudge=3'] }, deps)).rejects.toThrow(
      /unknown setting "nudge"/,
    );
    expect((await deps.store.users.get(user.userId))?.settings).toBeUndefined();
  });
});

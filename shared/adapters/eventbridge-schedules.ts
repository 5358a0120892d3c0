// EventBridge Scheduler as the Schedules port: one schedule per user and job, in the
// user's own time zone (ScheduleExpressionTimezone), carrying only the user id and the job.
import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import type { ScheduleDefinition, ScheduledJob, Schedules } from '../domain/schedules.ts';

export type EventBridgeSchedulesOptions = {
  groupName: string;
  /** The dispatch function. */
  targetArn: string;
  /** The role Scheduler assumes to invoke it. */
  roleArn: string;
  deadLetterArn?: string;
};

/** The request both CreateSchedule and UpdateSchedule take; also what tests assert on. */
export function scheduleRequest(
  definition: ScheduleDefinition,
  options: EventBridgeSchedulesOptions,
): CreateScheduleCommandInput {
  return {
    Name: definition.name,
    GroupName: options.groupName,
    ScheduleExpression: definition.expression,
    ScheduleExpressionTimezone: definition.timezone,
    FlexibleTimeWindow: { Mode: 'OFF' },
    State: 'ENABLED',
    Description: `Rounds ${definition.job} for user ${definition.userId}`,
    Target: {
      Arn: options.targetArn,
      RoleArn: options.roleArn,
      // The handler acts as of the slot it was scheduled for, even when delivered late.
      Input: JSON.stringify({
        userId: definition.userId,
        job: definition.job,
        scheduledAt: '<aws.scheduler.scheduled-time>',
      }),
      RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 3 },
      ...(options.deadLetterArn ? { DeadLetterConfig: { Arn: options.deadLetterArn } } : {}),
    },
  };
}

const isNotFound = (error: unknown) =>
  error instanceof ResourceNotFoundException ||
  (error instanceof Error && error.name === 'ResourceNotFoundException');

export function eventBridgeSchedules(
  client: SchedulerClient,
  options: EventBridgeSchedulesOptions,
): Schedules {
  return {
    async put(definition) {
      const request = scheduleRequest(definition, options);
      try {
        await client.send(new UpdateScheduleCommand(request));
      } catch (error) {
        if (!isNotFound(error)) throw error;
        await client.send(new CreateScheduleCommand(request));
      }
    },
    async list() {
      const definitions: ScheduleDefinition[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListSchedulesCommand({ GroupName: options.groupName, NextToken: token }),
        );
        for (const summary of page.Schedules ?? []) {
          if (!summary.Name) continue;
          const full = await client.send(
            new GetScheduleCommand({ Name: summary.Name, GroupName: options.groupName }),
          );
          const input = JSON.parse(full.Target?.Input ?? '{}') as { userId?: string; job?: ScheduledJob };
          if (!input.userId || !input.job || !full.ScheduleExpression) continue;
          definitions.push({
            name: summary.Name,
            userId: input.userId,
            job: input.job,
            expression: full.ScheduleExpression,
            timezone: full.ScheduleExpressionTimezone ?? 'UTC',
          });
        }
        token = page.NextToken;
      } while (token);
      return definitions;
    },
    async delete(name) {
      try {
        await client.send(new DeleteScheduleCommand({ Name: name, GroupName: options.groupName }));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },
  };
}

// Per-user schedules: the same definitions become EventBridge Scheduler schedules in AWS and
// items the local emulator reads. A schedule carries only the user id and the job; the
// handler re-reads the truth from the table, so a stale or doubled wake-up is harmless.
import type { User } from './model.ts';
import { resolveSettings, type Settings, WEEKDAYS } from './settings.ts';
import { addLocalDays, zonedParts, zonedToUtc } from './time.ts';

export type ScheduledJob = 'morning' | 'digest';

export type ScheduleDefinition = {
  name: string;
  userId: string;
  job: ScheduledJob;
  /** EventBridge Scheduler syntax: cron(minutes hours day-of-month month day-of-week year). */
  expression: string;
  timezone: string;
};

const EB_DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** A user's two schedules, from their settings (morning run daily, digest weekly). */
export function schedulesForUser(
  user: Pick<User, 'userId' | 'timezone' | 'settings'>,
  settings: Pick<Settings, 'morningAt' | 'digestAt' | 'digestDay'> = resolveSettings(user.settings),
): ScheduleDefinition[] {
  const [mh, mm] = settings.morningAt.split(':').map(Number);
  const [dh, dm] = settings.digestAt.split(':').map(Number);
  return [
    {
      name: `rounds-${user.userId}-morning`,
      userId: user.userId,
      job: 'morning',
      expression: `cron(${mm} ${mh} ? * * *)`,
      timezone: user.timezone,
    },
    {
      name: `rounds-${user.userId}-digest`,
      userId: user.userId,
      job: 'digest',
      expression: `cron(${dm} ${dh} ? * ${EB_DAYS[WEEKDAYS.indexOf(settings.digestDay)]} *)`,
      timezone: user.timezone,
    },
  ];
}

/** Where schedules live: EventBridge Scheduler in AWS, the table locally. */
export type Schedules = {
  put(definition: ScheduleDefinition): Promise<void>;
  list(): Promise<ScheduleDefinition[]>;
  delete(name: string): Promise<void>;
};

type CronFields = { minute: number; hour: number; weekdays: number[] | 'any' };

/** Reads the subset of cron this app writes: fixed minute and hour, any day or named weekdays. */
export function parseCron(expression: string): CronFields {
  const match = expression.match(/^cron\((\d+) (\d+) \? \* (\S+) \*\)$/);
  if (!match) throw new Error(`unsupported schedule expression: ${expression}`);
  const days = match[3]!;
  return {
    minute: Number(match[1]),
    hour: Number(match[2]),
    weekdays: days === '*' ? 'any' : days.split(',').map((d) => EB_DAYS.indexOf(d)),
  };
}

/**
 * The latest instant ≤ asOf at which the schedule fires, in its zone. As in EventBridge
 * Scheduler, a wall-clock time that does not exist on a spring-forward day is skipped.
 */
export function latestOccurrence(
  definition: Pick<ScheduleDefinition, 'expression' | 'timezone'>,
  asOf: Date,
) {
  const cron = parseCron(definition.expression);
  const today = zonedParts(asOf, definition.timezone);
  for (let back = 0; back <= 8; back++) {
    const day = addLocalDays({ ...today, hour: cron.hour, minute: cron.minute }, -back);
    const at = zonedToUtc(day, definition.timezone);
    if (!at || at.getTime() > asOf.getTime()) continue;
    if (cron.weekdays !== 'any' && !cron.weekdays.includes(zonedParts(at, definition.timezone).weekday))
      continue;
    return at;
  }
  return undefined;
}

/**
 * The user's last morning run at or before `at`: a reminder due then is mailed by it. Planning
 * a reminder for that instant is how one lands before a time that matters (an invitation's
 * deadline, the day before an interview), where one due later would wait for the next run.
 */
export function morningRunBy(
  user: Pick<User, 'userId' | 'timezone' | 'settings'>,
  at: string,
): string | undefined {
  const morning = schedulesForUser(user).find((s) => s.job === 'morning')!;
  return latestOccurrence(morning, new Date(at))?.toISOString();
}

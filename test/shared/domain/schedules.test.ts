import { describe, expect, it } from 'vitest';
import { latestOccurrence, parseCron, schedulesForUser } from '#shared/domain/schedules';
import { zonedToUtc } from '#shared/domain/time';

describe('schedulesForUser', () => {
  it('gives each user a 07:30 morning run and a Monday 07:00 digest in their own zone', () => {
    const [morning, digest] = schedulesForUser({ userId: 'u1', timezone: 'America/Chicago' });
    expect(morning).toEqual({
      name: 'rounds-u1-morning',
      userId: 'u1',
      job: 'morning',
      expression: 'cron(30 7 ? * * *)',
      timezone: 'America/Chicago',
    });
    expect(digest?.expression).toBe('cron(0 7 ? * MON *)');
  });

  it('refuses an expression it would misread', () => {
    expect(() => parseCron('rate(1 day)')).toThrow(/unsupported schedule expression/);
  });
});

describe('latestOccurrence', () => {
  const morning = { expression: 'cron(30 7 ? * * *)', timezone: 'America/Chicago' };
  const digest = { expression: 'cron(0 7 ? * MON *)', timezone: 'Asia/Kolkata' };

  it('is today’s run once it has passed, yesterday’s before', () => {
    expect(latestOccurrence(morning, new Date('2026-11-17T13:30:00Z'))?.toISOString()).toBe(
      '2026-11-17T13:30:00.000Z',
    );
    expect(latestOccurrence(morning, new Date('2026-11-17T13:29:59Z'))?.toISOString()).toBe(
      '2026-11-16T13:30:00.000Z',
    );
  });

  it('follows the zone across the change from daylight time', () => {
    // Chicago leaves daylight time on 1 Nov 2026: 07:30 is 12:30 UTC before, 13:30 after.
    expect(latestOccurrence(morning, new Date('2026-10-31T23:00:00Z'))?.toISOString()).toBe(
      '2026-10-31T12:30:00.000Z',
    );
    expect(latestOccurrence(morning, new Date('2026-11-01T23:00:00Z'))?.toISOString()).toBe(
      '2026-11-01T13:30:00.000Z',
    );
  });

  it('finds the weekly run on its weekday in the user’s zone', () => {
    // Monday 07:00 in Kolkata is Monday 01:30 UTC.
    expect(latestOccurrence(digest, new Date('2026-11-25T00:00:00Z'))?.toISOString()).toBe(
      '2026-11-23T01:30:00.000Z',
    );
  });

  it('skips a run whose wall-clock time does not exist on the spring-forward day', () => {
    const early = { expression: 'cron(30 2 ? * * *)', timezone: 'America/Chicago' };
    // 8 Mar 2026: 02:00–03:00 does not exist in Chicago; the latest run is the 7th's.
    expect(latestOccurrence(early, new Date('2026-03-08T12:00:00Z'))?.toISOString()).toBe(
      '2026-03-07T08:30:00.000Z',
    );
  });
});

describe('zonedToUtc', () => {
  it('has no instant for a skipped wall-clock time', () => {
    expect(
      zonedToUtc({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/Chicago'),
    ).toBeUndefined();
  });

  it('handles leap days', () => {
    expect(
      zonedToUtc({ year: 2028, month: 2, day: 29, hour: 7, minute: 30 }, 'Europe/London')?.toISOString(),
    ).toBe('2028-02-29T07:30:00.000Z');
  });
});

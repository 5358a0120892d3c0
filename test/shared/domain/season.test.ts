// The residency season: its dates load as checked data, and from the rank list deadline to
// Match Day no reminder proposes writing to a program's people; mentors and sponsors go on.
import { beforeAll, describe, expect, it } from 'vitest';
import { dispatchDueReminders } from '#shared/dispatch/morning-run';
import type { Contact, Reminder, User } from '#shared/domain/model';
import { isProgramPerson, loadSeasons, quietPeriodAt, SEASONS, seasonHold } from '#shared/domain/season';
import { addUser } from '#shared/users/users';
import { testDeps } from '../../support/local.ts';

const season = (overrides: Record<string, unknown> = {}) => ({
  match: 2027,
  erasOpens: '2026-09-02T13:00:00Z',
  programsReview: '2026-09-23T13:00:00Z',
  rankMeetingsBegin: '2027-01-25T14:00:00Z',
  rankListOpens: '2027-02-01T17:00:00Z',
  rankListDeadline: '2027-03-04T02:00:00Z',
  matchWeekStarts: '2027-03-15T15:00:00Z',
  matchDay: '2027-03-19T16:00:00Z',
  ...overrides,
});

describe('the season’s dates', () => {
  it('load from the data file, every season in order', () => {
    expect(SEASONS.map((s) => s.match)).toContain(2027);
    expect(loadSeasons({ seasons: [season()] })[0]?.provisional).toBe(false);
  });

  it('refuse a date that is no date, or dates out of order, saying where', () => {
    expect(() => loadSeasons({ seasons: [season({ matchDay: 'soon' })] })).toThrow(
      /seasons\.0\.matchDay: an ISO-8601 UTC time/,
    );
    expect(() => loadSeasons({ seasons: [season({ matchDay: '2027-03-01T16:00:00Z' })] })).toThrow(
      /the 2027 Match's dates are out of order/,
    );
  });

  it('are quiet from the rank list deadline to the day after Match Day, and only then', () => {
    const seasons = loadSeasons({ seasons: [season()] });
    expect(quietPeriodAt('2027-03-03T20:00:00Z', seasons)).toBeUndefined();
    expect(quietPeriodAt('2027-03-04T02:00:00Z', seasons)?.until).toBe('2027-03-20T16:00:00.000Z');
    expect(quietPeriodAt('2027-03-17T12:00:00Z', seasons)?.season.match).toBe(2027);
    expect(quietPeriodAt('2027-03-20T16:00:00Z', seasons)).toBeUndefined();
  });

  it('count a program’s people by program or role, never a mentor or sponsor', () => {
    expect(isProgramPerson({ role: 'Program Director', tier: null })).toBe(true);
    expect(isProgramPerson({ role: 'APD', tier: 'working' })).toBe(true);
    expect(isProgramPerson({ role: 'residency coordinator', tier: null })).toBe(true);
    expect(isProgramPerson({ role: 'core faculty', tier: null, programId: 'p-1' })).toBe(true);
    expect(isProgramPerson({ role: 'program director', tier: 'mentor' })).toBe(false);
    expect(isProgramPerson({ role: 'research mentor / PI', tier: null })).toBe(false);
  });
});

describe('Match Week: a program may be answered only when it wrote first', () => {
  const seasons = loadSeasons({ seasons: [season()] });
  const pd = (lastHeardFromAt?: string) => ({
    role: 'program director',
    tier: null,
    ...(lastHeardFromAt ? { lastHeardFromAt } : {}),
  });
  const inMatchWeek = '2027-03-17T12:00:00Z';

  it('holds a thank-you to a program that has not written this week', () => {
    expect(seasonHold({ kind: 'thank_you' }, pd(), inMatchWeek, seasons)?.until).toBe(
      '2027-03-20T16:00:00.000Z',
    );
    expect(seasonHold({ kind: 'thank_you' }, pd('2027-03-10T12:00:00Z'), inMatchWeek, seasons)).toBeDefined();
  });

  it('lets a thank-you go to one that wrote this week, and nothing that asks', () => {
    const wrote = pd('2027-03-15T16:00:00Z');
    expect(seasonHold({ kind: 'thank_you' }, wrote, inMatchWeek, seasons)).toBeUndefined();
    expect(seasonHold({ kind: 'no_reply_nudge' }, wrote, inMatchWeek, seasons)?.end).toBe(true);
    expect(seasonHold({ kind: 'keep_in_touch' }, wrote, inMatchWeek, seasons)).toBeDefined();
  });

  it('before Match Week, the quiet period holds even a thank-you to one that wrote', () => {
    expect(
      seasonHold({ kind: 'thank_you' }, pd('2027-03-08T16:00:00Z'), '2027-03-09T12:00:00Z', seasons),
    ).toBeDefined();
  });
});

describe('the morning run in the quiet period', () => {
  let deps: Awaited<ReturnType<typeof testDeps>>;
  let user: User;
  beforeAll(async () => {
    deps = await testDeps('2027-02-01T12:00:00Z');
    ({ user } = await addUser({ email: 'amira@example.org', timezone: 'America/Chicago' }, deps));
    const person = (id: string, role: string, tier: Contact['tier']): Contact => ({
      contactId: id,
      email: `${id}@program.example.edu`,
      emails: [`${id}@program.example.edu`],
      name: `Dr. ${id}`,
      institution: 'County General',
      role,
      tier,
      status: 'active',
      firstContactAt: '2026-11-02T15:00:00.000Z',
      lastContactAt: '2027-02-20T15:00:00.000Z',
      createdAt: '2026-11-02T15:00:00.000Z',
    });
    const reminder = (id: string, contactId: string, kind: Reminder['kind'], dueAt: string): Reminder => ({
      reminderId: id,
      userId: user.userId,
      kind,
      contactId,
      contactEmail: `${contactId}@program.example.edu`,
      dueAt,
      state: 'pending',
      createdAt: '2027-02-20T15:00:00.000Z',
    });
    for (const c of [
      person('pd', 'program director', null),
      person('coordinator', 'program coordinator', 'working'),
      person('mentor', 'program director', 'mentor'),
    ])
      await deps.store.contacts.put(user.userId, c);
    await deps.store.reminders.create(
      reminder('r-nudge-pd', 'pd', 'no_reply_nudge', '2027-03-08T15:00:00.000Z'),
    );
    await deps.store.reminders.create(
      reminder('r-kit-coordinator', 'coordinator', 'keep_in_touch', '2027-03-10T15:00:00.000Z'),
    );
    await deps.store.reminders.create(
      reminder('r-kit-mentor', 'mentor', 'keep_in_touch', '2027-03-10T15:00:00.000Z'),
    );
  });

  it('sends the mentor’s reminder, ends the nudge to a program director, holds the coordinator’s to after Match Day', async () => {
    deps.clock.set('2027-03-10T15:30:00Z');
    const sent = await dispatchDueReminders(
      { userId: user.userId, asOf: new Date('2027-03-10T15:30:00Z') },
      deps,
    );

    expect(sent.flatMap((m) => m.reminderIds)).toEqual(['r-kit-mentor']);
    expect((await deps.store.reminders.get(user.userId, 'r-nudge-pd'))?.state).toBe('cancelled');
    const held = await deps.store.reminders.get(user.userId, 'r-kit-coordinator');
    expect(held).toMatchObject({ state: 'pending', dueAt: '2027-03-20T16:00:00.000Z' });

    deps.clock.set('2027-03-19T15:30:00Z');
    const matchWeek = await dispatchDueReminders(
      { userId: user.userId, asOf: new Date('2027-03-19T15:30:00Z') },
      deps,
    );
    expect(matchWeek).toEqual([]);
    deps.clock.set('2027-03-21T13:30:00Z');
    const after = await dispatchDueReminders(
      { userId: user.userId, asOf: new Date('2027-03-21T13:30:00Z') },
      deps,
    );
    expect(after.flatMap((m) => m.reminderIds)).toEqual(['r-kit-coordinator']);
  });
});

// The playbook's table, rule by rule, without I/O (DOMAIN.md).
import { describe, expect, it } from 'vitest';
import {
  dormantAfter,
  isAnsweredByOutboundEmail,
  isPastCadence,
  keepInTouchDue,
  planSends,
  readCaptureTags,
  reminderForLetter,
  remindersAfterOutboundEmail,
  remindersBeforeConference,
  remindersForMeeting,
  remindersForRotation,
} from '#shared/domain/playbook';
import {
  parseSettingAssignments,
  resolveSettings,
  DEFAULT_SETTINGS as settings,
} from '#shared/domain/settings';

const noTags = readCaptureTags([]);
const outreach = (unanswered: number, tags = noTags, at = '2026-11-02T15:15:00.000Z') =>
  remindersAfterOutboundEmail(
    { occurredAt: at, directRecipients: [{ email: 'pd@x.edu', unanswered }], tags },
    settings,
  );

describe('after an outreach email', () => {
  it('nudges once exactly 14 days later', () => {
    expect(outreach(1)).toEqual([
      { kind: 'no_reply_nudge', contactEmail: 'pd@x.edu', dueAt: '2026-11-16T15:15:00.000Z' },
    ]);
  });

  it('nudges after the first nudge too, then stops: two nudges at most', () => {
    expect(outreach(2)).toHaveLength(1);
    expect(outreach(3)).toEqual([]);
  });

  it('marks the contact dormant 14 days after the last unanswered nudge', () => {
    expect(dormantAfter(2, '2026-11-16T15:15:00.000Z', settings)).toBeUndefined();
    expect(dormantAfter(3, '2026-11-30T15:15:00.000Z', settings)).toBe('2026-12-14T15:15:00.000Z');
  });

  it('follows the address tags: +3d, +none, +conf, +thanks', () => {
    expect(outreach(1, readCaptureTags(['3d']))[0]?.dueAt).toBe('2026-11-05T15:15:00.000Z');
    expect(outreach(1, readCaptureTags(['1m']))[0]?.dueAt).toBe('2026-12-02T15:15:00.000Z');
    expect(outreach(1, readCaptureTags(['none']))).toEqual([]);
    expect(outreach(1, readCaptureTags(['conf'])).map((d) => [d.kind, d.dueAt])).toEqual([
      ['conference_follow_up', '2026-11-05T15:15:00.000Z'],
      ['no_reply_nudge', '2026-11-16T15:15:00.000Z'],
    ]);
    expect(outreach(1, readCaptureTags(['thanks']))).toEqual([]);
  });

  it('does not chase a group email to more than five people', () => {
    const six = Array.from({ length: 6 }, (_, i) => ({ email: `p${i}@x.edu`, unanswered: 1 }));
    expect(
      remindersAfterOutboundEmail(
        { occurredAt: '2026-11-02T15:15:00.000Z', directRecipients: six, tags: noTags },
        settings,
      ),
    ).toEqual([]);
  });

  it('counts across a leap day', () => {
    expect(outreach(1, noTags, '2028-02-20T12:00:00.000Z')[0]?.dueAt).toBe('2028-03-05T12:00:00.000Z');
  });
});

describe('meetings', () => {
  const meeting = {
    start: '2026-12-03T15:00:00.000Z',
    end: '2026-12-03T15:30:00.000Z',
    contacts: ['pd@x.edu'],
    organizerEmail: 'pd@x.edu',
    userIsOrganizer: false,
  };

  it('prepare the day before, thank the day after', () => {
    expect(remindersForMeeting(meeting, settings, '2026-11-20T12:00:00.000Z')).toEqual([
      { kind: 'meeting_prep', contactEmail: 'pd@x.edu', dueAt: '2026-12-02T15:00:00.000Z' },
      { kind: 'thank_you', contactEmail: 'pd@x.edu', dueAt: '2026-12-04T15:30:00.000Z' },
    ]);
  });

  it('a meeting already past gets no preparation, and a long-past one no thank-you', () => {
    expect(remindersForMeeting(meeting, settings, '2026-12-04T00:00:00.000Z').map((d) => d.kind)).toEqual([
      'thank_you',
    ]);
    expect(remindersForMeeting(meeting, settings, '2027-01-20T00:00:00.000Z')).toEqual([]);
  });

  it('a large meeting thanks the organizer only', () => {
    const big = { ...meeting, contacts: ['pd@x.edu', 'a@x.edu', 'b@x.edu', 'c@x.edu'] };
    expect(
      remindersForMeeting(big, settings, '2026-11-20T12:00:00.000Z').filter((d) => d.kind === 'thank_you'),
    ).toHaveLength(1);
  });
});

describe('keep in touch by tier', () => {
  it.each([
    ['sponsor', '2027-01-01T12:00:00.000Z'],
    ['mentor', '2027-01-31T12:00:00.000Z'],
    ['working', '2027-03-02T12:00:00.000Z'],
    ['peer', '2027-03-02T12:00:00.000Z'],
    ['weak_tie', '2027-05-01T12:00:00.000Z'],
  ] as const)('%s: due %s after a last contact on 2 Nov 2026', (tier, due) => {
    expect(keepInTouchDue('2026-11-02T12:00:00.000Z', tier, settings)).toBe(due);
  });

  it('has no cadence without a tier, and knows when one has passed', () => {
    expect(keepInTouchDue('2026-11-02T12:00:00.000Z', null, settings)).toBeUndefined();
    expect(isPastCadence('2026-11-02T12:00:00.000Z', 'mentor', settings, '2027-01-31T11:59:59.000Z')).toBe(
      false,
    );
    expect(isPastCadence('2026-11-02T12:00:00.000Z', 'mentor', settings, '2027-01-31T12:00:00.000Z')).toBe(
      true,
    );
  });
});

describe('conferences, rotations, letters', () => {
  const now = '2026-11-20T12:00:00.000Z';
  it('writes to the people you hope to meet 3 weeks before a conference, never in the past', () => {
    expect(
      remindersBeforeConference({ start: '2027-02-26T06:00:00.000Z', targets: ['a@x.edu'] }, settings, now),
    ).toEqual([{ kind: 'pre_conference', contactEmail: 'a@x.edu', dueAt: '2027-02-05T06:00:00.000Z' }]);
    expect(
      remindersBeforeConference({ start: '2026-11-30T06:00:00.000Z', targets: ['a@x.edu'] }, settings, now)[0]
        ?.dueAt,
    ).toBe(now);
    expect(
      remindersBeforeConference({ start: '2026-11-01T06:00:00.000Z', targets: ['a@x.edu'] }, settings, now),
    ).toEqual([]);
  });

  it('asks for feedback 5 days before a rotation ends and thanks the day after', () => {
    expect(
      remindersForRotation({ end: '2026-12-31T06:00:00.000Z', attendings: ['att@x.edu'] }, settings, now),
    ).toEqual([
      { kind: 'rotation_end', contactEmail: 'att@x.edu', dueAt: '2026-12-26T06:00:00.000Z' },
      { kind: 'thank_you', contactEmail: 'att@x.edu', dueAt: '2027-01-01T06:00:00.000Z' },
    ]);
  });

  it('checks a letter on its date', () => {
    expect(reminderForLetter({ from: 'pd@x.edu', dueAt: '2026-12-15T06:00:00.000Z' })).toEqual({
      kind: 'letter_check',
      contactEmail: 'pd@x.edu',
      dueAt: '2026-12-15T06:00:00.000Z',
    });
  });
});

describe('an email answers the reminders that asked for it', () => {
  it('a nudge about an earlier email, not about this one', () => {
    const nudge = {
      kind: 'no_reply_nudge' as const,
      dueAt: '2026-11-16T00:00:00.000Z',
      about: { occurredAt: '2026-11-02T00:00:00.000Z' },
    };
    expect(isAnsweredByOutboundEmail(nudge, '2026-11-10T00:00:00.000Z', settings)).toBe(true);
    expect(isAnsweredByOutboundEmail(nudge, '2026-11-02T00:00:00.000Z', settings)).toBe(false);
  });

  it('a rotation-end ask only by an email close to it', () => {
    const ask = {
      kind: 'rotation_end' as const,
      dueAt: '2026-12-26T06:00:00.000Z',
      about: { occurredAt: '2026-11-20T00:00:00.000Z' },
    };
    expect(isAnsweredByOutboundEmail(ask, '2026-11-25T00:00:00.000Z', settings)).toBe(false);
    expect(isAnsweredByOutboundEmail(ask, '2026-12-20T00:00:00.000Z', settings)).toBe(true);
  });

  it('never meeting preparation or a letter check', () => {
    expect(
      isAnsweredByOutboundEmail(
        { kind: 'meeting_prep', dueAt: '2026-12-02T00:00:00.000Z' },
        '2026-12-10T00:00:00.000Z',
        settings,
      ),
    ).toBe(false);
  });
});

describe('planSends: never pester', () => {
  const now = '2026-11-20T13:30:00.000Z';
  const r = (
    reminderId: string,
    kind: Parameters<typeof planSends>[0][number]['kind'],
    contactId = 'c1',
    state?: string,
  ) => ({
    reminderId,
    kind,
    contactId,
    dueAt: '2026-11-20T00:00:00.000Z',
    ...(state ? { state } : {}),
  });

  it('sends the most urgent of two reminders to one contact and holds the other 10 days', () => {
    const plan = planSends(
      [r('nudge', 'no_reply_nudge'), r('thanks', 'thank_you')],
      () => undefined,
      settings,
      now,
    );
    expect(plan.send.map((x) => x.reminderId)).toEqual(['thanks']);
    expect(plan.defer).toEqual([{ ...r('nudge', 'no_reply_nudge'), until: '2026-11-30T13:30:00.000Z' }]);
  });

  it('holds a reminder until exactly 10 days after the last one to that contact', () => {
    const last = () => '2026-11-10T13:30:00.001Z';
    expect(planSends([r('a', 'keep_in_touch')], last, settings, now).defer[0]?.until).toBe(
      '2026-11-20T13:30:00.001Z',
    );
    expect(
      planSends([r('a', 'keep_in_touch')], () => '2026-11-10T13:30:00.000Z', settings, now).send,
    ).toHaveLength(1);
  });

  it('never holds back preparation, a letter check, or what the user snoozed', () => {
    const last = () => '2026-11-19T00:00:00.000Z';
    const plan = planSends(
      [r('p', 'meeting_prep'), r('l', 'letter_check'), r('s', 'no_reply_nudge', 'c1', 'snoozed')],
      last,
      settings,
      now,
    );
    expect(plan.send.map((x) => x.reminderId).sort()).toEqual(['l', 'p', 's']);
  });

  it('spaces each contact on its own', () => {
    const plan = planSends(
      [r('a', 'no_reply_nudge', 'c1'), r('b', 'no_reply_nudge', 'c2')],
      () => undefined,
      settings,
      now,
    );
    expect(plan.send).toHaveLength(2);
  });
});

describe('settings', () => {
  it('are the defaults unless the user changed one, and keep only the changes', () => {
    expect(resolveSettings({ nudgeAfterDays: 10 }).nudgeAfterDays).toBe(10);
    expect(resolveSettings(undefined).cadenceMentor).toBe(90);
    expect(parseSettingAssignments(['nudgeAfterDays=10', 'digestDay=sun', 'morningAt=07:30'])).toEqual({
      nudgeAfterDays: 10,
      digestDay: 'sun',
    });
  });

  it('refuse an unknown key or a bad value with its name', () => {
    expect(() => parseSettingAssignments(['nudgeDays=3'])).toThrow(/unknown setting "nudgeDays"/);
    expect(() => parseSettingAssignments(['morningAt=25:00'])).toThrow(
      'setting morningAt: a time such as 07:30',
    );
    expect(() => parseSettingAssignments(['nudgeAfterDays=90'])).toThrow(
      'setting nudgeAfterDays: a whole number of days from 1 to 60',
    );
    expect(() => parseSettingAssignments(['nudgeAfterDays=ten'])).toThrow(/from 1 to 60/);
    expect(() => parseSettingAssignments(['digestDay=someday'])).toThrow(
      'setting digestDay: one of sun, mon,',
    );
  });
});

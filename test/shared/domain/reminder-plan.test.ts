// The reminder lifecycle planned without I/O: what each event does to a contact's reminders.
import { describe, expect, it } from 'vitest';
import type { Contact, Reminder } from '#shared/domain/model';
import { readCaptureTags } from '#shared/domain/playbook';
import {
  planContactReplied,
  planDone,
  planKeepInTouch,
  planMeeting,
  planMorningRun,
  planUserWrote,
} from '#shared/domain/reminder-events';
import { ReminderPlanner } from '#shared/domain/reminder-plan';
import { DEFAULT_SETTINGS } from '#shared/domain/settings';

const NOW = '2026-11-20T12:00:00.000Z';
const settings = DEFAULT_SETTINGS;

const lopez: Contact = {
  contactId: 'c-lopez',
  email: 'mlopez@stmarys.example',
  emails: ['mlopez@stmarys.example'],
  name: 'Dr. Maria Lopez',
  institution: null,
  role: null,
  tier: 'mentor',
  status: 'active',
  firstContactAt: '2026-11-02T15:15:00.000Z',
  lastContactAt: '2026-11-20T12:00:00.000Z',
  createdAt: '2026-11-02T15:15:00.000Z',
};

const reminder = (id: string, overrides: Partial<Reminder> = {}): Reminder => ({
  reminderId: id,
  userId: 'u1',
  kind: 'no_reply_nudge',
  contactId: 'c-lopez',
  contactEmail: 'mlopez@stmarys.example',
  dueAt: '2026-11-16T15:15:00.000Z',
  state: 'sent',
  createdAt: '2026-11-02T15:15:00.000Z',
  about: { occurredAt: '2026-11-02T15:15:00.000Z', interactionId: 'i-outreach' },
  ...overrides,
});

const ops = (planner: ReminderPlanner) =>
  planner
    .plan()
    .changes.map((c) =>
      c.op === 'end'
        ? `end ${c.reminder.reminderId} ${c.state}`
        : c.op === 'move'
          ? `move ${c.reminder.reminderId} ${c.dueAt.slice(0, 10)} ${c.state}`
          : `create ${c.reminder.kind} ${c.reminder.dueAt.slice(0, 10)}`,
    );

describe('planUserWrote', () => {
  it('answers the nudge it follows, asks for the next one and starts the cadence again', () => {
    const planner = new ReminderPlanner('u1', NOW, [reminder('r-nudge')]);

    planUserWrote(
      planner,
      {
        messageId: '<nudge@x>',
        interactionId: 'i-nudge',
        occurredAt: NOW,
        contacts: [lopez],
        direct: [{ contact: lopez, unanswered: 2 }],
        tags: readCaptureTags([]),
      },
      settings,
    );

    expect(ops(planner)).toEqual([
      'end r-nudge resolved',
      'create no_reply_nudge 2026-12-04',
      'create keep_in_touch 2027-02-18',
    ]);
    expect(planner.plan().dormant).toEqual([]);
  });

  it('after the last nudge asks for no more, and plans dormancy two weeks on', () => {
    const planner = new ReminderPlanner('u1', NOW);

    planUserWrote(
      planner,
      {
        messageId: '<last@x>',
        interactionId: 'i-last',
        occurredAt: NOW,
        contacts: [lopez],
        direct: [{ contact: lopez, unanswered: 3 }],
        tags: readCaptureTags([]),
      },
      settings,
    );

    expect(ops(planner)).toEqual(['create keep_in_touch 2027-02-18']);
    expect(planner.plan().dormant).toEqual([{ contactId: 'c-lopez', after: '2026-12-04T12:00:00.000Z' }]);
  });
});

describe('planContactReplied', () => {
  it('ends the nudges and moves the waiting cadence to a full cadence after the reply', () => {
    const planner = new ReminderPlanner('u1', NOW, [
      reminder('r-nudge'),
      reminder('r-kit', { kind: 'keep_in_touch', state: 'pending', dueAt: '2027-01-31T15:15:00.000Z' }),
    ]);

    planContactReplied(planner, { contact: lopez, repliedAt: NOW, by: 'reply <r@x>' }, settings);

    expect(ops(planner)).toEqual(['end r-nudge resolved', 'move r-kit 2027-02-18 pending']);
  });
});

describe('planKeepInTouch', () => {
  it('keeps exactly one waiting cadence reminder: a sent one is answered, a duplicate ended', () => {
    const planner = new ReminderPlanner('u1', NOW, [
      reminder('r-sent', { kind: 'keep_in_touch', state: 'sent', dueAt: '2026-11-01T00:00:00.000Z' }),
      reminder('r-wait', { kind: 'keep_in_touch', state: 'pending', dueAt: '2027-02-18T12:00:00.000Z' }),
      reminder('r-dup', { kind: 'keep_in_touch', state: 'pending', dueAt: '2027-03-01T00:00:00.000Z' }),
    ]);

    planKeepInTouch(planner, lopez, settings);

    expect(ops(planner)).toEqual(['end r-sent resolved', 'end r-dup resolved']);
  });

  it('asks nothing of a contact with no tier, or one the user stopped', () => {
    const planner = new ReminderPlanner('u1', NOW);

    planKeepInTouch(planner, { ...lopez, tier: null }, settings);
    planKeepInTouch(planner, { ...lopez, status: 'stopped' }, settings);

    expect(ops(planner)).toEqual([]);
  });
});

describe('planMeeting', () => {
  it('moves the reminders of a moved meeting and cancels the ones it no longer calls for', () => {
    const first = new ReminderPlanner('u1', NOW);
    const about = { occurredAt: '2026-11-25T16:00:00.000Z', interactionId: 'i-m' };
    const ids = planMeeting(first, {
      source: 'meeting:uid-1',
      drafts: [
        { kind: 'meeting_prep', contactEmail: lopez.email, dueAt: '2026-11-24T16:00:00.000Z' },
        { kind: 'thank_you', contactEmail: lopez.email, dueAt: '2026-11-26T17:00:00.000Z' },
      ],
      contacts: [lopez],
      about,
      previousIds: [],
    });
    const stored = first.plan().changes.map((c) => c.reminder);

    const update = new ReminderPlanner('u1', NOW, stored);
    planMeeting(update, {
      source: 'meeting:uid-1',
      drafts: [{ kind: 'thank_you', contactEmail: lopez.email, dueAt: '2026-11-27T17:00:00.000Z' }],
      contacts: [lopez],
      about,
      previousIds: ids,
    });

    expect(ops(update)).toEqual([`move ${ids[1]} 2026-11-27 pending`, `end ${ids[0]} cancelled`]);
  });
});

describe('planDone', () => {
  it('on a nudge counts the nudge as sent: the next nudge follows it', () => {
    const nudge = reminder('r-nudge');
    const planner = new ReminderPlanner('u1', NOW, [nudge]);

    planDone(
      planner,
      {
        reminder: nudge,
        contact: lopez,
        unanswered: 2,
        messageId: '<done@x>',
        occurredAt: NOW,
        noFollowUpTags: readCaptureTags([]),
      },
      settings,
    );

    expect(ops(planner)).toEqual([
      'end r-nudge done',
      'create no_reply_nudge 2026-12-04',
      'create keep_in_touch 2027-02-18',
    ]);
  });
});

describe('planMorningRun', () => {
  it('cancels reminders about stopped contacts and holds a second one to the same person', () => {
    const due = [
      reminder('r-thanks', { kind: 'thank_you', state: 'pending', dueAt: '2026-11-20T11:00:00.000Z' }),
      reminder('r-nudge', { state: 'pending', dueAt: '2026-11-20T10:00:00.000Z' }),
      reminder('r-stopped', { contactId: 'c-gone', state: 'pending', dueAt: '2026-11-20T10:00:00.000Z' }),
    ];
    const planner = new ReminderPlanner('u1', NOW, due);

    const send = planMorningRun(
      planner,
      due,
      new Map<string, Contact | undefined>([
        ['c-lopez', lopez],
        ['c-gone', { ...lopez, contactId: 'c-gone', status: 'stopped' }],
      ]),
      settings,
      NOW,
    );

    expect(send.map((r) => r.reminderId)).toEqual(['r-thanks']);
    expect(ops(planner)).toEqual(['end r-stopped cancelled', 'move r-nudge 2026-11-30 pending']);
  });
});

describe('a plan made again after it was applied', () => {
  it('changes nothing the first plan already did', () => {
    const planner = new ReminderPlanner('u1', NOW, [reminder('r-nudge')]);
    const event = {
      messageId: '<nudge@x>',
      interactionId: 'i-nudge',
      occurredAt: NOW,
      contacts: [lopez],
      direct: [{ contact: lopez, unanswered: 2 }],
      tags: readCaptureTags([]),
    };
    planUserWrote(planner, event, settings);
    const applied = planner
      .plan()
      .changes.map((c) => (c.op === 'end' ? { ...c.reminder, state: c.state } : c.reminder));

    const again = new ReminderPlanner('u1', NOW, applied);
    planUserWrote(again, event, settings);

    // Only the re-creation of the same nudge (a conditional write that finds it there).
    expect(ops(again)).toEqual(['create no_reply_nudge 2026-12-04']);
  });
});

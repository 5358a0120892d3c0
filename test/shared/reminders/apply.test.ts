// Applying a plan on DynamoDB Local: in order, each change conditional, so a plan applied twice
// (a re-run after a crash) leaves the same state as once and reports only what took effect.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Reminder } from '#shared/domain/model';
import { ReminderPlanner } from '#shared/domain/reminder-plan';
import { applyReminderPlan } from '#shared/reminders/apply';
import type { Store } from '#shared/store/index';
import { freshStore } from '../../support/local.ts';

let store: Store;
beforeAll(async () => {
  store = await freshStore();
});

const NOW = '2026-11-20T12:00:00.000Z';
const lopez = { contactId: 'c-lopez', email: 'mlopez@stmarys.example', name: 'Dr. Maria Lopez' };
const about = { occurredAt: '2026-11-02T15:15:00.000Z', interactionId: 'i-outreach' };

describe('applyReminderPlan', () => {
  it('applies creates, ends and moves; a second time leaves the same state and resolves nothing again', async () => {
    const setup = new ReminderPlanner('u1', NOW);
    const old = setup.create(
      lopez,
      { kind: 'no_reply_nudge', dueAt: '2026-11-16T15:15:00.000Z' },
      about,
      'i-1',
    );
    const kit = setup.create(
      lopez,
      { kind: 'keep_in_touch', dueAt: '2027-01-01T00:00:00.000Z' },
      about,
      'c-1',
    );
    await applyReminderPlan(setup.plan(), { store });

    const planner = new ReminderPlanner('u1', NOW, [old, kit]);
    planner.end(old, 'resolved', 'reply <r@x>', 'resolved');
    planner.move(kit, '2027-02-18T12:00:00.000Z', 'pending');
    planner.create(lopez, { kind: 'thank_you', dueAt: '2026-11-21T12:00:00.000Z' }, about, 'meeting:1');
    planner.goDormant('c-lopez', '2026-12-04T12:00:00.000Z');
    await store.contacts.create('u1', {
      ...lopez,
      emails: [lopez.email],
      institution: null,
      role: null,
      tier: null,
      status: 'active',
      firstContactAt: NOW,
      lastContactAt: NOW,
      createdAt: NOW,
    });
    const plan = planner.plan();

    const first = await applyReminderPlan(plan, { store });
    const second = await applyReminderPlan(plan, { store });

    expect(first.resolved.map((r) => r.id)).toEqual([old.reminderId]);
    expect(first.created.map((r) => r.kind)).toEqual(['thank_you']);
    expect(second.resolved).toEqual([]);
    expect(second.tookEffect).toEqual([false, true, true]);
    const states = (await store.reminders.ofContact('u1', 'c-lopez')).map((r: Reminder) => [
      r.kind,
      r.state,
      r.dueAt,
    ]);
    expect(states).toEqual([
      ['no_reply_nudge', 'resolved', '2026-11-16T15:15:00.000Z'],
      ['thank_you', 'pending', '2026-11-21T12:00:00.000Z'],
      ['keep_in_touch', 'pending', '2027-02-18T12:00:00.000Z'],
    ]);
    expect((await store.contacts.get('u1', 'c-lopez'))?.dormantAfter).toBe('2026-12-04T12:00:00.000Z');
  });
});

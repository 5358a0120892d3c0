// The smaller repositories on DynamoDB Local: interactions and their timelines, messages
// seen and sent, meetings, milestones, digests and the local schedule group.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Interaction } from '#shared/domain/model';
import type { Store } from '#shared/store/index';
import { freshStore } from '../../support/local.ts';

let store: Store;
beforeAll(async () => {
  store = await freshStore();
});

const email = (id: string, occurredAt: string, contactIds: string[]): Interaction => ({
  interactionId: id,
  kind: 'email',
  direction: 'outbound',
  occurredAt,
  subject: 'Research opportunities in PM&R',
  contacts: contactIds.map((c) => ({ email: `${c}@uni.example` })),
  contactIds,
});

describe('interactions repository', () => {
  it('puts an interaction on each contact’s timeline, newest first, and in the week’s activity', async () => {
    await store.interactions.put('u1', email('i-1', '2026-11-02T15:15:00.000Z', ['c-a', 'c-b']));
    await store.interactions.put('u1', email('i-2', '2026-11-09T15:15:00.000Z', ['c-a']));
    await store.interactions.put('u1', email('i-2', '2026-11-09T15:15:00.000Z', ['c-a']));

    expect((await store.interactions.timeline('u1', 'c-a')).map((i) => i.interactionId)).toEqual([
      'i-2',
      'i-1',
    ]);
    expect((await store.interactions.timeline('u1', 'c-b')).map((i) => i.interactionId)).toEqual(['i-1']);
    const week = await store.interactions.activityBetween(
      'u1',
      '2026-11-08T00:00:00.000Z',
      '2026-11-15T00:00:00.000Z',
    );
    expect(week.map((a) => a.interactionId)).toEqual(['i-2']);
  });

  it('removes an interaction from every timeline it was on', async () => {
    const first = (await store.interactions.get('u1', 'i-1'))!;

    await store.interactions.delete('u1', first);

    expect(await store.interactions.get('u1', 'i-1')).toBeUndefined();
    expect((await store.interactions.timeline('u1', 'c-b')).map((i) => i.interactionId)).toEqual([]);
  });
});

describe('messages repository', () => {
  it('marks a message seen once: the second mark says it was already there', async () => {
    expect(await store.messages.hasSeen('u1', '<m@x>')).toBe(false);
    expect(await store.messages.markSeen('u1', '<m@x>', { outcome: 'logged' })).toBe(true);
    expect(await store.messages.markSeen('u1', '<m@x>', { outcome: 'logged' })).toBe(false);
    expect(await store.messages.hasSeen('u1', '<m@x>')).toBe(true);
    expect(await store.messages.hasSeen('u2', '<m@x>')).toBe(false);
  });
});

describe('digests repository', () => {
  it('lets a week be claimed once, and claimed again after it is given back', async () => {
    const record = {
      week: '2026w47',
      state: 'sending' as const,
      items: [],
      claimedAt: '2026-11-16T13:00:00.000Z',
    };

    expect(await store.digests.claim('u1', record)).toBe(true);
    expect(await store.digests.claim('u1', record)).toBe(false);
    await store.digests.release('u1', '2026w47');
    expect(await store.digests.claim('u1', record)).toBe(true);
  });
});

describe('meetings, milestones and schedules', () => {
  it('keep what was written, per user', async () => {
    await store.meetings.put('u1', 'h1', {
      uid: 'uid-1@google.com',
      sequence: 2,
      interactionId: 'i-m',
      occurredAt: '2026-11-10T16:00:00.000Z',
      contactIds: ['c-a'],
      reminderIds: ['r-1'],
      cancelled: false,
    });
    await store.milestones.put('u1', {
      itemId: 'ms-1',
      kind: 'letter',
      from: 'wchen@uni.example',
      dueAt: '2026-12-01T06:00:00.000Z',
      createdAt: '2026-11-01T12:00:00.000Z',
    });
    await store.schedules.put({
      name: 'rounds-u1-morning',
      userId: 'u1',
      job: 'morning',
      expression: 'cron(30 7 ? * * *)',
      timezone: 'America/Chicago',
    });

    expect((await store.meetings.get('u1', 'h1'))?.sequence).toBe(2);
    expect(await store.meetings.get('u2', 'h1')).toBeUndefined();
    expect((await store.milestones.list('u1')).map((m) => m.itemId)).toEqual(['ms-1']);
    expect(await store.milestones.list('u2')).toEqual([]);
    expect((await store.schedules.list()).map((s) => s.name)).toEqual(['rounds-u1-morning']);
    await store.schedules.delete('rounds-u1-morning');
    expect(await store.schedules.list()).toEqual([]);
  });
});

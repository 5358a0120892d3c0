// The reminders repository on DynamoDB Local: the index holds open reminders only (due ones by time), a
// contact's reminders are read through their links, and every state change is conditional,
// so racing runs change a reminder once.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Reminder } from '#shared/domain/model';
import type { Store } from '#shared/store/index';
import { freshStore, freshStoreAndTable, putUserAsOlderCodeDid } from '../../support/local.ts';

let store: Store;
beforeAll(async () => {
  store = await freshStore();
});

const reminder = (id: string, overrides: Partial<Reminder> = {}): Reminder => ({
  reminderId: id,
  userId: 'u1',
  kind: 'no_reply_nudge',
  contactId: 'c-lopez',
  contactEmail: 'mlopez@stmarys.example',
  dueAt: '2026-11-16T15:15:00.000Z',
  state: 'pending',
  createdAt: '2026-11-02T15:15:00.000Z',
  ...overrides,
});

describe('reminders repository', () => {
  it('finds what is due by a time with the due index, and nothing due later', async () => {
    await store.reminders.create(reminder('r-due'));
    await store.reminders.create(reminder('r-later', { dueAt: '2026-12-01T13:00:00.000Z' }));

    const due = await store.reminders.due('u1', '2026-11-16T15:15:00.000Z');

    expect(due.map((r) => r.reminderId)).toEqual(['r-due']);
  });

  it('writes a reminder once: creating it again changes nothing', async () => {
    await store.reminders.end('u1', 'r-due', 'done', '2026-11-17T00:00:00.000Z', 'reply');

    expect(await store.reminders.create(reminder('r-due'))).toBe(false);
    expect((await store.reminders.get('u1', 'r-due'))?.state).toBe('done');
    expect((await store.reminders.due('u1', '2026-11-30T00:00:00.000Z')).map((r) => r.reminderId)).toEqual(
      [],
    );
  });

  it('lets one of two racing runs claim a reminder for sending', async () => {
    await store.reminders.create(reminder('r-race', { dueAt: '2026-11-20T13:00:00.000Z' }));
    const waiting = (await store.reminders.get('u1', 'r-race'))!;

    const claims = await Promise.all([
      store.reminders.claimForSending(waiting, '2026-11-20T13:30:00.000Z'),
      store.reminders.claimForSending(waiting, '2026-11-20T13:30:01.000Z'),
    ]);

    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.reminders.get('u1', 'r-race')).toMatchObject({ state: 'sent', sendCount: 1 });
  });

  it('gives a claim back when the email could not be sent, due again as before', async () => {
    await store.reminders.create(reminder('r-unsent', { dueAt: '2026-11-21T13:00:00.000Z' }));
    const waiting = (await store.reminders.get('u1', 'r-unsent'))!;
    await store.reminders.claimForSending(waiting, '2026-11-21T13:30:00.000Z');

    await store.reminders.releaseClaim(waiting);

    expect(await store.reminders.get('u1', 'r-unsent')).toMatchObject({ state: 'pending', sendCount: 0 });
    expect((await store.reminders.due('u1', '2026-11-21T13:00:00.000Z')).map((r) => r.reminderId)).toContain(
      'r-unsent',
    );
  });

  it('snoozes and reschedules open reminders only', async () => {
    await store.reminders.create(reminder('r-snooze', { dueAt: '2026-11-22T13:00:00.000Z' }));

    expect(await store.reminders.snooze('u1', 'r-snooze', '2026-11-29T13:00:00.000Z')).toBe(true);
    expect(await store.reminders.get('u1', 'r-snooze')).toMatchObject({
      state: 'snoozed',
      dueAt: '2026-11-29T13:00:00.000Z',
    });
    await store.reminders.end('u1', 'r-snooze', 'skipped', '2026-11-23T00:00:00.000Z', 'reply');
    expect(await store.reminders.reschedule('u1', 'r-snooze', '2026-12-05T13:00:00.000Z')).toBe(false);
    expect(await store.reminders.end('u1', 'r-snooze', 'done', '2026-11-24T00:00:00.000Z', 'reply')).toBe(
      false,
    );
  });

  it('reads a contact’s reminders by due time, every state, and only theirs', async () => {
    await store.reminders.create(
      reminder('r-other', { contactId: 'c-chen', contactEmail: 'wchen@uni.example' }),
    );

    const lopez = await store.reminders.ofContact('u1', 'c-lopez');

    expect(lopez.map((r) => r.reminderId)).toEqual(['r-due', 'r-race', 'r-unsent', 'r-snooze', 'r-later']);
    expect(lopez.every((r) => r.contactId === 'c-lopez')).toBe(true);
  });

  it('moves a reminder to another contact on a merge, and the old contact no longer lists it', async () => {
    const moved = (await store.reminders.get('u1', 'r-other'))!;

    await store.reminders.put({ ...moved, contactId: 'c-lopez', contactEmail: 'mlopez@stmarys.example' });

    expect((await store.reminders.ofContact('u1', 'c-chen')).map((r) => r.reminderId)).toEqual([]);
    expect((await store.reminders.ofContact('u1', 'c-lopez')).map((r) => r.reminderId)).toContain('r-other');
  });
});

describe('the open reminders', () => {
  it('are the waiting and the sent ones, never a closed one, from the index alone', async () => {
    const { store } = await freshStoreAndTable();
    const user = { userId: 'u-open', sentIndexed: true };
    const of = (id: string, o: Partial<Reminder> = {}) => reminder(id, { userId: user.userId, ...o });
    await store.reminders.create(of('r-wait', { dueAt: '2026-11-30T13:00:00.000Z' }));
    await store.reminders.create(of('r-sent'));
    await store.reminders.create(of('r-done'));
    const sending = (await store.reminders.get(user.userId, 'r-sent'))!;
    await store.reminders.claimForSending(sending, '2026-11-16T15:20:00.000Z');
    await store.reminders.markSent(sending);
    await store.reminders.end(user.userId, 'r-done', 'done', '2026-11-17T00:00:00.000Z', 'reply');

    expect((await store.reminders.open(user)).map((r) => [r.reminderId, r.state])).toEqual([
      ['r-sent', 'sent'],
      ['r-wait', 'pending'],
    ]);
    // Sent is not due again, however late the run.
    expect(
      (await store.reminders.due(user.userId, '2027-12-01T00:00:00.000Z')).map((r) => r.reminderId),
    ).toEqual(['r-wait']);
  });

  it('include a reminder sent before the index held sent ones, for a user made then', async () => {
    const { store, table } = await freshStoreAndTable();
    await putUserAsOlderCodeDid(table, 'u-old', 'old@example.org');
    // As older code left a sent reminder: out of the index altogether.
    await table.put({
      pk: 'USER#u-old',
      sk: 'REM#r-old',
      type: 'reminder',
      ...reminder('r-old', { userId: 'u-old', state: 'sent', sentAt: '2026-11-16T15:20:00.000Z' }),
    });
    const user = (await store.users.get('u-old'))!;
    expect(user.sentIndexed).toBeUndefined();

    expect((await store.reminders.open(user)).map((r) => r.reminderId)).toEqual(['r-old']);
    const after = (await store.users.get('u-old'))!;
    expect(after.sentIndexed).toBe(true);
    expect((await store.reminders.open(after)).map((r) => r.reminderId)).toEqual(['r-old']);
  });
});

// The users repository on DynamoDB Local: a user, their capture token and their addresses are
// written all or none, and found by token or by any of their addresses.
import { beforeAll, describe, expect, it } from 'vitest';
import { AddressTakenError } from '#shared/domain/errors';
import type { User } from '#shared/domain/model';
import type { Store } from '#shared/store/index';
import { freshStore } from '../../support/local.ts';

let store: Store;
beforeAll(async () => {
  store = await freshStore();
});

const user = (overrides: Partial<User> = {}): User => ({
  userId: 'u-amira',
  email: 'amira@example.org',
  aliases: ['amira.h@hospital.example'],
  timezone: 'America/Chicago',
  captureToken: 'tok-amira',
  createdAt: '2026-11-01T12:00:00.000Z',
  ...overrides,
});

describe('users repository', () => {
  it('finds a user by capture token, by address and by alias, in any case', async () => {
    await store.users.create(user());

    expect((await store.users.findByToken('tok-amira'))?.userId).toBe('u-amira');
    expect((await store.users.findByAddress('AMIRA@example.org'))?.userId).toBe('u-amira');
    expect((await store.users.findByAddress('amira.h@hospital.example'))?.userId).toBe('u-amira');
    expect(await store.users.findByAddress('someone@else.org')).toBeUndefined();
    expect(await store.users.list()).toEqual([{ userId: 'u-amira', email: 'amira@example.org' }]);
  });

  it('refuses an address another user has, and writes nothing of the second user', async () => {
    const second = user({
      userId: 'u-other',
      email: 'other@example.org',
      aliases: ['amira@example.org'],
      captureToken: 'tok-other',
    });

    await expect(store.users.create(second)).rejects.toBeInstanceOf(AddressTakenError);

    expect(await store.users.get('u-other')).toBeUndefined();
    expect(await store.users.findByToken('tok-other')).toBeUndefined();
    expect(await store.users.findByAddress('other@example.org')).toBeUndefined();
  });

  it('changes only the fields given, and only for a user that exists', async () => {
    await store.users.update('u-amira', { timezone: 'Europe/London', mailPausedReason: 'unsubscribed' });

    expect(await store.users.get('u-amira')).toMatchObject({
      timezone: 'Europe/London',
      mailPausedReason: 'unsubscribed',
      email: 'amira@example.org',
    });
    await expect(store.users.update('u-nobody', { timezone: 'UTC' })).rejects.toThrow();
  });
});

// Users and the global look-ups that find them: capture token → user, own address → user,
// and the user directory (a small partition the CLI and schedule reconcile read).
import { AddressTakenError } from '../domain/errors.ts';
import type { User } from '../domain/model.ts';
import { type Key, keyPart, setFields, type Table, userPk } from './table.ts';

const DIRECTORY_PK = 'USERS';

export const userKeys = {
  profile: (userId: string): Key => ({ pk: userPk(userId), sk: 'PROFILE' }),
  directory: (userId: string): Key => ({ pk: DIRECTORY_PK, sk: `USER#${userId}` }),
  token: (token: string): Key => ({ pk: `TOKEN#${keyPart(token)}`, sk: 'TOKEN' }),
  address: (email: string): Key => ({ pk: `ADDR#${keyPart(email.toLowerCase())}`, sk: 'ADDR' }),
};

export type UserChanges = Partial<
  Pick<
    User,
    | 'mailPausedAt'
    | 'mailPausedReason'
    | 'timezone'
    | 'timezoneUnconfirmed'
    | 'name'
    | 'settings'
    | 'feedToken'
  >
>;

export function usersRepository(table: Table) {
  const get = (userId: string) => table.get<User>(userKeys.profile(userId));
  return {
    /** The user, their token, their addresses and their directory entry: all or nothing. */
    async create(user: User): Promise<void> {
      const addresses = [user.email, ...user.aliases];
      const rows: Record<string, unknown>[] = [
        // A new user's sent reminders are indexed from the start (reminders.open).
        { ...userKeys.profile(user.userId), type: 'user', ...user, sentIndexed: true, contactsIndexed: true },
        { ...userKeys.token(user.captureToken), type: 'token', userId: user.userId },
        { ...userKeys.directory(user.userId), type: 'directory', userId: user.userId, email: user.email },
        ...addresses.map((address) => ({
          ...userKeys.address(address),
          type: 'address',
          userId: user.userId,
          address,
        })),
      ];
      const written = await table.putAllNew(rows);
      if (!written.ok) {
        const row = rows[written.clash];
        if (row?.type === 'address') throw new AddressTakenError(String(row.address));
        throw new Error(`user ${user.userId} or its capture token already exists`);
      }
    },

    get,

    async update(userId: string, changes: UserChanges): Promise<void> {
      const update = setFields(userKeys.profile(userId), changes);
      if (update) await table.update(update);
    },

    /** Ends every session begun before now ("sign out everywhere"). */
    endSessions(userId: string): Promise<void> {
      return table.update({
        Key: userKeys.profile(userId),
        UpdateExpression: 'ADD sessionGeneration :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1 },
      });
    },

    /** Mail flows again: the pause (unsubscribed, bounced, complained) is lifted. */
    resumeMail(userId: string): Promise<void> {
      return table.update({
        Key: userKeys.profile(userId),
        UpdateExpression: 'REMOVE mailPausedAt, mailPausedReason',
        ConditionExpression: 'attribute_exists(pk)',
      });
    },

    /**
     * Makes an address one of the user's: its look-up first (conditionally, so an address is
     * never two users'), then the profile's list. Re-running after a crash finishes the job.
     */
    async addAlias(userId: string, address: string): Promise<'added' | 'taken'> {
      const claimed = await table.putNew({ ...userKeys.address(address), type: 'address', userId, address });
      if (!claimed) {
        const link = await table.get<{ userId: string }>(userKeys.address(address));
        if (link?.userId !== userId) return 'taken';
      }
      await table.updateIf({
        Key: userKeys.profile(userId),
        UpdateExpression: 'SET aliases = list_append(aliases, :one)',
        ConditionExpression: 'attribute_exists(pk) AND NOT contains(aliases, :address) AND email <> :address',
        ExpressionAttributeValues: { ':one': [address], ':address': address },
      });
      return 'added';
    },

    async findByToken(token: string): Promise<User | undefined> {
      const link = await table.get<{ userId: string }>(userKeys.token(token));
      return link ? get(link.userId) : undefined;
    },

    async findByAddress(email: string): Promise<User | undefined> {
      const link = await table.get<{ userId: string }>(userKeys.address(email));
      return link ? get(link.userId) : undefined;
    },

    /** The user directory: a Query on one small partition, used by the CLI and reconcile. */
    list(): Promise<{ userId: string; email: string }[]> {
      return table.query({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': DIRECTORY_PK },
      });
    },
  };
}

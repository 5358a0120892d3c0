// Sign-in: single-use login links and browser sessions. Only a SHA-256 of each secret is a
// key, so a leaked table (or a log of keys) signs nobody in. (`expiresAt` is the table's TTL
// attribute, in epoch seconds; the ISO end of validity is `validUntil`.)
import { countUp, expiresInDays, type Key, keyPart, TABLE_SCHEMA, type Table } from './table.ts';

export type LoginLink = {
  userId: string;
  sentTo: string;
  validUntil: string;
  next?: string;
  /** A link that proves the user reads this address (users/addresses.ts), not a sign-in. */
  addAddress?: string;
};
export type Session = {
  userId: string;
  /** The user's sessionGeneration when this session began; "sign out everywhere" bumps it. */
  generation: number;
  createdAt: string;
  validUntil: string;
};

export const sessionKeys = {
  login: (hash: string): Key => ({ pk: `LOGIN#${keyPart(hash)}`, sk: 'LOGIN' }),
  session: (hash: string): Key => ({ pk: `SESSION#${keyPart(hash)}`, sk: 'SESSION' }),
  /** Sign-in emails asked for, per user and hour: a form must not become a mail cannon. */
  requests: (userId: string, hour: string): Key => ({ pk: `SIGNIN#${userId}`, sk: hour }),
};

export function sessionsRepository(table: Table) {
  return {
    async addLogin(hash: string, link: LoginLink): Promise<void> {
      await table.put({
        ...sessionKeys.login(hash),
        type: 'login',
        ...link,
        [TABLE_SCHEMA.ttlAttribute]: expiresInDays(1),
      });
    },

    /** A login link, if it is unused and unexpired (read only: GET shows a button). */
    async peekLogin(hash: string, now: string): Promise<LoginLink | undefined> {
      const row = await table.get<LoginLink & { usedAt?: string }>(sessionKeys.login(hash));
      return row && !row.usedAt && row.validUntil > now ? row : undefined;
    },

    /** Uses a login link up: one conditional write, so two clicks make one session at most. */
    async consumeLogin(hash: string, now: string): Promise<LoginLink | undefined> {
      return table.updateReturning<LoginLink>({
        Key: sessionKeys.login(hash),
        UpdateExpression: 'SET usedAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt) AND validUntil > :now',
        ExpressionAttributeValues: { ':now': now },
      });
    },

    /** Counts one sign-in email for the hour; the count after it. */
    countRequest: (userId: string, hour: string): Promise<number> =>
      countUp(table, sessionKeys.requests(userId, hour), 1),

    async addSession(hash: string, session: Session, days: number): Promise<void> {
      await table.put({
        ...sessionKeys.session(hash),
        type: 'session',
        ...session,
        [TABLE_SCHEMA.ttlAttribute]: expiresInDays(days),
      });
    },

    getSession: (hash: string) => table.get<Session>(sessionKeys.session(hash)),

    removeSession: (hash: string) => table.delete(sessionKeys.session(hash)),
  };
}

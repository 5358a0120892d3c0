// Digests: one record per user and ISO week, claimed before sending (at most one a week) and
// holding the numbered items a reply to it acts on.
import type { DigestRecord } from '../domain/model.ts';
import { type Key, type Table, userPk } from './table.ts';

export const digestKeys = {
  digest: (userId: string, week: string): Key => ({ pk: userPk(userId), sk: `DIGEST#${week}` }),
};

export function digestsRepository(table: Table) {
  const row = (userId: string, record: DigestRecord) => ({
    ...digestKeys.digest(userId, record.week),
    type: 'digest',
    ...record,
  });
  return {
    /** Claims the week's digest; false if it was already sent (or is being sent) this week. */
    claim: (userId: string, record: DigestRecord): Promise<boolean> => table.putNew(row(userId, record)),
    get: (userId: string, week: string): Promise<DigestRecord | undefined> =>
      table.get(digestKeys.digest(userId, week)),
    put: (userId: string, record: DigestRecord): Promise<void> => table.put(row(userId, record)),
    /** Gives the week back when its digest could not be sent, so the next run tries again. */
    release: (userId: string, week: string): Promise<void> => table.delete(digestKeys.digest(userId, week)),
  };
}

// Digests: one record per user and ISO week, claimed before sending (at most one a week) and
// holding the numbered items a reply to it acts on.
import type { DigestRecord } from '../domain/model.ts';
import { type Key, SEND_LEASE_MS, type Table, userPk } from './table.ts';

export const digestKeys = {
  digest: (userId: string, week: string): Key => ({ pk: userPk(userId), sk: `DIGEST#${week}` }),
};

export function digestsRepository(table: Table) {
  const row = (userId: string, record: DigestRecord) => ({
    ...digestKeys.digest(userId, record.week),
    type: 'digest',
    ...record,
  });
  /** A claim to send whose run died before the email: past its lease, the week is free again. */
  const lapsed = (record: DigestRecord, now: string) =>
    record.state === 'sending' && Date.parse(record.claimedAt) + SEND_LEASE_MS < Date.parse(now);
  return {
    /**
     * Claims the week's digest; false if it was already sent, skipped, or is being sent this
     * week (a claim whose run died is taken over once its lease lapses).
     */
    async claim(userId: string, record: DigestRecord): Promise<boolean> {
      const { pk: _pk, sk: _sk, ...fields } = row(userId, record);
      const names = Object.keys(fields);
      return table.updateIf({
        Key: digestKeys.digest(userId, record.week),
        UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
        ConditionExpression: 'attribute_not_exists(pk) OR (#f_state = :sending AND claimedAt < :stale)',
        ExpressionAttributeNames: {
          ...Object.fromEntries(names.map((name, i) => [`#f${i}`, name])),
          '#f_state': 'state',
        },
        ExpressionAttributeValues: {
          ...Object.fromEntries(
            names.map((name, i) => [`:f${i}`, (fields as Record<string, unknown>)[name]]),
          ),
          ':sending': 'sending',
          ':stale': new Date(Date.parse(record.claimedAt) - SEND_LEASE_MS).toISOString(),
        },
      });
    },
    get: (userId: string, week: string): Promise<DigestRecord | undefined> =>
      table.get(digestKeys.digest(userId, week)),
    /** Whether the week's digest is settled: sent, skipped, or claimed by a run still in its lease. */
    async settled(userId: string, week: string, now: string): Promise<boolean> {
      const record = await table.get<DigestRecord>(digestKeys.digest(userId, week));
      return record !== undefined && !lapsed(record, now);
    },
    put: (userId: string, record: DigestRecord): Promise<void> => table.put(row(userId, record)),
    /** Gives the week back when its digest could not be sent, so the next run tries again. */
    release: (userId: string, week: string): Promise<void> => table.delete(digestKeys.digest(userId, week)),
  };
}

// Notices: what the user should know of but that is no reminder — an invitation Rounds could
// not read, a thread with a message that never reached it. The digest lists last week's.
import type { Notice } from '../domain/model.ts';
import { expiresInDays, type Key, keyPart, TABLE_SCHEMA, type Table, userPk } from './table.ts';

/** The digest reads the last week's; a few weeks more are kept for a late look. */
const NOTICE_DAYS = 60;

export const noticeKeys = {
  notice: (userId: string, at: string, about: string): Key => ({
    pk: userPk(userId),
    sk: `NOTICE#${at}#${keyPart(about)}`,
  }),
};

export function noticesRepository(table: Table) {
  return {
    /** Idempotent: the same notice about the same message is written once. */
    add(userId: string, notice: Notice): Promise<void> {
      return table.put({
        ...noticeKeys.notice(userId, notice.at, `${notice.kind}:${notice.messageId}`),
        type: 'notice',
        ...notice,
        [TABLE_SCHEMA.ttlAttribute]: expiresInDays(NOTICE_DAYS),
      });
    },
    /** Notices in [from, to): one range Query. */
    between(userId: string, from: string, to: string): Promise<Notice[]> {
      return table.query({
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': userPk(userId),
          ':from': `NOTICE#${from}`,
          ':to': `NOTICE#${to}`,
        },
      });
    },
  };
}

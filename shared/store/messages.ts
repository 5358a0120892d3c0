// Messages: the ones ingest has processed (so a second delivery is a duplicate, and a
// contact's reply can thread to one the user logged) and the ones Rounds sent.
import {
  expiresInDays,
  type Key,
  keyPart,
  TABLE_SCHEMA,
  type Table,
  userPk,
  type WriteAction,
} from './table.ts';

/** Kept as long as a reply to it can still act (the reply address's life). */
const SENT_MESSAGE_DAYS = 400;

export const messageKeys = {
  seen: (userId: string, messageId: string): Key => ({ pk: userPk(userId), sk: `MSG#${keyPart(messageId)}` }),
  sent: (userId: string, messageId: string): Key => ({ pk: userPk(userId), sk: `OUT#${keyPart(messageId)}` }),
};

/** The seen marker as a write: made only if the message was not seen before. */
const markSeenWrite = (userId: string, messageId: string, info: Record<string, unknown>): WriteAction => ({
  put: { ...messageKeys.seen(userId, messageId), type: 'message', messageId, ...info },
  ifNew: true,
});

export function messagesRepository(table: Table) {
  return {
    async hasSeen(userId: string, messageId: string): Promise<boolean> {
      return (await table.get(messageKeys.seen(userId, messageId))) !== undefined;
    },

    /**
     * Whether a message may anchor a thread: one Rounds accepted from the user or a verified
     * contact (logged, a command, or a reply the user quoted). Ignored noise from strangers is
     * seen too, but never vouches for a "reply" citing it.
     */
    async anchors(userId: string, messageId: string): Promise<boolean> {
      const seen = await table.get<{ outcome?: string }>(messageKeys.seen(userId, messageId));
      return seen !== undefined && ['logged', 'command', 'inferred'].includes(seen.outcome ?? '');
    },

    /** Marks a message processed, last, so a message that failed mid-way can be processed again. */
    markSeen(userId: string, messageId: string, info: Record<string, unknown>): Promise<boolean> {
      return table.write(markSeenWrite(userId, messageId, info));
    },

    markSeenWrite,

    recordSent(userId: string, messageId: string, info: Record<string, unknown>): Promise<void> {
      return table.put({
        ...messageKeys.sent(userId, messageId),
        type: 'sent',
        messageId,
        ...info,
        [TABLE_SCHEMA.ttlAttribute]: expiresInDays(SENT_MESSAGE_DAYS),
      });
    },
  };
}

// Held messages: mail from the user's address that SES could not tie to the user (no DMARC,
// SPF or DKIM passing only for some other domain). Nothing of it is applied until the user
// confirms it with a signed link; the raw message waits here, compressed, for a week.
import { gunzipSync, gzipSync } from 'node:zlib';
import { countUp, expiresInDays, type Key, TABLE_SCHEMA, type Table, userPk } from './table.ts';

/** How long a held message waits for the user's click (the link's life too). */
export const HELD_DAYS = 7;
/** DynamoDB items stop at 400 KB; a message whose compressed form is larger is not held. */
const MAX_HELD_BASE64 = 300_000;

export type HeldMessage = {
  heldId: string;
  messageId: string;
  heldAt: string;
  /** Until when the user may confirm it (the store's TTL is only a clean-up). */
  confirmBy: string;
  recipients: string[];
  mailFrom?: string;
  /** SES's verdicts on arrival, kept so a confirmed message is judged on the same evidence. */
  verdicts?: { spf?: string; dkim?: string; dmarc?: string };
  /** Redacted, for the page that asks. */
  subject?: string;
  to: string[];
};

export const heldKeys = {
  held: (userId: string, heldId: string): Key => ({ pk: userPk(userId), sk: `HELD#${heldId}` }),
  dayCount: (userId: string, day: string): Key => ({ pk: userPk(userId), sk: `HELDCOUNT#${day}` }),
};

export function heldRepository(table: Table) {
  return {
    /** Keeps a message for confirmation; false when it is already held, or too large to hold. */
    async hold(
      userId: string,
      held: HeldMessage,
      raw: Uint8Array,
    ): Promise<'held' | 'already' | 'too-large'> {
      const compressed = gzipSync(raw).toString('base64');
      if (compressed.length > MAX_HELD_BASE64) return 'too-large';
      const first = await table.putNew({
        ...heldKeys.held(userId, held.heldId),
        type: 'held',
        ...held,
        raw: compressed,
        [TABLE_SCHEMA.ttlAttribute]: expiresInDays(HELD_DAYS),
      });
      return first ? 'held' : 'already';
    },

    async get(userId: string, heldId: string): Promise<(HeldMessage & { raw: Uint8Array }) | undefined> {
      const row = await table.get<HeldMessage & { raw: string }>(heldKeys.held(userId, heldId));
      return row ? { ...row, raw: gunzipSync(Buffer.from(row.raw, 'base64')) } : undefined;
    },

    release(userId: string, heldId: string): Promise<void> {
      return table.delete(heldKeys.held(userId, heldId));
    },

    /** Counts one more held message on this day and returns the count so far (one update). */
    countToday: (userId: string, day: string): Promise<number> =>
      countUp(table, heldKeys.dayCount(userId, day), 2),
  };
}

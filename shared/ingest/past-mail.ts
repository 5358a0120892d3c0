// Bringing the user's history in (`rounds import-mail`): mail they sent or received before
// Rounds, from a mailbox export, logged at its own dates, oldest first (so a reply finds the
// email it answers), sending nothing. A reminder it would have made that fell due long ago is
// not made: a nudge for an email of last spring would be noise, not follow-through.

import type { Deps } from '../deps.ts';
import { addDays } from '../domain/clock.ts';
import type { User } from '../domain/model.ts';
import { captureAddressFor } from '../mail/address.ts';
import { ingestMessage } from './ingest.ts';
import type { IngestOutcome } from './outcome.ts';

/** A reminder past mail would make is made only if it fell due less than this long ago. */
export const PAST_MAIL_STALE_DAYS = 7;

/** One message of an archive: where it came from, its Date header if known, and its bytes. */
export type PastMessage = {
  file: string;
  index?: number;
  date?: string | undefined;
  read(): Promise<Buffer>;
};

const when = (m: PastMessage) => {
  const at = m.date ? Date.parse(m.date) : Number.NaN;
  return Number.isFinite(at) ? at : Number.POSITIVE_INFINITY;
};

/** Oldest first; a message without a readable date keeps its place after the dated ones. */
export const oldestFirst = (messages: PastMessage[]): PastMessage[] =>
  messages
    .map((m, order) => ({ m, order, at: when(m) }))
    .sort((a, b) => a.at - b.at || a.order - b.order)
    .map(({ m }) => m);

/**
 * Ingests each message as if it had been BCC'd to the user's capture address when it was
 * written: the same trust, the same idempotency (a second import is `duplicate` throughout).
 */
export async function* importPastMail(
  user: User,
  messages: PastMessage[],
  deps: Deps,
): AsyncGenerator<{ message: PastMessage; outcome: IngestOutcome }> {
  const staleBefore = addDays(deps.clock.now().toISOString(), -PAST_MAIL_STALE_DAYS);
  const recipients = [captureAddressFor(user.captureToken, deps.config.captureDomain)];
  for (const message of oldestFirst(messages)) {
    const raw = await message.read();
    yield { message, outcome: await ingestMessage({ raw, recipients, pastMail: { staleBefore } }, deps) };
  }
}

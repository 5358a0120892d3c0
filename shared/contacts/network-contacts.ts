// The contacts a summary of the network reads (the digest, the Network page): the tiered ones,
// and everyone in touch recently enough to be new or to have come to rest in the window. Their
// cost follows the network and the recent weeks, never the whole history.
import type { Deps } from '../deps.ts';
import { addDays } from '../domain/clock.ts';
import type { Contact } from '../domain/model.ts';
import { MAX_DORMANT_AFTER_DAYS } from '../domain/settings.ts';
import type { IndexedUser } from '../store/contacts.ts';

/**
 * The network, and everyone last in touch since `restingSince` less the longest silence before
 * rest (a contact rests at most MAX_DORMANT_AFTER_DAYS after the last email, which is no later
 * than its last contact): so every contact new or come to rest since `restingSince` is here.
 */
export async function networkContacts(
  user: IndexedUser,
  restingSince: string,
  deps: Pick<Deps, 'store'>,
): Promise<Contact[]> {
  const [network, recent] = await Promise.all([
    deps.store.contacts.network(user),
    deps.store.contacts.touchedSince(user, addDays(restingSince, -MAX_DORMANT_AFTER_DAYS)),
  ]);
  return [...new Map([...network, ...recent].map((c) => [c.contactId, c])).values()];
}

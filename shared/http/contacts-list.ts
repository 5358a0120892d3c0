// What the Contacts page lists. Browsing (latest contact first, perhaps one tier) reads a page
// of the people index or the network, so it costs the same at 100 contacts or 10,000; a search
// or another filter or order reads the user's contacts in full, as only it can.
import type { Deps } from '../deps.ts';
import { type Contact, contactStatus } from '../domain/model.ts';
import { contactView, nextFollowUps } from '../domain/views.ts';
import type { IndexedUser } from '../store/contacts.ts';
import type { ContactQuery, ContactsListing } from './views/contacts.tsx';

export const PAGE_SIZE = 25;

/** A cursor as the page gave it: a sort key of the people index, bounded. */
export const cursorParam = (value: string | undefined) => (value && value.length <= 300 ? value : undefined);

export async function listContacts(
  user: IndexedUser,
  query: ContactQuery,
  cursor: { newerThan?: string | undefined; olderThan?: string | undefined },
  deps: Pick<Deps, 'store' | 'clock'>,
): Promise<ContactsListing> {
  const { store } = deps;
  const now = deps.clock.now().toISOString();
  const browsing = !query.q && !query.status && !query.role && !query.institution && query.sort === 'last';
  const waiting = store.reminders.waiting(user.userId);
  const rowsOf = async (contacts: Contact[]) => {
    const next = nextFollowUps(await waiting);
    return contacts.map((ct) => ({ contactId: ct.contactId, ...contactView(ct, next, now) }));
  };
  if (browsing && !query.tier) {
    const page = await store.contacts.page(user, PAGE_SIZE, {
      ...(cursor.newerThan ? { newerThan: cursor.newerThan } : {}),
      ...(cursor.olderThan && !cursor.newerThan ? { olderThan: cursor.olderThan } : {}),
    });
    return {
      rows: await rowsOf(page.contacts),
      query,
      ...(page.newer ? { newer: page.newer } : {}),
      ...(page.older ? { older: page.older } : {}),
    };
  }
  // One tier is a part of the network, however long the history; anything else searches all.
  const candidates = query.tier ? await store.contacts.network(user) : await store.contacts.list(user.userId);
  const needle = query.q.toLowerCase();
  const like = (value: string | null | undefined, wanted: string) =>
    !wanted || Boolean(value?.toLowerCase().includes(wanted.toLowerCase()));
  const rows = (
    await rowsOf(
      candidates
        .filter((ct) => !query.tier || ct.tier === query.tier)
        .filter((ct) => !query.status || contactStatus(ct, now) === query.status)
        .filter((ct) => like(ct.role, query.role) && like(ct.institution, query.institution))
        .filter(
          (ct) =>
            !needle ||
            [ct.name, ...ct.emails, ct.institution, ct.role, ct.specialty].some((v) =>
              v?.toLowerCase().includes(needle),
            ),
        ),
    )
  ).sort((a, b) =>
    query.sort === 'name'
      ? (a.name || a.email).localeCompare(b.name || b.email)
      : query.sort === 'next'
        ? (a.nextFollowUpAt ?? '~').localeCompare(b.nextFollowUpAt ?? '~')
        : (b.lastContactAt ?? '').localeCompare(a.lastContactAt ?? ''),
  );
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const page = Math.min(query.page, pages);
  return {
    rows: rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
    query: { ...query, page },
    total: rows.length,
    pages,
  };
}

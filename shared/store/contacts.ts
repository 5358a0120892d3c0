// Contacts and the address links that find them (two addresses, one person, after a merge).
// Counters that concurrent deliveries race for (the unanswered count) move with conditional
// updates, so the same message counted twice counts once. Every write that moves lastContactAt
// or the tier moves the record's index keys with it (indexAttributes): the latest people and
// the network are read a page at a time, never the whole history.
import type { Contact } from '../domain/model.ts';
import {
  type Key,
  keyPart,
  prefixQuery,
  type Row,
  setFields,
  TABLE_SCHEMA,
  type Table,
  type UpdateInput,
  userPk,
  type WriteAction,
} from './table.ts';
import { userKeys } from './users.ts';

const CONTACT_PREFIX = 'CONTACT#';
const peoplePk = (userId: string) => `PEOPLE#${userId}`;
const networkPk = (userId: string) => `NET#${userId}`;

/** A contact's place in the people index: by last contact, or (never in touch) when first noted. */
export const peopleSortKey = (c: Pick<Contact, 'contactId' | 'lastContactAt' | 'firstContactAt'>) =>
  `${c.lastContactAt ?? c.firstContactAt}#${c.contactId}`;

/**
 * The index attributes a contact's record carries: everyone in the people index, the tiered in
 * the network (on the due index's GSI, under their own partition). As SETs and REMOVEs.
 */
export function indexAttributes(
  userId: string,
  c: Pick<Contact, 'contactId' | 'lastContactAt' | 'firstContactAt' | 'tier'>,
): { set: Row; remove: string[] } {
  return {
    set: {
      gsi2pk: peoplePk(userId),
      gsi2sk: peopleSortKey(c),
      ...(c.tier ? { gsi1pk: networkPk(userId), gsi1sk: c.contactId } : {}),
    },
    remove: c.tier ? [] : ['gsi1pk', 'gsi1sk'],
  };
}

/** An update with the tier's network entry moved along: set for a tier, removed for none. */
function withTierIndex(
  userId: string,
  contactId: string,
  update: UpdateInput,
  tier: Contact['tier'],
): UpdateInput {
  if (!tier) return { ...update, UpdateExpression: `${update.UpdateExpression} REMOVE gsi1pk, gsi1sk` };
  return {
    ...update,
    UpdateExpression: `${update.UpdateExpression}, gsi1pk = :networkPk, gsi1sk = :networkSk`,
    ExpressionAttributeValues: {
      ...update.ExpressionAttributeValues,
      ':networkPk': networkPk(userId),
      ':networkSk': contactId,
    },
  };
}

type ContactFields = Partial<
  Pick<Contact, 'tier' | 'status' | 'dormantAfter' | 'lastWriteReminderAt' | 'programId'>
>;

function fieldsUpdate(userId: string, contactId: string, fields: ContactFields): UpdateInput | undefined {
  const update = setFields(contactKeys.contact(userId, contactId), fields);
  if (!update || !('tier' in fields)) return update;
  return withTierIndex(userId, contactId, update, fields.tier ?? null);
}

/** Who reads the indexes: contacts written before them get their keys on the first read. */
export type IndexedUser = { userId: string; contactsIndexed?: boolean };

/** A page of the people index: the latest first, or (`newerThan`) the page just before. */
export type PeoplePage = { contacts: Contact[]; newer?: string; older?: string };

export const contactKeys = {
  contact: (userId: string, contactId: string): Key => ({
    pk: userPk(userId),
    sk: `${CONTACT_PREFIX}${contactId}`,
  }),
  email: (userId: string, email: string): Key => ({
    pk: userPk(userId),
    sk: `CEMAIL#${keyPart(email.toLowerCase())}`,
  }),
};

export function contactsRepository(table: Table) {
  const get = (userId: string, contactId: string) =>
    table.get<Contact>(contactKeys.contact(userId, contactId));
  const findByEmail = async (userId: string, email: string): Promise<Contact | undefined> => {
    const link = await table.get<{ contactId: string }>(contactKeys.email(userId, email));
    return link ? get(userId, link.contactId) : undefined;
  };
  const row = (userId: string, contact: Contact) => ({
    ...contactKeys.contact(userId, contact.contactId),
    type: 'contact',
    ...contact,
    ...indexAttributes(userId, contact).set,
  });
  /** Gives contacts written before the indexes their keys, once per user (idempotent, resumable). */
  const backfill = async (user: IndexedUser) => {
    const all = await table.query<Contact>(prefixQuery(userPk(user.userId), CONTACT_PREFIX));
    for (let i = 0; i < all.length; i += 25)
      await Promise.all(
        all.slice(i, i + 25).map((contact) => {
          const { set } = indexAttributes(user.userId, contact);
          const names = Object.keys(set);
          // Only where no newer write has set them already.
          return table.updateIf({
            Key: contactKeys.contact(user.userId, contact.contactId),
            UpdateExpression: `SET ${names.map((n) => `${n} = :${n}`).join(', ')}`,
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(gsi2pk)',
            ExpressionAttributeValues: Object.fromEntries(names.map((n) => [`:${n}`, set[n]])),
          });
        }),
      );
    await table.updateIf({
      Key: userKeys.profile(user.userId),
      UpdateExpression: 'SET contactsIndexed = :yes',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':yes': true },
    });
  };
  // One backfill per user and process: the digest's parallel reads share it, and a user object
  // read before it finished does not start it again. A failed one is tried again next time.
  const backfills = new Map<string, Promise<void>>();
  const readyIndexes = (user: IndexedUser): Promise<void> => {
    if (user.contactsIndexed) return Promise.resolve();
    let running = backfills.get(user.userId);
    if (!running) {
      running = backfill(user);
      backfills.set(user.userId, running);
      running.catch(() => backfills.delete(user.userId));
    }
    return running;
  };
  const people = (
    userId: string,
    condition: string | undefined,
    values: Row,
    newestFirst: boolean,
    limit?: number,
  ) => {
    const input = {
      IndexName: TABLE_SCHEMA.peopleIndex.name,
      KeyConditionExpression: condition ? `gsi2pk = :pk AND ${condition}` : 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': peoplePk(userId), ...values },
      ScanIndexForward: !newestFirst,
    };
    return limit === undefined
      ? table.query<Contact>(input)
      : table.queryPage<Contact>({ ...input, limit }).then((page) => page.items);
  };
  return {
    get,
    findByEmail,

    /** Each address's contact, in order (undefined for none): one BatchGet of links, one of contacts. */
    async findManyByEmail(userId: string, emails: string[]): Promise<(Contact | undefined)[]> {
      const links = await table.getEach<{ contactId: string }>(
        emails.map((e) => contactKeys.email(userId, e)),
      );
      const ids = [...new Set(links.flatMap((l) => (l ? [l.contactId] : [])))];
      if (ids.length === 0) return emails.map(() => undefined);
      const found = await table.getEach<Contact>(ids.map((id) => contactKeys.contact(userId, id)));
      const byId = new Map(found.flatMap((c) => (c ? [[c.contactId, c] as const] : [])));
      return links.map((l) => (l ? byId.get(l.contactId) : undefined));
    },

    /** The writes that create a contact: its address link and its record, each only if new. */
    createWrites(userId: string, contact: Contact): WriteAction[] {
      return [
        {
          put: {
            ...contactKeys.email(userId, contact.email),
            type: 'contact-email',
            contactId: contact.contactId,
          },
          ifNew: true,
        },
        { put: row(userId, contact), ifNew: true },
      ];
    },

    /** Every contact: for export, import and search, which need them all. */
    list(userId: string): Promise<Contact[]> {
      return table.query(prefixQuery(userPk(userId), CONTACT_PREFIX));
    },

    /** Contacts by id, for what a reminder or a digest names; missing ones left out. */
    getMany(userId: string, contactIds: string[]): Promise<Contact[]> {
      return table.getMany([...new Set(contactIds)].map((id) => contactKeys.contact(userId, id)));
    },

    /** The tiered contacts (the network), however long the history: one Query of the network index. */
    async network(user: IndexedUser): Promise<Contact[]> {
      await readyIndexes(user);
      const rows = await table.query<Contact>({
        IndexName: TABLE_SCHEMA.dueIndex.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': networkPk(user.userId) },
      });
      // An entry a backfill set from a stale read may outlive its tier: the record decides.
      return rows.filter((c) => c.tier);
    },

    /** Everyone last in touch (or, never in touch, first noted) after `since` (ISO), latest first. */
    async touchedSince(user: IndexedUser, since: string): Promise<Contact[]> {
      await readyIndexes(user);
      // `~` sorts after the `#` that follows the time: "after" excludes the instant itself.
      return people(user.userId, 'gsi2sk > :since', { ':since': `${since}~` }, true);
    },

    /**
     * A page of contacts, latest contact first: the first page, the one after `olderThan`, or
     * the one before `newerThan` (cursors are peopleSortKey values, from the page's ends).
     */
    async page(
      user: IndexedUser,
      size: number,
      at: { olderThan?: string; newerThan?: string } = {},
    ): Promise<PeoplePage> {
      await readyIndexes(user);
      const { userId } = user;
      if (at.newerThan) {
        const rows = await people(userId, 'gsi2sk > :at', { ':at': at.newerThan }, false, size + 1);
        const contacts = rows.slice(0, size).reverse();
        const [first, last] = [contacts[0], contacts.at(-1)];
        return {
          contacts,
          ...(rows.length > size && first ? { newer: peopleSortKey(first) } : {}),
          ...(last ? { older: peopleSortKey(last) } : {}),
        };
      }
      const rows = at.olderThan
        ? await people(userId, 'gsi2sk < :at', { ':at': at.olderThan }, true, size + 1)
        : await people(userId, undefined, {}, true, size + 1);
      const contacts = rows.slice(0, size);
      const [first, last] = [contacts[0], contacts.at(-1)];
      return {
        contacts,
        ...(at.olderThan && first ? { newer: peopleSortKey(first) } : {}),
        ...(rows.length > size && last ? { older: peopleSortKey(last) } : {}),
      };
    },

    /**
     * Creates the contact unless its email already belongs to one. The email link is written
     * first and conditionally, so two deliveries racing for the same person make one contact.
     */
    async create(userId: string, contact: Contact): Promise<Contact> {
      const claimed = await table.putNew({
        ...contactKeys.email(userId, contact.email),
        type: 'contact-email',
        contactId: contact.contactId,
      });
      if (!claimed) {
        const existing = await findByEmail(userId, contact.email);
        if (existing) return existing;
      }
      await table.putNew(row(userId, contact));
      return (await get(userId, contact.contactId)) ?? contact;
    },

    /** Moves lastContactAt forward (never back) and fills a name the contact did not have. */
    async touch(userId: string, contactId: string, occurredAt: string, name?: string): Promise<void> {
      await table.updateIf({
        Key: contactKeys.contact(userId, contactId),
        UpdateExpression: 'SET lastContactAt = :at, gsi2pk = :peoplePk, gsi2sk = :peopleSk',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(lastContactAt) OR lastContactAt = :null OR lastContactAt < :at)',
        ExpressionAttributeValues: {
          ':at': occurredAt,
          ':null': null,
          ':peoplePk': peoplePk(userId),
          ':peopleSk': peopleSortKey({ contactId, lastContactAt: occurredAt, firstContactAt: occurredAt }),
        },
      });
      if (name) {
        await table.updateIf({
          Key: contactKeys.contact(userId, contactId),
          UpdateExpression: 'SET #name = :name',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(#name) OR #name = :null) AND (attribute_not_exists(nameSetByUser) OR nameSetByUser = :false)',
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: { ':name': name, ':null': null, ':false': false },
        });
      }
    },

    /** Replaces a contact's record (its id and key stay). */
    put(userId: string, contact: Contact): Promise<void> {
      return table.put(row(userId, contact));
    },

    delete(userId: string, contactId: string): Promise<void> {
      return table.delete(contactKeys.contact(userId, contactId));
    },

    /** Points an address at a contact, replacing any earlier link (a merge). */
    linkEmail(userId: string, email: string, contactId: string): Promise<void> {
      return table.put({ ...contactKeys.email(userId, email), type: 'contact-email', contactId });
    },

    /**
     * Counts an email the user sent that is still unanswered; the same message twice counts
     * once. Returns the count after it.
     */
    async recordOutbound(userId: string, contactId: string, messageId: string): Promise<number> {
      const after = await table.updateReturning<Contact>({
        Key: contactKeys.contact(userId, contactId),
        UpdateExpression: 'SET unanswered = if_not_exists(unanswered, :zero) + :one, lastOutboundId = :id',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(lastOutboundId) OR lastOutboundId <> :id)',
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':id': messageId },
      });
      if (after) return Number(after.unanswered ?? 1);
      return (await get(userId, contactId))?.unanswered ?? 1;
    },

    /** They answered: the nudge count starts over and they are not dormant. */
    recordInbound(userId: string, contactId: string): Promise<void> {
      return table.update({
        Key: contactKeys.contact(userId, contactId),
        UpdateExpression: 'SET unanswered = :zero REMOVE dormantAfter',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':zero': 0 },
      });
    },

    /** They reached out at `at`; a later time already recorded stays. */
    async heardFrom(userId: string, contactId: string, at: string): Promise<void> {
      await table.updateIf({
        Key: contactKeys.contact(userId, contactId),
        UpdateExpression: 'SET lastHeardFromAt = :at',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(lastHeardFromAt) OR lastHeardFromAt < :at)',
        ExpressionAttributeValues: { ':at': at },
      });
    },

    /** setFields as a write, for a unit of work. */
    fieldsWrite(userId: string, contactId: string, fields: ContactFields): WriteAction | undefined {
      const update = fieldsUpdate(userId, contactId, fields);
      return update && { update };
    },

    /** Sets fields of an existing contact (tier, status, dormancy, spacing). */
    async setFields(userId: string, contactId: string, fields: ContactFields): Promise<void> {
      const update = fieldsUpdate(userId, contactId, fields);
      if (update) await table.update(update);
    },
  };
}

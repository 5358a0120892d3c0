// Contacts and the address links that find them (two addresses, one person, after a merge).
// Counters that concurrent deliveries race for (the unanswered count) move with conditional
// updates, so the same message counted twice counts once.
import type { Contact } from '../domain/model.ts';
import { type Key, keyPart, prefixQuery, setFields, type Table, userPk, type WriteAction } from './table.ts';

const CONTACT_PREFIX = 'CONTACT#';

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
  });
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

    list(userId: string): Promise<Contact[]> {
      return table.query(prefixQuery(userPk(userId), CONTACT_PREFIX));
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
        UpdateExpression: 'SET lastContactAt = :at',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(lastContactAt) OR lastContactAt = :null OR lastContactAt < :at)',
        ExpressionAttributeValues: { ':at': occurredAt, ':null': null },
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

    /** setFields as a write, for a unit of work. */
    fieldsWrite(
      userId: string,
      contactId: string,
      fields: Partial<Pick<Contact, 'tier' | 'status' | 'dormantAfter' | 'lastWriteReminderAt'>>,
    ): WriteAction | undefined {
      const update = setFields(contactKeys.contact(userId, contactId), fields);
      return update && { update };
    },

    /** Sets fields of an existing contact (tier, status, dormancy, spacing). */
    async setFields(
      userId: string,
      contactId: string,
      fields: Partial<Pick<Contact, 'tier' | 'status' | 'dormantAfter' | 'lastWriteReminderAt'>>,
    ): Promise<void> {
      const update = setFields(contactKeys.contact(userId, contactId), fields);
      if (update) await table.update(update);
    },
  };
}

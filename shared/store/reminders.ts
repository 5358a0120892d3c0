// Reminders. Open ones carry the sparse index keys (waiting ones by due time, sent ones after
// every due time), so the morning run finds what is due, and a page what is open, with one
// Query; every state change is a conditional update, so two runs racing for one reminder
// change it once. Each reminder also has a link under its
// contact (CREM#), so a contact's reminders are read without reading the user's all.
// Only reminders/apply.ts (the lifecycle) and dispatch (sending) change a reminder's state.
import {
  type Contact,
  isAbout,
  isOpen,
  type Reminder,
  type ReminderState,
  reminderPeople,
} from '../domain/model.ts';
import { contactKeys } from './contacts.ts';
import {
  type Key,
  prefixQuery,
  type Row,
  SEND_LEASE_MS,
  TABLE_SCHEMA,
  type Table,
  userPk,
  type WriteAction,
} from './table.ts';
import { WriteUnit } from './unit.ts';
import { userKeys } from './users.ts';

const REMINDER_PREFIX = 'REM#';
const dueIndexPk = (userId: string) => `DUE#${userId}`;
/** After any ISO due time in sort order ('~' > '9'), so the due range never reaches it. */
const SENT_SORT_PREFIX = '~SENT#';

export const reminderKeys = {
  reminder: (userId: string, reminderId: string): Key => ({
    pk: userPk(userId),
    sk: `${REMINDER_PREFIX}${reminderId}`,
  }),
  contactLink: (userId: string, contactId: string, reminderId: string): Key => ({
    pk: userPk(userId),
    sk: `CREM#${contactId}#${reminderId}`,
  }),
  contactLinkPrefix: (contactId: string) => `CREM#${contactId}#`,
  /** GSI1 attributes that put a waiting reminder in the due index. */
  dueIndex: (userId: string, dueAt: string, reminderId: string) => ({
    gsi1pk: dueIndexPk(userId),
    gsi1sk: `${dueAt}#${reminderId}`,
  }),
  /**
   * GSI1 attributes of a reminder sent and awaiting the user: in the index's partition (so the
   * open reminders are one Query), after every due time (so never "due" again).
   */
  sentIndex: (userId: string, reminderId: string) => ({
    gsi1pk: dueIndexPk(userId),
    gsi1sk: `${SENT_SORT_PREFIX}${reminderId}`,
  }),
};

const prefixed = (keys: { gsi1pk: string; gsi1sk: string }) => ({ ':pk': keys.gsi1pk, ':sk': keys.gsi1sk });

export type EndedState = Exclude<ReminderState, 'pending' | 'sent' | 'snoozed'>;

const OPEN_CONDITION = '#state IN (:pending, :sent, :snoozed)';
const OPEN_VALUES = { ':pending': 'pending', ':sent': 'sent', ':snoozed': 'snoozed' };

/** A reminder read while a lapsed claim held it is what it was before that claim. */
const stateBeforeClaim = (reminder: Reminder): ReminderState =>
  reminder.state === 'sent' ? (reminder.previousState ?? 'pending') : reminder.state;

/** The writes that create a reminder: a link under each person, then the reminder if new. */
function createWrites(reminder: Reminder): WriteAction[] {
  return [
    ...reminderPeople(reminder).map((person) => ({
      put: {
        ...reminderKeys.contactLink(reminder.userId, person.contactId, reminder.reminderId),
        type: 'contact-reminder',
        reminderId: reminder.reminderId,
      },
    })),
    {
      put: {
        ...reminderKeys.reminder(reminder.userId, reminder.reminderId),
        type: 'reminder',
        ...reminder,
        ...reminderKeys.dueIndex(reminder.userId, reminder.dueAt, reminder.reminderId),
      },
      ifNew: true,
    },
  ];
}

/** Ends an open reminder (done, skipped, resolved, cancelled); no effect if it had already ended. */
const endWrite = (
  userId: string,
  reminderId: string,
  state: EndedState,
  endedAt: string,
  endedBy: string,
): WriteAction => ({
  update: {
    Key: reminderKeys.reminder(userId, reminderId),
    UpdateExpression: 'SET #state = :state, endedAt = :at, endedBy = :by REMOVE gsi1pk, gsi1sk',
    ConditionExpression: OPEN_CONDITION,
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ...OPEN_VALUES, ':state': state, ':at': endedAt, ':by': endedBy },
  },
});

/** Gives an open reminder a new due time and puts it back in the due index. */
const moveWrite = (
  userId: string,
  reminderId: string,
  dueAt: string,
  state: 'pending' | 'snoozed',
): WriteAction => ({
  update: {
    Key: reminderKeys.reminder(userId, reminderId),
    UpdateExpression: 'SET #state = :state, dueAt = :dueAt, gsi1pk = :g1, gsi1sk = :g2 REMOVE leaseUntil',
    ConditionExpression: OPEN_CONDITION,
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: {
      ...OPEN_VALUES,
      ':state': state,
      ':dueAt': dueAt,
      ':g1': dueIndexPk(userId),
      ':g2': reminderKeys.dueIndex(userId, dueAt, reminderId).gsi1sk,
    },
  },
});

export function remindersRepository(table: Table) {
  /** A link under each contact the reminder is about, so each finds it with their own Query. */
  const link = async (reminder: Reminder) => {
    for (const person of reminderPeople(reminder))
      await table.put({
        ...reminderKeys.contactLink(reminder.userId, person.contactId, reminder.reminderId),
        type: 'contact-reminder',
        reminderId: reminder.reminderId,
      });
  };

  /**
   * The reminders of several contacts, each once, by due time, with the contacts themselves:
   * a Query each on their links, then one BatchGet for the reminders not already known and
   * the contacts. (The contacts cost nothing extra: they ride in the same BatchGet.)
   */
  async function around(
    userId: string,
    contactIds: string[],
    options: { known?: Reminder[]; withContacts?: boolean } = {},
  ): Promise<{ reminders: Reminder[]; contacts: Contact[] }> {
    const known = new Map((options.known ?? []).map((r) => [r.reminderId, r]));
    const links = await Promise.all(
      contactIds.map((contactId) =>
        table.query<{ reminderId: string }>(
          prefixQuery(userPk(userId), reminderKeys.contactLinkPrefix(contactId)),
        ),
      ),
    );
    const ids = [...new Set(links.flat().map((l) => l.reminderId))].filter((id) => !known.has(id));
    const contactKeyList = options.withContacts
      ? contactIds.map((id) => contactKeys.contact(userId, id))
      : [];
    const rows =
      ids.length + contactKeyList.length === 0
        ? []
        : await table.getEach<Row>([
            ...ids.map((id) => reminderKeys.reminder(userId, id)),
            ...contactKeyList,
          ]);
    const read = rows.slice(0, ids.length).filter((r): r is Row => r !== undefined) as Reminder[];
    const contacts = rows.slice(ids.length).filter((c): c is Row => c !== undefined) as Contact[];
    // A link left by a merge that moved the reminder on is not that contact's any more.
    const reminders = [...known.values(), ...read]
      .filter((r) => contactIds.some((id) => isAbout(r, id)))
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    return { reminders, contacts };
  }

  const ofContacts = async (userId: string, contactIds: string[]): Promise<Reminder[]> =>
    contactIds.length === 0 ? [] : (await around(userId, contactIds)).reminders;

  return {
    get(userId: string, reminderId: string): Promise<Reminder | undefined> {
      return table.get(reminderKeys.reminder(userId, reminderId));
    },

    getMany(userId: string, reminderIds: string[]): Promise<Reminder[]> {
      return table.getMany(reminderIds.map((id) => reminderKeys.reminder(userId, id)));
    },

    list(userId: string): Promise<Reminder[]> {
      return table.query(prefixQuery(userPk(userId), REMINDER_PREFIX));
    },

    /** A contact's reminders, every state, by due time: one Query on its links, then the reminders. */
    ofContact(userId: string, contactId: string): Promise<Reminder[]> {
      return ofContacts(userId, [contactId]);
    },

    /** The reminders of several contacts, each once, by due time: a Query each, one BatchGet. */
    ofContacts,
    around,

    /** Reminders waiting to be sent with dueAt ≤ asOf: one Query on the sparse due index. */
    due(userId: string, asOf: string): Promise<Reminder[]> {
      return table.query({
        IndexName: TABLE_SCHEMA.dueIndex.name,
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :upTo',
        ExpressionAttributeValues: { ':pk': dueIndexPk(userId), ':upTo': `${asOf}#~` },
      });
    },

    /**
     * Reminders waiting (pending, snoozed), by due time, from `from` on when given: one Query on
     * the due index, so its cost follows the open work, never the history of closed reminders.
     */
    async waiting(userId: string, from?: string): Promise<Reminder[]> {
      const rows = await table.query<Reminder>({
        IndexName: TABLE_SCHEMA.dueIndex.name,
        KeyConditionExpression: from ? 'gsi1pk = :pk AND gsi1sk >= :from' : 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': dueIndexPk(userId), ...(from ? { ':from': from } : {}) },
      });
      // A claim being sent keeps its due keys until the email is out; it is not waiting.
      return rows.filter((r) => r.state === 'pending' || r.state === 'snoozed');
    },

    /** Writes a new reminder; one that already exists (a re-run) is left as it is. */
    async create(reminder: Reminder): Promise<boolean> {
      const unit = new WriteUnit(table);
      const made = unit.add(...createWrites(reminder)).at(-1)!;
      await unit.commit();
      return made.tookEffect === true;
    },

    createWrites,
    endWrite,
    moveWrite,

    /** Rewrites a reminder as it is (a merge moved it to another contact). */
    async put(reminder: Reminder): Promise<void> {
      await link(reminder);
      const waiting = reminder.state === 'pending' || reminder.state === 'snoozed';
      await table.put({
        ...reminderKeys.reminder(reminder.userId, reminder.reminderId),
        type: 'reminder',
        ...reminder,
        ...(waiting ? reminderKeys.dueIndex(reminder.userId, reminder.dueAt, reminder.reminderId) : {}),
        ...(reminder.state === 'sent' ? reminderKeys.sentIndex(reminder.userId, reminder.reminderId) : {}),
      });
    },

    /** Ends an open reminder (done, skipped, resolved, cancelled); false if it had already ended. */
    end(userId: string, reminderId: string, state: EndedState, endedAt: string, endedBy: string) {
      return table.write(endWrite(userId, reminderId, state, endedAt, endedBy));
    },

    /** The user snoozed it: due again then, in the due index, and marked snoozed. */
    snooze: (userId: string, reminderId: string, until: string) =>
      table.write(moveWrite(userId, reminderId, until, 'snoozed')),

    /**
     * Moves a reminder that has not been acted on to a new due time (a meeting moved, the
     * spacing rule held it). One already sent becomes pending again.
     */
    reschedule: (userId: string, reminderId: string, dueAt: string) =>
      table.write(moveWrite(userId, reminderId, dueAt, 'pending')),

    /**
     * Claims a due reminder for sending: it becomes `sent` only if it is still waiting with the
     * same due time, so two runs racing for it send it once.
     */
    claimForSending(reminder: Reminder, sentAt: string): Promise<boolean> {
      // The claim leaves the reminder in the due index until markSent: if the run dies between
      // the two, a later run (a retry of the same one, too) claims it again once the lease lapses.
      const leaseUntil = new Date(Date.parse(sentAt) + SEND_LEASE_MS).toISOString();
      return table.updateIf({
        Key: reminderKeys.reminder(reminder.userId, reminder.reminderId),
        UpdateExpression:
          'SET #state = :sent, sentAt = :at, sendCount = if_not_exists(sendCount, :zero) + :one, previousState = :previous, leaseUntil = :lease',
        ConditionExpression:
          '(#state IN (:pending, :snoozed) AND dueAt = :dueAt) OR (#state = :sent AND leaseUntil < :at)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':pending': 'pending',
          ':snoozed': 'snoozed',
          ':dueAt': reminder.dueAt,
          ':at': sentAt,
          ':lease': leaseUntil,
          ':previous': stateBeforeClaim(reminder),
          ':zero': 0,
          ':one': 1,
        },
      });
    },

    /** The email went out: the reminder leaves the due range and waits for the user's answer. */
    markSent(reminder: Reminder): Promise<boolean> {
      return table.updateIf({
        Key: reminderKeys.reminder(reminder.userId, reminder.reminderId),
        UpdateExpression: 'SET gsi1sk = :sentKey REMOVE leaseUntil',
        ConditionExpression: '#state = :sent AND attribute_exists(leaseUntil)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':sentKey': reminderKeys.sentIndex(reminder.userId, reminder.reminderId).gsi1sk,
        },
      });
    },

    /**
     * Every open reminder (waiting, or sent and awaiting the user), by due time: one Query on
     * the index, its cost following the open work only. Reminders sent before the index held
     * sent ones are given their keys first, once per user.
     */
    async open(user: { userId: string; sentIndexed?: boolean }): Promise<Reminder[]> {
      const { userId } = user;
      if (!user.sentIndexed) {
        for (const r of await table.query<Reminder>(prefixQuery(userPk(userId), REMINDER_PREFIX)))
          if (r.state === 'sent')
            await table.updateIf({
              Key: reminderKeys.reminder(userId, r.reminderId),
              UpdateExpression: 'SET gsi1pk = :pk, gsi1sk = :sk',
              ConditionExpression: '#state = :sent AND attribute_not_exists(gsi1pk)',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: {
                ':sent': 'sent',
                ...prefixed(reminderKeys.sentIndex(userId, r.reminderId)),
              },
            });
        await table.updateIf({
          Key: userKeys.profile(userId),
          UpdateExpression: 'SET sentIndexed = :yes',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':yes': true },
        });
      }
      const rows = await table.query<Reminder>({
        IndexName: TABLE_SCHEMA.dueIndex.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': dueIndexPk(userId) },
      });
      return rows.filter((r) => isOpen(r.state)).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    },

    /** Undoes a claim whose email could not be sent, so the next run tries again. */
    releaseClaim(reminder: Reminder): Promise<void> {
      return table.update({
        Key: reminderKeys.reminder(reminder.userId, reminder.reminderId),
        UpdateExpression:
          'SET #state = :previous, sendCount = sendCount - :one, gsi1pk = :g1, gsi1sk = :g2 REMOVE leaseUntil',
        ConditionExpression: '#state = :sent',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':previous': stateBeforeClaim(reminder),
          ':sent': 'sent',
          ':one': 1,
          ':g1': dueIndexPk(reminder.userId),
          ':g2': reminderKeys.dueIndex(reminder.userId, reminder.dueAt, reminder.reminderId).gsi1sk,
        },
      });
    },
  };
}

import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { DigestRecord } from '../digest/digest.ts';
import type { Item } from '../milestones/milestones.ts';
import { dueIndexKeys, dueIndexPk, type Key, keys, TABLE_SCHEMA } from './table.ts';
import type { Contact, Interaction, Meeting, Reminder, ReminderState, User } from '../domain/model.ts';

export type StoreOptions = { tableName: string; client: DynamoDBClient };

const SENT_MESSAGE_DAYS = 400;
const ACTIVITY_DAYS = 60;

/** DynamoDB TTL wants epoch seconds. (Locally nothing expires: DynamoDB Local has no TTL.) */
const expiresInDays = (days: number) => Math.floor(Date.now() / 1000) + days * 86_400;

export type ActivityEntry = Pick<Interaction, 'interactionId' | 'kind' | 'direction' | 'occurredAt'>;

export class AddressTakenError extends Error {
  constructor(readonly address: string) {
    super(`${address} already belongs to a Rounds user`);
  }
}

/** Strip the key attributes so callers see domain objects, not DynamoDB rows. */
function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, type: _t, ...rest } = item;
  return rest as T;
}

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof Error && error.name === 'ConditionalCheckFailedException');

export class Store {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;

  constructor(private readonly options: StoreOptions) {
    this.tableName = options.tableName;
    this.doc = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
  }

  /** Creates the table from the shared schema if it is missing (local stack and tests only). */
  async ensureTable(): Promise<void> {
    const { client, tableName } = this.options;
    try {
      await client.send(new DescribeTableCommand({ TableName: tableName }));
      return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    const { partitionKey, sortKey, dueIndex } = TABLE_SCHEMA;
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [partitionKey, sortKey, dueIndex.partitionKey, dueIndex.sortKey].map(
          (name) => ({
            AttributeName: name,
            AttributeType: 'S',
          }),
        ),
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: dueIndex.name,
            KeySchema: [
              { AttributeName: dueIndex.partitionKey, KeyType: 'HASH' },
              { AttributeName: dueIndex.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
  }

  private async get<T>(key: Key): Promise<T | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return strip<T>(out.Item);
  }

  private async queryAll<T>(input: Omit<QueryCommandInput, 'TableName'>): Promise<T[]> {
    const items: T[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({ TableName: this.tableName, ...input, ExclusiveStartKey: start }),
      );
      for (const item of out.Items ?? []) items.push(strip<T>(item) as T);
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  private queryPrefix<T>(pk: string, prefix: string, newestFirst = false): Promise<T[]> {
    return this.queryAll<T>({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      ScanIndexForward: !newestFirst,
    });
  }

  /** Puts an item only if it is not there yet; returns false when it already was. */
  private async putNew(item: Record<string, unknown>): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** A conditional update; false when its condition did not hold (someone got there first). */
  private async updateIf(input: Omit<UpdateCommandInput, 'TableName'>): Promise<boolean> {
    try {
      await this.doc.send(new UpdateCommand({ TableName: this.tableName, ...input }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  // ---- users ---------------------------------------------------------------------------

  async createUser(user: User): Promise<void> {
    const addresses = [user.email, ...user.aliases];
    const items: Record<string, unknown>[] = [
      { ...keys.user(user.userId), type: 'user', ...user },
      { ...keys.token(user.captureToken), type: 'token', userId: user.userId },
      { ...keys.userDirectory(user.userId), type: 'directory', userId: user.userId, email: user.email },
      ...addresses.map((address) => ({
        ...keys.address(address),
        type: 'address',
        userId: user.userId,
        address,
      })),
    ];
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: items.map((Item) => ({
            Put: { TableName: this.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' },
          })),
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        const taken = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
        const item = items[taken];
        if (item && item.type === 'address') throw new AddressTakenError(String(item.address));
      }
      throw error;
    }
  }

  getUser(userId: string): Promise<User | undefined> {
    return this.get<User>(keys.user(userId));
  }

  async updateUser(
    userId: string,
    changes: Partial<Pick<User, 'mailPausedAt' | 'mailPausedReason' | 'timezone' | 'name' | 'settings'>>,
  ) {
    const names = Object.keys(changes) as (keyof typeof changes)[];
    if (names.length === 0) return;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.user(userId),
        UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
        ExpressionAttributeValues: Object.fromEntries(names.map((n) => [`:${n}`, changes[n]])),
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  }

  async findUserByToken(token: string): Promise<User | undefined> {
    const link = await this.get<{ userId: string }>(keys.token(token));
    return link ? this.getUser(link.userId) : undefined;
  }

  async findUserByAddress(email: string): Promise<User | undefined> {
    const link = await this.get<{ userId: string }>(keys.address(email));
    return link ? this.getUser(link.userId) : undefined;
  }

  /** The user directory: a Query on one small partition, used by the CLI and reconcile. */
  listUserIds(): Promise<{ userId: string; email: string }[]> {
    return this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.userDirectoryPk },
    });
  }

  // ---- contacts ------------------------------------------------------------------------

  async findContactByEmail(userId: string, email: string): Promise<Contact | undefined> {
    const link = await this.get<{ contactId: string }>(keys.contactEmail(userId, email));
    return link ? this.getContact(userId, link.contactId) : undefined;
  }

  getContact(userId: string, contactId: string): Promise<Contact | undefined> {
    return this.get<Contact>(keys.contact(userId, contactId));
  }

  listContacts(userId: string): Promise<Contact[]> {
    return this.queryPrefix<Contact>(keys.userPk(userId), keys.contactPrefix);
  }

  /**
   * Creates the contact unless its email already belongs to one. The email link is written
   * first and conditionally, so two deliveries racing for the same person make one contact.
   */
  async createContact(userId: string, contact: Contact): Promise<Contact> {
    const claimed = await this.putNew({
      ...keys.contactEmail(userId, contact.email),
      type: 'contact-email',
      contactId: contact.contactId,
    });
    if (!claimed) {
      const existing = await this.findContactByEmail(userId, contact.email);
      if (existing) return existing;
    }
    await this.putNew({ ...keys.contact(userId, contact.contactId), type: 'contact', ...contact });
    return (await this.getContact(userId, contact.contactId)) ?? contact;
  }

  /** Moves lastContactAt forward (never back) and fills a name the contact did not have. */
  async touchContact(userId: string, contactId: string, occurredAt: string, name?: string): Promise<void> {
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.contact(userId, contactId),
          UpdateExpression: 'SET lastContactAt = :at',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(lastContactAt) OR lastContactAt = :null OR lastContactAt < :at)',
          ExpressionAttributeValues: { ':at': occurredAt, ':null': null },
        }),
      )
      .catch((error) => {
        if (!isConditionFailure(error)) throw error;
      });
    if (name) {
      await this.doc
        .send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.contact(userId, contactId),
            UpdateExpression: 'SET #name = :name',
            ConditionExpression:
              'attribute_exists(pk) AND (attribute_not_exists(#name) OR #name = :null) AND (attribute_not_exists(nameSetByUser) OR nameSetByUser = :false)',
            ExpressionAttributeNames: { '#name': 'name' },
            ExpressionAttributeValues: { ':name': name, ':null': null, ':false': false },
          }),
        )
        .catch((error) => {
          if (!isConditionFailure(error)) throw error;
        });
    }
  }

  /** Replaces a contact's record (its id and key stay). */
  async putContact(userId: string, contact: Contact): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.contact(userId, contact.contactId), type: 'contact', ...contact },
      }),
    );
  }

  async deleteContact(userId: string, contactId: string): Promise<void> {
    await this.doc.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.contact(userId, contactId) }),
    );
  }

  /** Points an address at a contact, replacing any earlier link (a merge). */
  async linkContactEmail(userId: string, email: string, contactId: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.contactEmail(userId, email), type: 'contact-email', contactId },
      }),
    );
  }

  async setContactTier(userId: string, contactId: string, tier: Contact['tier']): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.contact(userId, contactId),
        UpdateExpression: 'SET tier = :tier',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':tier': tier },
      }),
    );
  }

  /**
   * Counts an email the user sent that is still unanswered; the same message twice counts
   * once. Returns the count after it.
   */
  async recordOutbound(userId: string, contactId: string, messageId: string): Promise<number> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.contact(userId, contactId),
          UpdateExpression: 'SET unanswered = if_not_exists(unanswered, :zero) + :one, lastOutboundId = :id',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(lastOutboundId) OR lastOutboundId <> :id)',
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':id': messageId },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Number(out.Attributes?.unanswered ?? 1);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return (await this.getContact(userId, contactId))?.unanswered ?? 1;
    }
  }

  /** They answered: the nudge count starts over and they are not dormant. */
  async recordInbound(userId: string, contactId: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.contact(userId, contactId),
        UpdateExpression: 'SET unanswered = :zero REMOVE dormantAfter',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    );
  }

  async setContactFields(
    userId: string,
    contactId: string,
    fields: Partial<Pick<Contact, 'dormantAfter' | 'lastWriteReminderAt'>>,
  ): Promise<void> {
    const names = Object.keys(fields) as (keyof typeof fields)[];
    if (names.length === 0) return;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.contact(userId, contactId),
        UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
        ExpressionAttributeValues: Object.fromEntries(names.map((n) => [`:${n}`, fields[n]])),
      }),
    );
  }

  async setContactStatus(userId: string, contactId: string, status: Contact['status']): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.contact(userId, contactId),
        UpdateExpression: 'SET #status = :status',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status },
      }),
    );
  }

  // ---- interactions ----------------------------------------------------------------------

  /** Idempotent: ids are deterministic, so writing the same interaction twice changes nothing. */
  async putInteraction(userId: string, interaction: Interaction): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.activity(userId, interaction.occurredAt, interaction.interactionId),
          type: 'activity',
          // The digest reads last week's activity; the timeline keeps the history.
          [TABLE_SCHEMA.ttlAttribute]: expiresInDays(ACTIVITY_DAYS),
          interactionId: interaction.interactionId,
          kind: interaction.kind,
          direction: interaction.direction,
          occurredAt: interaction.occurredAt,
        },
      }),
    );
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.interaction(userId, interaction.interactionId), type: 'interaction', ...interaction },
      }),
    );
    for (const contactId of interaction.contactIds) {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.timelineEntry(userId, contactId, interaction.occurredAt, interaction.interactionId),
            type: 'timeline',
            ...interaction,
          },
        }),
      );
    }
  }

  getInteraction(userId: string, interactionId: string): Promise<Interaction | undefined> {
    return this.get<Interaction>(keys.interaction(userId, interactionId));
  }

  /** Removes an interaction and its timeline entries (a cancelled or moved meeting). */
  async deleteInteraction(userId: string, interaction: Interaction): Promise<void> {
    for (const contactId of interaction.contactIds) {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.timelineEntry(userId, contactId, interaction.occurredAt, interaction.interactionId),
        }),
      );
    }
    await this.doc.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: keys.activity(userId, interaction.occurredAt, interaction.interactionId),
      }),
    );
    await this.doc.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: keys.interaction(userId, interaction.interactionId),
      }),
    );
  }

  timeline(userId: string, contactId: string): Promise<Interaction[]> {
    return this.queryPrefix<Interaction>(keys.userPk(userId), keys.timelinePrefix(contactId), true);
  }

  // ---- reminders -------------------------------------------------------------------------

  /** Rewrites a reminder as it is, keeping it in the due index while it waits. */
  async putReminder(reminder: Reminder): Promise<void> {
    await this.linkReminder(reminder);
    const waiting = reminder.state === 'pending' || reminder.state === 'snoozed';
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.reminder(reminder.userId, reminder.reminderId),
          type: 'reminder',
          ...reminder,
          ...(waiting ? dueIndexKeys(reminder.userId, reminder.dueAt, reminder.reminderId) : {}),
        },
      }),
    );
  }

  private async linkReminder(reminder: Reminder): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.contactReminder(reminder.userId, reminder.contactId, reminder.reminderId),
          type: 'contact-reminder',
          reminderId: reminder.reminderId,
        },
      }),
    );
  }

  /** A contact's reminders, every state: one Query on its links, then the reminders. */
  async contactReminders(userId: string, contactId: string): Promise<Reminder[]> {
    const links = await this.queryPrefix<{ reminderId: string }>(
      keys.userPk(userId),
      keys.contactReminderPrefix(contactId),
    );
    const reminders: Reminder[] = [];
    for (let i = 0; i < links.length; i += 100) {
      const batch = links.slice(i, i + 100).map((l) => keys.reminder(userId, l.reminderId));
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
        [this.tableName]: { Keys: batch },
      };
      while (request && Object.keys(request).length > 0) {
        const out: BatchGetCommandOutput = await this.doc.send(
          new BatchGetCommand({ RequestItems: request }),
        );
        for (const item of out.Responses?.[this.tableName] ?? []) reminders.push(strip<Reminder>(item)!);
        request = out.UnprocessedKeys as typeof request;
      }
    }
    // A link left by a merge that moved the reminder on is not this contact's any more.
    return reminders.filter((r) => r.contactId === contactId).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  /** Writes a new reminder; a reminder that already exists (a re-run) is left as it is. */
  async createReminder(reminder: Reminder): Promise<boolean> {
    await this.linkReminder(reminder);
    return this.putNew({
      ...keys.reminder(reminder.userId, reminder.reminderId),
      type: 'reminder',
      ...reminder,
      ...dueIndexKeys(reminder.userId, reminder.dueAt, reminder.reminderId),
    });
  }

  getReminder(userId: string, reminderId: string): Promise<Reminder | undefined> {
    return this.get<Reminder>(keys.reminder(userId, reminderId));
  }

  listReminders(userId: string): Promise<Reminder[]> {
    return this.queryPrefix<Reminder>(keys.userPk(userId), keys.reminderPrefix);
  }

  /** Reminders waiting to be sent with dueAt ≤ asOf: one Query on the sparse due index. */
  dueReminders(userId: string, asOf: string): Promise<Reminder[]> {
    return this.queryAll<Reminder>({
      IndexName: TABLE_SCHEMA.dueIndex.name,
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :upTo',
      ExpressionAttributeValues: { ':pk': dueIndexPk(userId), ':upTo': `${asOf}#~` },
    });
  }

  /**
   * Claims a due reminder for sending: it becomes `sent` only if it is still waiting with the
   * same due time, so two runs racing for it send it once.
   */
  async claimForSending(reminder: Reminder, sentAt: string): Promise<boolean> {
    return this.updateIf({
      Key: keys.reminder(reminder.userId, reminder.reminderId),
      UpdateExpression:
        'SET #state = :sent, sentAt = :at, sendCount = if_not_exists(sendCount, :zero) + :one, previousState = #state REMOVE gsi1pk, gsi1sk',
      ConditionExpression: '#state IN (:pending, :snoozed) AND dueAt = :dueAt',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':sent': 'sent',
        ':pending': 'pending',
        ':snoozed': 'snoozed',
        ':dueAt': reminder.dueAt,
        ':at': sentAt,
        ':zero': 0,
        ':one': 1,
      },
    });
  }

  /** Undoes a claim whose email could not be sent, so the next run tries again. */
  async releaseClaim(reminder: Reminder): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.reminder(reminder.userId, reminder.reminderId),
        UpdateExpression: 'SET #state = :previous, sendCount = sendCount - :one, gsi1pk = :g1, gsi1sk = :g2',
        ConditionExpression: '#state = :sent',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':previous': reminder.state,
          ':sent': 'sent',
          ':one': 1,
          ':g1': dueIndexPk(reminder.userId),
          ':g2': dueIndexKeys(reminder.userId, reminder.dueAt, reminder.reminderId).gsi1sk,
        },
      }),
    );
  }

  /** Ends an open reminder (done, skipped, resolved, cancelled); false if it had already ended. */
  async endReminder(
    userId: string,
    reminderId: string,
    state: Exclude<ReminderState, 'pending' | 'sent' | 'snoozed'>,
    endedAt: string,
    endedBy: string,
  ): Promise<boolean> {
    return this.updateIf({
      Key: keys.reminder(userId, reminderId),
      UpdateExpression: 'SET #state = :state, endedAt = :at, endedBy = :by REMOVE gsi1pk, gsi1sk',
      ConditionExpression: '#state IN (:pending, :sent, :snoozed)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':state': state,
        ':at': endedAt,
        ':by': endedBy,
        ':pending': 'pending',
        ':sent': 'sent',
        ':snoozed': 'snoozed',
      },
    });
  }

  /** The user snoozed it: due again then, in the due index, and marked snoozed. */
  snoozeReminder(userId: string, reminderId: string, until: string): Promise<boolean> {
    return this.moveOpenReminder(userId, reminderId, until, 'snoozed');
  }

  /**
   * Moves a reminder that has not been acted on to a new due time (a meeting moved, the
   * spacing rule held it). One already sent becomes pending again.
   */
  rescheduleReminder(userId: string, reminderId: string, dueAt: string): Promise<boolean> {
    return this.moveOpenReminder(userId, reminderId, dueAt, 'pending');
  }

  /** Gives an open reminder a new due time and puts it back in the due index. */
  private moveOpenReminder(userId: string, reminderId: string, dueAt: string, state: 'pending' | 'snoozed') {
    return this.updateIf({
      Key: keys.reminder(userId, reminderId),
      UpdateExpression: 'SET #state = :state, dueAt = :dueAt, gsi1pk = :g1, gsi1sk = :g2',
      ConditionExpression: '#state IN (:pending, :sent, :snoozed)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':state': state,
        ':pending': 'pending',
        ':sent': 'sent',
        ':snoozed': 'snoozed',
        ':dueAt': dueAt,
        ':g1': dueIndexPk(userId),
        ':g2': dueIndexKeys(userId, dueAt, reminderId).gsi1sk,
      },
    });
  }

  // ---- meetings --------------------------------------------------------------------------

  getMeeting(userId: string, uidHash: string): Promise<Meeting | undefined> {
    return this.get<Meeting>(keys.meeting(userId, uidHash));
  }

  async putMeeting(userId: string, uidHash: string, meeting: Meeting): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.meeting(userId, uidHash), type: 'meeting', ...meeting },
      }),
    );
  }

  /** What happened in [from, to): one range Query on the user's activity links. */
  activityBetween(userId: string, from: string, to: string): Promise<ActivityEntry[]> {
    return this.queryAll<ActivityEntry>({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.userPk(userId), ':from': `ACT#${from}`, ':to': `ACT#${to}` },
    });
  }

  // ---- digests -----------------------------------------------------------------------------

  /** Claims the week's digest; false if it was already sent (or is being sent) this week. */
  claimDigest(userId: string, record: DigestRecord): Promise<boolean> {
    return this.putNew({ ...keys.digest(userId, record.week), type: 'digest', ...record });
  }

  getDigest(userId: string, week: string): Promise<DigestRecord | undefined> {
    return this.get<DigestRecord>(keys.digest(userId, week));
  }

  async putDigest(userId: string, record: DigestRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.digest(userId, record.week), type: 'digest', ...record },
      }),
    );
  }

  /** Gives the week back when its digest could not be sent, so the next run tries again. */
  async releaseDigest(userId: string, week: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.digest(userId, week) }));
  }

  // ---- items the user added ----------------------------------------------------------------

  async putItem(userId: string, item: Item): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.item(userId, item.itemId), type: 'item', ...item },
      }),
    );
  }

  listItems(userId: string): Promise<Item[]> {
    return this.queryPrefix<Item>(keys.userPk(userId), keys.itemPrefix);
  }

  // ---- messages --------------------------------------------------------------------------

  async hasSeenMessage(userId: string, messageId: string): Promise<boolean> {
    return (await this.get(keys.messageSeen(userId, messageId))) !== undefined;
  }

  /** Marks a message processed, last, so a message that failed mid-way can be processed again. */
  markMessageSeen(userId: string, messageId: string, info: Record<string, unknown>): Promise<boolean> {
    return this.putNew({ ...keys.messageSeen(userId, messageId), type: 'message', messageId, ...info });
  }

  async recordSentMessage(userId: string, messageId: string, info: Record<string, unknown>): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.messageSent(userId, messageId),
          type: 'sent',
          messageId,
          ...info,
          // Kept as long as a reply to it can still act (the reply address's life).
          [TABLE_SCHEMA.ttlAttribute]: expiresInDays(SENT_MESSAGE_DAYS),
        },
      }),
    );
  }

  // ---- local schedules (the emulator's schedule group) ------------------------------------

  async putSchedule(name: string, definition: Record<string, unknown>): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.schedule(name), type: 'schedule', name, ...definition },
      }),
    );
  }

  async deleteSchedule(name: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.schedule(name) }));
  }

  listSchedules<T>(): Promise<T[]> {
    return this.queryAll<T>({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.schedulePk },
    });
  }
}

import { createHash } from 'node:crypto';

// The single-table key design, in one place. The CDK stack and the local table creation
// both read TABLE_SCHEMA, so the deployed table and DynamoDB Local cannot drift.
//
// Everything a user owns lives under USER#<id>; global look-ups are small items of their own.
//   USER#<u>        PROFILE                         the user
//   USER#<u>        CONTACT#<c>                     a contact
//   USER#<u>        CEMAIL#<email>                  contact email → contact id
//   USER#<u>        IX#<i>                          an interaction
//   USER#<u>        TL#<c>#<occurredAt>#<i>         a contact's timeline entry (newest last)
//   USER#<u>        ACT#<occurredAt>#<i>            the user's activity by time (the digest's week)
//   USER#<u>        REM#<r>                         a reminder; open ones carry GSI1 keys
//   USER#<u>        CREM#<c>#<r>                    a contact's reminders (link to REM#<r>)
//   USER#<u>        MSG#<message-id>                a message already ingested (dedup, threading)
//   USER#<u>        OUT#<message-id>                a message Rounds sent (threading)
//   USER#<u>        MEETING#<uid-hash>              a calendar event: sequence, organizer, reminders
//   USER#<u>        ITEM#<i>                        a conference, rotation or letter the user added
//   USER#<u>        DIGEST#<iso-week>               a digest sent (at most one a week) and its numbered items
//   TOKEN#<t>       TOKEN                           capture token → user id
//   ADDR#<email>    ADDR                            a user's own address → user id
//   USERS           USER#<u>                        the user directory (reconcile, CLI defaults)
//   SCHEDULE        <name>                          a local schedule (the emulator's schedule group)
// GSI1 (sparse): DUE#<u> / <dueAt>#<r> on open reminders only, so "what is due" is one Query.

export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  dueIndex: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  ttlAttribute: 'expiresAt',
} as const;

export type Key = { pk: string; sk: string };

/**
 * Values from mail (message ids, addresses) go into keys; DynamoDB refuses a sort key over
 * 1 KB, so a long one is replaced by its hash. Real ones are far shorter and stay readable.
 */
export const keyPart = (value: string): string =>
  value.length <= 200 ? value : `sha256:${createHash('sha256').update(value).digest('hex')}`;

const userPk = (userId: string) => `USER#${userId}`;

export const keys = {
  user: (userId: string): Key => ({ pk: userPk(userId), sk: 'PROFILE' }),
  userDirectory: (userId: string): Key => ({ pk: 'USERS', sk: `USER#${userId}` }),
  userDirectoryPk: 'USERS',
  token: (token: string): Key => ({ pk: `TOKEN#${keyPart(token)}`, sk: 'TOKEN' }),
  address: (email: string): Key => ({ pk: `ADDR#${keyPart(email.toLowerCase())}`, sk: 'ADDR' }),
  contact: (userId: string, contactId: string): Key => ({ pk: userPk(userId), sk: `CONTACT#${contactId}` }),
  contactPrefix: 'CONTACT#',
  contactEmail: (userId: string, email: string): Key => ({
    pk: userPk(userId),
    sk: `CEMAIL#${keyPart(email.toLowerCase())}`,
  }),
  interaction: (userId: string, interactionId: string): Key => ({
    pk: userPk(userId),
    sk: `IX#${interactionId}`,
  }),
  timelineEntry: (userId: string, contactId: string, occurredAt: string, interactionId: string): Key => ({
    pk: userPk(userId),
    sk: `TL#${contactId}#${occurredAt}#${interactionId}`,
  }),
  timelinePrefix: (contactId: string) => `TL#${contactId}#`,
  activity: (userId: string, occurredAt: string, interactionId: string): Key => ({
    pk: userPk(userId),
    sk: `ACT#${occurredAt}#${interactionId}`,
  }),
  reminder: (userId: string, reminderId: string): Key => ({ pk: userPk(userId), sk: `REM#${reminderId}` }),
  reminderPrefix: 'REM#',
  contactReminder: (userId: string, contactId: string, reminderId: string): Key => ({
    pk: userPk(userId),
    sk: `CREM#${contactId}#${reminderId}`,
  }),
  contactReminderPrefix: (contactId: string) => `CREM#${contactId}#`,
  messageSeen: (userId: string, messageId: string): Key => ({
    pk: userPk(userId),
    sk: `MSG#${keyPart(messageId)}`,
  }),
  messageSent: (userId: string, messageId: string): Key => ({
    pk: userPk(userId),
    sk: `OUT#${keyPart(messageId)}`,
  }),
  meeting: (userId: string, uidHash: string): Key => ({ pk: userPk(userId), sk: `MEETING#${uidHash}` }),
  item: (userId: string, itemId: string): Key => ({ pk: userPk(userId), sk: `ITEM#${itemId}` }),
  itemPrefix: 'ITEM#',
  digest: (userId: string, week: string): Key => ({ pk: userPk(userId), sk: `DIGEST#${week}` }),
  schedule: (name: string): Key => ({ pk: 'SCHEDULE', sk: name }),
  schedulePk: 'SCHEDULE',
  userPk,
};

/** GSI1 attributes that put an open reminder in the due index. */
export const dueIndexKeys = (userId: string, dueAt: string, reminderId: string) => ({
  gsi1pk: `DUE#${userId}`,
  gsi1sk: `${dueAt}#${reminderId}`,
});

export const dueIndexPk = (userId: string) => `DUE#${userId}`;

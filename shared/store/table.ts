// The one DynamoDB table: its schema (read by the CDK stack and by the local table creation,
// so the two cannot drift), the key helpers every repository shares, and the Table port the
// repositories talk through. Only adapters/dynamodb-table.ts knows the AWS SDK.
//
// Everything a user owns lives under USER#<id>; global look-ups are small items of their own.
// Each repository in this folder declares its own keys beside its access code:
//   users.ts         USER#<u> PROFILE · TOKEN#<t> TOKEN · ADDR#<email> ADDR · USERS USER#<u>
//   contacts.ts      USER#<u> CONTACT#<c> · USER#<u> CEMAIL#<email>
//   interactions.ts  USER#<u> IX#<i> · USER#<u> TL#<c>#<occurredAt>#<i> · USER#<u> ACT#<occurredAt>#<i>
//   reminders.ts     USER#<u> REM#<r> (open ones carry the due index keys) · USER#<u> CREM#<c>#<r>
//   messages.ts      USER#<u> MSG#<message-id> · USER#<u> OUT#<message-id>
//   meetings.ts      USER#<u> MEETING#<uid-hash>
//   milestones.ts    USER#<u> ITEM#<id>   (conferences, rotations, letters)
//   programs.ts      USER#<u> PROGRAM#<id>   (residency programs, the season)
//   digests.ts       USER#<u> DIGEST#<iso-week>
//   notices.ts       USER#<u> NOTICE#<at>#<what>   (for the digest: an unreadable invite, a missed message)
//   schedules.ts     SCHEDULE <name>      (the local scheduler's schedule group)
//   held.ts          USER#<u> HELD#<id> · USER#<u> HELDCOUNT#<day>   (mail as the user, awaiting a click)
// GSI1 (sparse): DUE#<u> / <dueAt>#<r> on waiting reminders, ~SENT#<r> on sent ones awaiting the
// user, nothing on closed ones: "what is due" and "what is open" are each one Query. Tiered
// contacts also carry NET#<u> / <c>: the user's network is one Query, however long the history.
// GSI2: PEOPLE#<u> / <lastContactAt>#<c> on every contact: the latest people, a page at a time.
import { createHash } from 'node:crypto';

export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  dueIndex: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  peopleIndex: { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ttlAttribute: 'expiresAt',
} as const;

export type Key = { pk: string; sk: string };
export type Row = Record<string, unknown>;

/**
 * Values from mail (message ids, addresses) go into keys; DynamoDB refuses a sort key over
 * 1 KB, so a long one is replaced by its hash. Real ones are far shorter and stay readable.
 */
export const keyPart = (value: string): string =>
  value.length <= 200 ? value : `sha256:${createHash('sha256').update(value).digest('hex')}`;

export const userPk = (userId: string) => `USER#${userId}`;

/** DynamoDB TTL wants epoch seconds. (Locally nothing expires: DynamoDB Local has no TTL.) */
export const expiresInDays = (days: number) => Math.floor(Date.now() / 1000) + days * 86_400;

/**
 * How long a claim to send (a reminder, a week's digest) holds. A run that dies between the
 * claim and the email leaves the claim behind; once it lapses the next run sends. Far longer
 * than any run takes, so two live runs never both send.
 */
export const SEND_LEASE_MS = 15 * 60_000;

/** A Query in DynamoDB's own expression language; the adapter pages through every result. */
export type QueryInput = {
  KeyConditionExpression: string;
  ExpressionAttributeValues: Row;
  ExpressionAttributeNames?: Record<string, string>;
  IndexName?: string;
  ScanIndexForward?: boolean;
};

/** One page of a Query: at most `limit` rows after `startKey` (a full key of the index read). */
export type PageInput = QueryInput & { limit: number; startKey?: Row };

export type UpdateInput = {
  Key: Key;
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Row;
};

/**
 * One write, to run alone or in a transaction. A put `ifNew` is made only if its key is free;
 * an update's condition is its ConditionExpression. Either way a failed condition is an answer
 * (the write did not take effect), not an error.
 */
export type WriteAction =
  | { put: Row; ifNew?: boolean }
  | { update: UpdateInput }
  | {
      delete: Key;
      condition?: Pick<
        UpdateInput,
        'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
      >;
    };

/** DynamoDB's limit on the actions of one transaction. */
export const TRANSACTION_LIMIT = 100;

/** The item a write is to, as one string (a transaction may not touch an item twice). */
export const writeTarget = (action: WriteAction): string => {
  const key = 'put' in action ? action.put : 'update' in action ? action.update.Key : action.delete;
  return `${String(key.pk)}\u0000${String(key.sk)}`;
};

/** What the repositories need of DynamoDB; rows come back without their key attributes. */
export type Table = {
  readonly name: string;
  /** Creates the table from TABLE_SCHEMA if it is missing (local stack and tests only). */
  ensure(): Promise<void>;
  get<T>(key: Key): Promise<T | undefined>;
  /** Many items by key (BatchGet, unprocessed keys retried); missing ones are left out. */
  getMany<T>(keys: Key[]): Promise<T[]>;
  /** Items of any kinds by key, in the keys' order, undefined where missing: one BatchGet per 100. */
  getEach<T = Row>(keys: Key[]): Promise<(T | undefined)[]>;
  query<T>(input: QueryInput): Promise<T[]>;
  /** One page; `last` is the key of its last row (with its index keys) when more may follow. */
  queryPage<T>(input: PageInput): Promise<{ items: T[]; last?: Row }>;
  put(row: Row): Promise<void>;
  /** Puts a row only if its key is free; false when it was already there. */
  putNew(row: Row): Promise<boolean>;
  /** Puts rows all or none, each only if its key is free; on a clash, the index of the first. */
  putAllNew(rows: Row[]): Promise<{ ok: true } | { ok: false; clash: number }>;
  /** An update; throws when its condition does not hold. */
  update(input: UpdateInput): Promise<void>;
  /** A conditional update; false when its condition did not hold (someone got there first). */
  updateIf(input: UpdateInput): Promise<boolean>;
  /** A conditional update that returns the item after it, or undefined when the condition failed. */
  updateReturning<T>(input: UpdateInput): Promise<T | undefined>;
  delete(key: Key): Promise<void>;
  /** One write on its own; false when its condition did not hold. */
  write(action: WriteAction): Promise<boolean>;
  /**
   * Up to TRANSACTION_LIMIT writes, all or none. When one's condition fails, none is made and
   * `failed` holds the indexes whose condition failed (empty when DynamoDB cancelled for a conflict).
   */
  transact(actions: WriteAction[]): Promise<{ ok: true } | { ok: false; failed: number[] }>;
};

/**
 * Adds one to a counter row (made on first use, gone after `ttlDays`) and returns the count
 * after it: one update, so two concurrent callers never read the same count.
 */
export async function countUp(table: Table, key: Key, ttlDays: number): Promise<number> {
  const row = await table.updateReturning<{ count: number }>({
    Key: key,
    UpdateExpression: 'ADD #count :one SET #ttl = :ttl',
    ExpressionAttributeNames: { '#count': 'count', '#ttl': TABLE_SCHEMA.ttlAttribute },
    ExpressionAttributeValues: { ':one': 1, ':ttl': expiresInDays(ttlDays) },
  });
  return row?.count ?? 1;
}

/** A Query for every row of one partition whose sort key starts with a prefix. */
export const prefixQuery = (pk: string, prefix: string, newestFirst = false): QueryInput => ({
  KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
  ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
  ScanIndexForward: !newestFirst,
});

/** SET for each field given, conditioned on the item existing. */
export function setFields(key: Key, fields: Row): UpdateInput | undefined {
  const names = Object.keys(fields);
  if (names.length === 0) return undefined;
  return {
    Key: key,
    UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}`,
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
    ExpressionAttributeValues: Object.fromEntries(names.map((n) => [`:${n}`, fields[n]])),
  };
}

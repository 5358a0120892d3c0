// The Table port on DynamoDB (AWS, or DynamoDB Local through the same client): the one file
// that turns the repositories' requests into SDK commands and condition failures into answers.
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
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
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { OperationFailedError } from '../domain/errors.ts';
import type { Key, Row, Table, WriteAction } from '../store/table.ts';

/** Strip the key attributes so callers see domain objects, not DynamoDB rows. */
function strip<T>(item: Row | undefined): T | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, gsi2pk: _p1, gsi2sk: _p2, type: _t, ...rest } = item;
  return rest as T;
}

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof Error && error.name === 'ConditionalCheckFailedException');

const BATCH_GET_LIMIT = 100;

const keyString = (key: Row) => `${String(key.pk)}\u0000${String(key.sk)}`;

/** A write as one item of TransactWriteItems. */
function transactItem(name: string, action: WriteAction) {
  if ('put' in action)
    return {
      Put: {
        TableName: name,
        Item: action.put,
        ...(action.ifNew ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
      },
    };
  if ('update' in action) return { Update: { TableName: name, ...action.update } };
  return { Delete: { TableName: name, Key: action.delete, ...action.condition } };
}

/**
 * The table's requests. `createTable` (create-table.ts) is given only where a table may be made
 * (DynamoDB Local); in AWS the data stack makes it, and the functions carry no CreateTable.
 */
export function dynamoTable(
  client: DynamoDBClient,
  tableName: string,
  createTable?: (client: DynamoDBClient, name: string) => Promise<void>,
): Table {
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const name = tableName;
  const table: Table = {
    name,

    async ensure() {
      if (!createTable) throw new OperationFailedError(`table ${name} is made by the data stack, not here`);
      await createTable(client, name);
    },

    async get<T>(key: Row) {
      const out = await doc.send(new GetCommand({ TableName: name, Key: key, ConsistentRead: true }));
      return strip<T>(out.Item);
    },

    async getMany<T>(keys: Row[]) {
      return (await table.getEach<T>(keys as Key[])).filter((item): item is Awaited<T> => item !== undefined);
    },

    async getEach<T>(keys: Key[]) {
      const found = new Map<string, Row>();
      const unique = [...new Map(keys.map((k) => [keyString(k), { pk: k.pk, sk: k.sk }])).values()];
      await Promise.all(
        Array.from({ length: Math.ceil(unique.length / BATCH_GET_LIMIT) }, async (_, chunk) => {
          let request: Record<string, { Keys: Row[]; ConsistentRead: boolean }> | undefined = {
            [name]: {
              Keys: unique.slice(chunk * BATCH_GET_LIMIT, (chunk + 1) * BATCH_GET_LIMIT),
              ConsistentRead: true,
            },
          };
          for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
            // Keys left unprocessed mean the table is throttling: back off before asking again.
            if (attempt > 0) await new Promise((done) => setTimeout(done, Math.min(1000, 25 * 2 ** attempt)));
            const out: BatchGetCommandOutput = await doc.send(new BatchGetCommand({ RequestItems: request }));
            for (const item of out.Responses?.[name] ?? []) found.set(keyString(item), item);
            request = out.UnprocessedKeys as typeof request;
          }
        }),
      );
      return keys.map((k) => strip<T>(found.get(keyString(k))));
    },

    async query<T>(input: Parameters<Table['query']>[0]) {
      const items: T[] = [];
      let start: Row | undefined;
      do {
        const out = await doc.send(new QueryCommand({ TableName: name, ...input, ExclusiveStartKey: start }));
        for (const item of out.Items ?? []) items.push(strip<T>(item) as T);
        start = out.LastEvaluatedKey;
      } while (start);
      return items;
    },

    async queryPage<T>({ limit, startKey, ...input }: Parameters<Table['queryPage']>[0]) {
      const out = await doc.send(
        new QueryCommand({ TableName: name, ...input, Limit: limit, ExclusiveStartKey: startKey }),
      );
      const items = (out.Items ?? []).map((item) => strip<T>(item) as T);
      return out.LastEvaluatedKey ? { items, last: out.LastEvaluatedKey } : { items };
    },

    async put(row) {
      await doc.send(new PutCommand({ TableName: name, Item: row }));
    },

    async putNew(row) {
      try {
        await doc.send(
          new PutCommand({ TableName: name, Item: row, ConditionExpression: 'attribute_not_exists(pk)' }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async putAllNew(rows) {
      const written = await table.transact(rows.map((put) => ({ put, ifNew: true })));
      if (written.ok) return written;
      const [clash] = written.failed;
      if (clash === undefined) throw new Error('the transaction was cancelled by a conflicting write');
      return { ok: false, clash };
    },

    async write(action) {
      if ('put' in action)
        return action.ifNew ? table.putNew(action.put) : table.put(action.put).then(() => true);
      if ('update' in action) return table.updateIf(action.update);
      try {
        await doc.send(new DeleteCommand({ TableName: name, Key: action.delete, ...action.condition }));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async transact(actions) {
      if (actions.length === 0) return { ok: true };
      try {
        await doc.send(
          new TransactWriteCommand({ TransactItems: actions.map((a) => transactItem(name, a)) }),
        );
        return { ok: true };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const failed = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
        // Anything else (a validation error) is a bug, not a race: say so.
        if (
          reasons.some(
            (r) => r.Code && !['None', 'ConditionalCheckFailed', 'TransactionConflict'].includes(r.Code),
          )
        )
          throw error;
        return { ok: false, failed };
      }
    },

    async update(input) {
      await doc.send(new UpdateCommand({ TableName: name, ...input }));
    },

    async updateIf(input) {
      try {
        await doc.send(new UpdateCommand({ TableName: name, ...input }));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async updateReturning<T>(input: Parameters<Table['update']>[0]) {
      try {
        const out = await doc.send(new UpdateCommand({ TableName: name, ...input, ReturnValues: 'ALL_NEW' }));
        return strip<T>(out.Attributes);
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },

    async delete(key) {
      await doc.send(new DeleteCommand({ TableName: name, Key: key }));
    },
  };
  return table;
}

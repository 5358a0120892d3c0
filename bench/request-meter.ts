// Counts what a DynamoDB client asks of the table: requests by command and the capacity they
// consumed (ReturnConsumedCapacity). Bench tooling: `npm run bench` wraps the local stack's
// client with it; no product code depends on it.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

type Capacity = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };

export type RequestCounts = {
  requests: number;
  byCommand: Record<string, number>;
  readUnits: number;
  writeUnits: number;
  /** With `trace`: each request as `Command sort-key…`, in order, to see where they go. */
  trace?: string[];
};

export type RequestMeter = {
  /** What was counted since the last reset. */
  counts(): RequestCounts;
  reset(): void;
  /** Counts what one piece of work asks of the table, and nothing else. */
  measure<T>(work: () => Promise<T>): Promise<{ result: T; counts: RequestCounts }>;
};

const READS = new Set([
  'GetItemCommand',
  'BatchGetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'TransactGetItemsCommand',
]);
/** Commands that take ReturnConsumedCapacity (table management does not). */
const DATA_COMMANDS = new Set([
  ...READS,
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

const copy = (counts: RequestCounts): RequestCounts => ({
  ...counts,
  byCommand: { ...counts.byCommand },
  ...(counts.trace ? { trace: [...counts.trace] } : {}),
});

const units = (consumed: Capacity | Capacity[] | undefined): number =>
  (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce(
    (sum, c) => sum + (c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0)),
    0,
  );

/** The sort keys a request names, shortened (ids hashed to ~), for a trace. */
function keysOf(input: Record<string, unknown>): string {
  const sks: unknown[] = [];
  JSON.stringify(input, (name, value) => {
    if (name === 'sk' || name === ':prefix' || name === 'IndexName') sks.push(value?.S ?? value);
    return value;
  });
  return sks
    .map(String)
    .join(' ')
    .replace(/[0-9a-f]{16,}/g, '~')
    .slice(0, 200);
}

export function meterRequests(client: DynamoDBClient, options: { trace?: boolean } = {}): RequestMeter {
  let counts: RequestCounts;
  const reset = () => {
    counts = {
      requests: 0,
      byCommand: {},
      readUnits: 0,
      writeUnits: 0,
      ...(options.trace ? { trace: [] } : {}),
    };
  };
  reset();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      if (!DATA_COMMANDS.has(command)) return next(args);
      counts.requests += 1;
      counts.byCommand[command] = (counts.byCommand[command] ?? 0) + 1;
      counts.trace?.push(
        `${command.replace(/Command$/, '')} ${keysOf(args.input as Record<string, unknown>)}`,
      );
      const out = await next({
        ...args,
        input: { ReturnConsumedCapacity: 'TOTAL', ...(args.input as object) },
      });
      const used = units((out.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity);
      if (READS.has(command)) counts.readUnits += used;
      else counts.writeUnits += used;
      return out;
    },
    // Serialize: after lib-dynamodb has marshalled its input, before the request is built.
    { step: 'serialize', priority: 'high', name: 'roundsRequestMeter' },
  );
  return {
    counts: () => copy(counts),
    reset,
    async measure(work) {
      reset();
      const result = await work();
      return { result, counts: copy(counts) };
    },
  };
}

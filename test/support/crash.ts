// Crash injection for the batteries: the real DynamoDB Local table behind a wrapper that can
// make the process "die" just before, or just after, its n-th write. Nothing is faked: the
// writes before the crash are in DynamoDB Local, and from the crash on the process is dead —
// no read, write or email of it happens any more (no catch block gets to tidy up).
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createTableIfMissing } from '#shared/adapters/create-table';
import { dynamoTable } from '#shared/adapters/dynamodb-table';
import { localDynamoClient } from '#shared/adapters/local';
import type { Mailer } from '#shared/domain/ports';
import type { Table } from '#shared/store/table';

export class InjectedCrash extends Error {}

const WRITES = [
  'put',
  'putNew',
  'putAllNew',
  'update',
  'updateIf',
  'updateReturning',
  'delete',
  'write',
  'transact',
] as const;
const READS = ['get', 'getMany', 'getEach', 'query', 'queryPage'] as const;

export type CrashPoint = { write: number; when: 'before' | 'after' };

/** The table, counting writes; armed with a crash point, the n-th write (from 1) crashes. */
export function crashingTable(inner: Table) {
  let writes = 0;
  let crash: CrashPoint | undefined;
  let dead = false;
  const die = (why: string) => {
    dead = true;
    return new InjectedCrash(why);
  };
  const wrapped = { ...inner } as Table;
  for (const method of READS) {
    const original = inner[method].bind(inner) as (...args: unknown[]) => Promise<unknown>;
    (wrapped as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      if (dead) throw new InjectedCrash('dead');
      return original(...args);
    };
  }
  for (const method of WRITES) {
    const original = inner[method].bind(inner) as (...args: unknown[]) => Promise<unknown>;
    (wrapped as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      if (dead) throw new InjectedCrash('dead');
      const n = ++writes;
      if (crash?.write === n && crash.when === 'before') throw die(`before write ${n}`);
      const result = await original(...args);
      if (crash?.write === n && crash.when === 'after') throw die(`after write ${n}`);
      return result;
    };
  }
  return {
    table: wrapped,
    /** Sets the next crash (none: a clean run) and brings the process back to life. */
    arm(point: CrashPoint | undefined) {
      crash = point;
      writes = 0;
      dead = false;
    },
    writes: () => writes,
    /** A mailer that dies with the process: a dead run sends nothing more. */
    mailer: (mailer: Mailer): Mailer => ({
      send: async (mail) => {
        if (dead) throw new InjectedCrash('dead');
        return mailer.send(mail);
      },
    }),
  };
}

/** A fresh table of the run's DynamoDB Local, behind the crash wrapper. */
export async function crashableTable(name: string) {
  const client = localDynamoClient(inject('dynamoEndpoint'));
  const documents = DynamoDBDocumentClient.from(client);
  const crashing = crashingTable(dynamoTable(client, name, createTableIfMissing));
  await crashing.table.ensure();
  return {
    ...crashing,
    /** Every item, key order, without the TTL (DynamoDB's clean-up time, taken from the wall clock). */
    async snapshot(): Promise<Record<string, unknown>[]> {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        // A Scan, in a test only: the whole table is what a re-run must leave as a clean run does.
        const page = await documents.send(
          new ScanCommand({ TableName: name, ...(start ? { ExclusiveStartKey: start } : {}) }),
        );
        for (const item of page.Items ?? []) {
          const { expiresAt: _ttl, ...rest } = item;
          items.push(rest);
        }
        start = page.LastEvaluatedKey;
      } while (start);
      return items.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
    },
    close: () => client.destroy(),
  };
}

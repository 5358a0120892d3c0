// What one DynamoDB round trip costs this process in CPU, before Rounds does anything: a bare
// HTTP POST on a kept-alive loopback connection (no SDK, no signing), and one GetItem through
// the SDK client the functions use. With the warm parse, they give ingest's floor: no code that
// makes its requests over HTTP can cost less than parse + requests × the bare round trip.
import http from 'node:http';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import PostalMime from 'postal-mime';
import type { LocalDeps } from '#shared/adapters/local';

export type RequestFloor = { bareHttpMs: number; sdkGetItemMs: number; warmParseMs: number };

async function cpuPer(runs: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await fn(i);
  const start = process.cpuUsage();
  for (let i = 0; i < runs; i++) await fn(i);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / runs;
}

export async function benchRequestFloor(
  deps: LocalDeps,
  endpoint: string,
  table: string,
  mail: Buffer,
): Promise<RequestFloor> {
  const url = new URL(endpoint);
  const agent = new http.Agent({ keepAlive: true });
  const body = JSON.stringify({ TableName: table, Key: { pk: { S: 'FLOOR' }, sk: { S: 'FLOOR' } } });
  const bare = () =>
    new Promise<void>((resolve, reject) => {
      const request = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/',
          agent,
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': 'DynamoDB_20120810.GetItem',
            'content-length': Buffer.byteLength(body),
          },
        },
        (response) => {
          response.resume();
          response.on('end', resolve);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  try {
    return {
      bareHttpMs: await cpuPer(1000, bare),
      sdkGetItemMs: await cpuPer(1000, () =>
        deps.dynamo.send(
          new GetItemCommand({ TableName: table, Key: { pk: { S: 'FLOOR' }, sk: { S: 'FLOOR' } } }),
        ),
      ),
      warmParseMs: await cpuPer(1000, () => PostalMime.parse(mail)),
    };
  } finally {
    agent.destroy();
  }
}

// DynamoDB Local as the local stack runs it: on loopback only, and never two on one data
// directory — not even after the command that started one was killed with SIGKILL.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDynamo } from '#bin/local/dynamo';
import { processAlive } from '#bin/local/lock';
import { createTableIfMissing } from '#shared/adapters/create-table';
import { dynamoTable } from '#shared/adapters/dynamodb-table';
import { dynamoAnswers, localDynamoClient } from '#shared/adapters/local';
import { listeningAddresses } from '../support/sockets.ts';

const portOf = (endpoint: string) => Number(new URL(endpoint).port);
async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 100) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

describe('DynamoDB Local', { timeout: 120_000 }, () => {
  it('listens on 127.0.0.1 only, not on every interface', async () => {
    const dynamo = await startDynamo();
    try {
      expect(listeningAddresses(portOf(dynamo.endpoint))).toEqual(['127.0.0.1']);
    } finally {
      await dynamo.stop();
    }
  });

  it('stops with the command that started it, even when that command is killed with SIGKILL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rounds-dynamo-'));
    const script = `import { startDynamo } from '#bin/local/dynamo'; const d = await startDynamo({ dataDir: ${JSON.stringify(dataDir)} }); console.log(d.endpoint);`;
    const command = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const endpoint = await new Promise<string>((resolve) =>
      command.stdout?.once('data', (d) => resolve(String(d).trim())),
    );
    const jvm = Number(readFileSync(join(dataDir, 'dynamodb-local.pid'), 'utf8'));
    expect(await dynamoAnswers(endpoint)).toBe(true);

    command.kill('SIGKILL');

    expect(await until(() => !processAlive(jvm), 30_000)).toBe(true);
    expect(await dynamoAnswers(endpoint)).toBe(false);
  });

  it('a second start on the same data stops the one left running there, and keeps its data', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rounds-dynamo-'));
    const first = await startDynamo({ dataDir });
    const tableOn = (endpoint: string) =>
      dynamoTable(localDynamoClient(endpoint), 'kept', createTableIfMissing);
    await tableOn(first.endpoint).ensure();
    await tableOn(first.endpoint).put({ pk: 'USER#1', sk: 'PROFILE', name: 'Amira' });
    const firstJvm = Number(readFileSync(join(dataDir, 'dynamodb-local.pid'), 'utf8'));
    const second = await startDynamo({ dataDir });
    try {
      expect(processAlive(firstJvm)).toBe(false);
      expect(await dynamoAnswers(first.endpoint)).toBe(false);
      expect(await dynamoAnswers(second.endpoint)).toBe(true);
      expect(await tableOn(second.endpoint).get({ pk: 'USER#1', sk: 'PROFILE' })).toEqual({ name: 'Amira' });
    } finally {
      await second.stop();
      await first.stop();
    }
    expect(existsSync(join(dataDir, 'dynamodb-local.pid'))).toBe(false);
  });
});

// The Lambda bundles as CDK builds them: within their budgets, the AWS SDK inside (nothing
// left to the runtime's copy), and working. The feedback bundle runs in a fresh Node process
// against DynamoDB Local, reached the way the SDK allows in AWS too (AWS_ENDPOINT_URL_DYNAMODB).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, inject, it } from 'vitest';
import { BUNDLE_BUDGET_KIB, esbuildOptions, FUNCTIONS, type FunctionName } from '#infra/bundling';
import { addUser } from '#shared/users/users';
import { testDeps } from '../support/local.ts';

const bundle = async (name: FunctionName) => {
  const result = await build({ ...esbuildOptions(FUNCTIONS[name]), write: false, logLevel: 'error' });
  return result.outputFiles![0]!.text;
};

describe('the Lambda bundles', () => {
  it.each(Object.keys(FUNCTIONS) as FunctionName[])(
    '%s is within its budget, with the SDK inside',
    async (name) => {
      const code = await bundle(name);
      expect(Buffer.byteLength(code)).toBeLessThanOrEqual(BUNDLE_BUDGET_KIB[name] * 1024);
      // No import of any package is left for the runtime to resolve, the SDK included.
      expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
      // Only environment credentials: the profile, SSO and instance-metadata chain is not carried.
      expect(code).not.toContain('AWS_CONTAINER_CREDENTIALS_FULL_URI');
      expect(code).not.toContain('sso_start_url');
    },
  );

  it('the feedback bundle runs in a fresh Node: a permanent bounce pauses the user’s mail', async () => {
    const deps = await testDeps();
    const { user } = await addUser({ email: 'amira@example.org', timezone: 'America/Chicago' }, deps);
    const dir = mkdtempSync(join(tmpdir(), 'rounds-bundle-'));
    writeFileSync(join(dir, 'index.mjs'), await bundle('feedback'));
    const event = {
      'detail-type': 'Email Bounced',
      detail: {
        eventType: 'Bounce',
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: user.email }] },
      },
    };
    const script = `const { handler } = await import(${JSON.stringify(join(dir, 'index.mjs'))});
process.stdout.write(JSON.stringify(await handler(${JSON.stringify(event)})));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
        ROUNDS_TABLE: deps.config.tableName,
        ROUNDS_LOG_LEVEL: 'SILENT',
      },
    });
    expect(JSON.parse(stdout)).toEqual({ paused: [user.email] });
    expect(await deps.store.users.get(user.userId)).toMatchObject({ mailPausedReason: 'bounced' });
    await deps.ses.stop();
  });
});

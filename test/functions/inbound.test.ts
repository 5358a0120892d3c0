import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboundHandler } from '#functions/inbound';
import { directoryRawMail } from '#shared/adapters/raw-mail';
import { addUser } from '#shared/users/users';
import { testDeps } from '../support/local.ts';
import { eml } from '../support/mail.ts';

let deps: Awaited<ReturnType<typeof testDeps>>;
let capture: string;
let userId: string;
const bucketDir = mkdtempSync(join(tmpdir(), 'rounds-bucket-'));

beforeAll(async () => {
  deps = await testDeps();
  const added = await addUser({ email: 'amira@example.org', timezone: 'America/Chicago' }, deps);
  capture = added.captureAddress;
  userId = added.user.userId;
});
afterAll(() => deps.ses.stop());

/** An SES receipt event as AWS documents it (Lambda action, after the S3 action). */
function sesEvent(
  sesMessageId: string,
  recipients: string[],
  verdicts = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
) {
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            timestamp: '2026-11-02T15:15:01.000Z',
            source: 'amira@example.org',
            messageId: sesMessageId,
            destination: ['mlopez@stmarys.example.edu'],
            headersTruncated: false,
            headers: [{ name: 'From', value: 'amira@example.org' }],
            commonHeaders: {
              from: ['amira@example.org'],
              to: ['mlopez@stmarys.example.edu'],
              subject: 'Hello',
            },
          },
          receipt: {
            timestamp: '2026-11-02T15:15:01.000Z',
            processingTimeMillis: 420,
            recipients,
            spamVerdict: { status: 'PASS' },
            virusVerdict: { status: 'PASS' },
            spfVerdict: { status: verdicts.spf },
            dkimVerdict: { status: verdicts.dkim },
            dmarcVerdict: { status: verdicts.dmarc },
            action: {
              type: 'Lambda',
              functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:inbound',
              invocationType: 'Event',
            },
          },
        },
      },
    ],
  };
}

describe('functions/inbound', () => {
  it('reads the raw message SES stored and ingests it for the receipt’s recipient', async () => {
    writeFileSync(
      join(bucketDir, 'ses-0001'),
      eml({
        from: 'amira@example.org',
        to: '"Dr. Maria Lopez" <mlopez@stmarys.example.edu>',
        messageId: '<lambda-1@example.org>',
      }),
    );
    const handler = createInboundHandler({ ...deps, rawMail: directoryRawMail(bucketDir) });

    const result = await handler(sesEvent('ses-0001', [capture]));

    expect(result.outcomes).toMatchObject([{ messageId: '<lambda-1@example.org>', status: 'logged' }]);
    expect(await deps.store.contacts.findByEmail(userId, 'mlopez@stmarys.example.edu')).toBeDefined();
  });

  it('rejects mail from the user’s address that failed SPF and DKIM', async () => {
    writeFileSync(
      join(bucketDir, 'ses-0002'),
      eml({ from: 'amira@example.org', to: 'forged@uni.example.edu' }),
    );
    const handler = createInboundHandler({ ...deps, rawMail: directoryRawMail(bucketDir) });

    const result = await handler(
      sesEvent('ses-0002', [capture], { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' }),
    );

    expect(result.outcomes).toMatchObject([{ status: 'rejected', reason: 'unauthenticated' }]);
    expect(await deps.store.contacts.findByEmail(userId, 'forged@uni.example.edu')).toBeUndefined();
  });

  it('processes one delivery to two users’ capture addresses for each of them', async () => {
    const other = await addUser({ email: 'kofi@example.org', timezone: 'Africa/Accra' }, deps);
    writeFileSync(
      join(bucketDir, 'ses-two-users'),
      eml({
        from: '"Dr. Rosa Diaz" <rdiaz@im.example.edu>',
        to: 'amira@example.org, kofi@example.org',
        subject: 'Noticed by both of you',
        messageId: '<two-users@im.example.edu>',
      }),
    );
    const handler = createInboundHandler({ ...deps, rawMail: directoryRawMail(bucketDir) });

    const { outcomes } = await handler(sesEvent('ses-two-users', [capture, other.captureAddress]));

    // Each user's copy is judged for that user: here a stranger to both, rejected twice.
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    const fromKofi = eml({
      from: 'kofi@example.org',
      to: '"Dr. Rosa Diaz" <rdiaz@im.example.edu>',
      subject: 'Shared outreach',
      messageId: '<shared-outreach@example.org>',
    });
    writeFileSync(join(bucketDir, 'ses-shared'), fromKofi);
    const shared = await handler(sesEvent('ses-shared', [capture, other.captureAddress]));
    expect(shared.outcomes.map((o) => [o.status, o.reason])).toEqual([
      ['rejected', 'unknown-sender'],
      ['logged', undefined],
    ]);
  });

  it('records an event that is not from SES instead of crashing', async () => {
    const handler = createInboundHandler({ ...deps, rawMail: directoryRawMail(bucketDir) });
    expect(await handler({ hello: 'world' })).toEqual({ outcomes: [] });
  });
});

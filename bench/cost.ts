// What one active user costs in AWS a month, from the requests and capacity this bench
// counted, at list prices (us-east-1, on-demand, as published when these figures were set;
// update PRICES when AWS changes them). The month is an applicant's busy month in season.
import type { Deps } from '#shared/deps';
import { sendWeeklyDigest } from '#shared/digest/send';
import { dispatchDueReminders } from '#shared/dispatch/morning-run';
import { ingestMessage } from '#shared/ingest/ingest';
import { addUser } from '#shared/users/users';
import type { IngestKind } from './ingest.ts';
import type { RequestCounts, RequestMeter } from './request-meter.ts';

/** USD. DynamoDB on-demand per request unit; Lambda arm64 per GB-second and per request. */
export const PRICES = {
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  lambdaGbSecond: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  sesSent: 0.1 / 1000,
  sesReceived: 0.1 / 1000,
  sesReceived256KbChunk: 0.09 / 1000,
  schedulerInvocation: 1 / 1e6,
  s3Put: 0.005 / 1000,
};

/** An active month: what a resident BCCs, forwards and answers, and what Rounds sends back. */
export const ACTIVE_MONTH = {
  newOutbound: 40,
  duplicate: 10,
  forwardedInvite: 6,
  replyCommand: 12,
  morningRunsNothingDue: 22,
  morningRunsSendingOne: 8,
  digests: 4,
};

export type CostFigures = {
  month: typeof ACTIVE_MONTH;
  morningNothingDue: RequestCounts;
  morningSendingOne: RequestCounts;
  digest: RequestCounts;
  usdPerUserMonth: {
    dynamodb: number;
    lambda: number;
    ses: number;
    scheduler: number;
    s3: number;
    total: number;
  };
  assumptions: string[];
};

const units = (c: Pick<RequestCounts, 'readUnits' | 'writeUnits'>) =>
  c.readUnits * PRICES.dynamoReadUnit + c.writeUnits * PRICES.dynamoWriteUnit;

export async function benchCost(
  deps: Deps,
  meter: RequestMeter,
  kinds: Record<string, IngestKind>,
): Promise<CostFigures> {
  const { user, captureAddress } = await addUser(
    { email: 'cost@example.org', timezone: 'America/Chicago' },
    deps,
  );
  await ingestMessage(
    {
      raw: Buffer.from(
        'From: cost@example.org\r\nTo: "Dr. Pat Reyes" <reyes@program.example.edu>\r\nSubject: Observership\r\nDate: Mon, 2 Nov 2026 09:15:00 -0600\r\nMessage-ID: <bench-cost@example.org>\r\n\r\nDear Dr. Reyes,\r\n',
      ),
      recipients: [captureAddress],
    },
    deps,
  );
  const { counts: morningNothingDue } = await meter.measure(() =>
    dispatchDueReminders({ userId: user.userId, asOf: new Date('2026-11-05T13:30:00Z') }, deps),
  );
  const { counts: morningSendingOne, result: sent } = await meter.measure(() =>
    dispatchDueReminders({ userId: user.userId, asOf: new Date('2026-11-17T13:30:00Z') }, deps),
  );
  if (sent.length !== 1) throw new Error(`bench: expected one nudge, sent ${sent.length}`);
  const { counts: digest } = await meter.measure(() =>
    sendWeeklyDigest({ userId: user.userId, scheduledAt: new Date('2026-11-23T13:00:00Z') }, deps),
  );

  const m = ACTIVE_MONTH;
  const ingestKinds = ['newOutbound', 'duplicate', 'forwardedInvite', 'replyCommand'] as const;
  const received = ingestKinds.reduce((sum, k) => sum + m[k], 0);
  const dynamodb =
    ingestKinds.reduce((sum, k) => sum + m[k] * units(kinds[k]!), 0) +
    m.morningRunsNothingDue * units(morningNothingDue) +
    m.morningRunsSendingOne * units(morningSendingOne) +
    m.digests * units(digest);
  // Billed duration, generously: inbound at 1024 MB for 250 ms a message (the local CPU figures
  // are 4–55 ms), dispatch at 512 MB for 150 ms a run.
  const runs = m.morningRunsNothingDue + m.morningRunsSendingOne + m.digests;
  const lambda =
    received * (1 * 0.25 * PRICES.lambdaGbSecond + PRICES.lambdaRequest) +
    runs * (0.5 * 0.15 * PRICES.lambdaGbSecond + PRICES.lambdaRequest);
  // Sent: each reminder and digest, and a confirmation for each reply command.
  const ses =
    (m.morningRunsSendingOne + m.digests + m.replyCommand) * PRICES.sesSent +
    received * (PRICES.sesReceived + PRICES.sesReceived256KbChunk);
  const scheduler = runs * PRICES.schedulerInvocation;
  const s3 = received * PRICES.s3Put;
  const total = dynamodb + lambda + ses + scheduler + s3;
  return {
    month: m,
    morningNothingDue,
    morningSendingOne,
    digest,
    usdPerUserMonth: { dynamodb, lambda, ses, scheduler, s3, total },
    assumptions: [
      'us-east-1 list prices: DynamoDB on-demand $0.625/M write and $0.125/M read units; Lambda arm64 $0.0000133334/GB-s and $0.20/M requests; SES $0.10/1,000 sent and received (+$0.09/1,000 256 KB chunks); Scheduler $1/M; S3 PUT $0.005/1,000',
      'no free tier; storage (a few MB per user) left out',
      'Lambda billed as 250 ms at 1024 MB per inbound message and 150 ms at 512 MB per scheduled run',
    ],
  };
}

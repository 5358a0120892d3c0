// `npm run bench`: how fast the hot paths are on the real local components. Numbers, not
// assertions: tests never assert wall-clock time.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { startDynamo } from '#bin/local/dynamo';
import { startSes } from '#bin/local/ses';
import { localDeps } from '#shared/adapters/local';
import { dispatchDueReminders } from '#shared/dispatch/morning-run';
import { fixedClock } from '#shared/domain/clock';
import { ingestMessage } from '#shared/ingest/ingest';
import { parseMail } from '#shared/mail/parse';
import { visibleReplyText } from '#shared/mail/reply-command';
import { addUser } from '#shared/users/users';
import { benchBundles } from './bundles.ts';
import { benchCli } from './cli.ts';
import { benchCost } from './cost.ts';
import { benchIngest, outreach as benchOutreach } from './ingest.ts';
import { benchRequestFloor } from './request-floor.ts';
import { meterRequests } from './request-meter.ts';
import { benchScale } from './scale.ts';
import { benchSmtp } from './smtp.ts';

const corpusDir = 'test/fixtures/mail';
const corpus = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.eml'))
  .map((f) => readFileSync(join(corpusDir, f)));

const rows: [string, string][] = [];
/** Everything measured, by name, for bench/results.json. */
const results: Record<string, unknown> = {
  machine: {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  },
};
const report = (name: string, value: string) => {
  rows.push([name, value]);
  process.stdout.write(`${name.padEnd(58)} ${value}\n`);
};

async function time<T>(runs: number, fn: (i: number) => Promise<T>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < runs; i++) await fn(i);
  return (performance.now() - start) / runs;
}

const dynamo = await startDynamo();
const outboxFile = join(mkdtempSync(join(tmpdir(), 'rounds-bench-')), 'outbox.jsonl');
const ses = await startSes({ outboxFile });
try {
  const config = {
    tableName: 'bench',
    captureDomain: 'in.rounds.test',
    fromAddress: 'rounds@in.rounds.test',
    signingSecret: 'bench-secret-bench-secret-bench-secret-0000',
    dashboardUrl: 'http://127.0.0.1:3000',
  };
  const deps = localDeps({
    config,
    dynamodbEndpoint: dynamo.endpoint,
    sesEndpoint: ses.endpoint,
    clock: fixedClock('2026-11-20T12:00:00Z'),
  });
  const { store } = deps;
  await store.ensureTable();
  const { user, captureAddress } = await addUser(
    { email: 'amira@example.org', timezone: 'America/Chicago' },
    deps,
  );

  // What one delivery of each kind costs: DynamoDB requests and capacity (exact), and CPU in
  // this process (median) against the bare MIME parse of the same bytes.
  const bundles = await benchBundles();
  results.bundles = bundles;
  for (const [name, b] of Object.entries(bundles))
    report(
      `bundle ${name}: KiB (budget), import ms — SDK left out before`,
      `${b.kib.toFixed(0)} (${b.budgetKib}), ${b.importMs.toFixed(0)} ms — ${b.sdkExternalKib.toFixed(0)} KiB + runtime SDK, ${b.sdkExternalImportMs.toFixed(0)} ms`,
    );

  const cli = await benchCli({ dynamodbEndpoint: dynamo.endpoint, sesEndpoint: ses.endpoint });
  results.cli = cli;
  report('rounds --help: CPU (median of 5)', `${cli.helpCpuMs.toFixed(0)} ms`);
  for (const [command, ms] of Object.entries(cli.joinCpuMs))
    report(`rounds ${command}, joining a running stack: CPU`, `${ms.toFixed(0)} ms`);

  const meter = meterRequests(deps.dynamo);
  const kinds = await benchIngest(deps, meter, { outboxFile, runs: Number(process.env.BENCH_RUNS ?? 25) });
  results.ingest = kinds;
  for (const [name, k] of Object.entries(kinds))
    report(
      `ingest ${name}: requests, RCU/WCU, CPU (× bare parse)`,
      `${k.requests} req, ${k.readUnits}/${k.writeUnits} units, ${k.cpuMs.toFixed(2)} ms (${k.cpuOverParse.toFixed(1)}×)`,
    );

  const floor = await benchRequestFloor(
    deps,
    dynamo.endpoint,
    config.tableName,
    benchOutreach(0, 'pd@program.example.edu', 'amira@example.org'),
  );
  results.requestFloor = floor;
  report(
    'one DynamoDB round trip, CPU: bare HTTP / SDK GetItem; warm bare parse',
    `${floor.bareHttpMs.toFixed(3)} / ${floor.sdkGetItemMs.toFixed(3)} ms; ${floor.warmParseMs.toFixed(3)} ms`,
  );
  for (const [name, k] of Object.entries(kinds))
    report(
      `ingest ${name}: floor (warm parse + requests × bare HTTP), ingest over it`,
      `${(floor.warmParseMs + k.requests * floor.bareHttpMs).toFixed(2)} ms, ${(k.cpuMs / (floor.warmParseMs + k.requests * floor.bareHttpMs)).toFixed(1)}×`,
    );

  const cost = await benchCost(deps, meter, kinds);
  results.cost = cost;
  report(
    'morning run, nothing due / sending one; weekly digest: requests',
    `${cost.morningNothingDue.requests} / ${cost.morningSendingOne.requests}; ${cost.digest.requests}`,
  );
  report(
    'AWS cost per active user-month (bench/cost.ts)',
    `$${cost.usdPerUserMonth.total.toFixed(4)} (DynamoDB $${cost.usdPerUserMonth.dynamodb.toFixed(5)}, Lambda $${cost.usdPerUserMonth.lambda.toFixed(5)}, SES $${cost.usdPerUserMonth.ses.toFixed(5)})`,
  );

  const scale = await benchScale(deps, meter);
  results.scale = scale;
  const sizes = Object.keys(scale);
  for (const read of Object.keys(scale[sizes[0]!]!))
    report(
      `${read} at ${sizes.join(' / ')} contacts: requests (read units), CPU`,
      sizes
        .map((n) => {
          const r = scale[n]![read]!;
          return `${r.requests} (${r.readUnits}), ${r.cpuMs.toFixed(1)} ms`;
        })
        .join(' / '),
    );

  const backtracking = `${'on at '.repeat(2_600)}\n`;
  report(
    'reply text of a 15 KB line built to backtrack (25 s before the fix)',
    `${(await time(3, async () => visibleReplyText(backtracking))).toFixed(1)} ms`,
  );
  report(
    'parseMail, corpus message (mean)',
    `${(await time(300, (i) => parseMail(corpus[i % corpus.length]!))).toFixed(2)} ms`,
  );

  const outreach = (i: number) =>
    Buffer.from(
      `From: amira@example.org\r\nTo: "Dr. P${i}" <pd${i}@program${i % 40}.example.edu>\r\nSubject: Hello ${i}\r\nDate: Mon, 2 Nov 2026 09:15:00 -0600\r\nMessage-ID: <bench-${i}@example.org>\r\n\r\nDear Dr. P${i}, ...\r\n`,
    );
  report(
    'ingest outbound BCC, new contact + nudge (mean of 300)',
    `${(await time(300, (i) => ingestMessage({ raw: outreach(i), recipients: [captureAddress] }, deps))).toFixed(2)} ms`,
  );
  report(
    'ingest a duplicate delivery (mean of 300)',
    `${(await time(300, (i) => ingestMessage({ raw: outreach(i), recipients: [captureAddress] }, deps))).toFixed(2)} ms`,
  );

  const big = Buffer.concat([
    Buffer.from(
      'From: amira@example.org\r\nTo: pd@big.example.edu\r\nSubject: CV\r\nMessage-ID: <bench-big@example.org>\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nAttached.\r\n--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n',
    ),
    Buffer.from(
      Buffer.alloc(25 * 1024 * 1024, 7)
        .toString('base64')
        .replace(/.{76}/g, '$&\r\n'),
    ),
    Buffer.from('\r\n--b--\r\n'),
  ]);
  const rssBefore = process.memoryUsage().rss;
  const bigMs = await time(1, () => ingestMessage({ raw: big, recipients: [captureAddress] }, deps));
  report(
    'ingest with 25 MB attachment',
    `${bigMs.toFixed(0)} ms, RSS +${((process.memoryUsage().rss - rssBefore) / 2 ** 20).toFixed(0)} MiB`,
  );

  const dueStart = performance.now();
  const sent = await dispatchDueReminders(
    { userId: user.userId, asOf: new Date('2026-11-17T13:30:00Z') },
    deps,
  );
  const perReminder = (performance.now() - dueStart) / Math.max(1, sent.length);
  report(`dispatch ${sent.length} due reminders (query + send + mark)`, `${perReminder.toFixed(2)} ms each`);
  report(
    'dispatch when nothing is due (one Query)',
    `${(await time(100, () => dispatchDueReminders({ userId: user.userId, asOf: new Date('2026-11-17T13:30:00Z') }, deps))).toFixed(2)} ms`,
  );
  const smtp = await benchSmtp(deps, captureAddress, user.email);
  results.smtp = smtp;
  report(
    `inbound SMTP on loopback, ${smtp.messages} messages into ingest`,
    `${smtp.perSecond.toFixed(0)}/s, RSS ${smtp.rssBeforeMiB.toFixed(0)} → ${smtp.rssAfterMiB.toFixed(0)} MiB`,
  );
  report('peak RSS of this process', `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  results.table = Object.fromEntries(rows);
  writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write('\nwritten: bench/results.json\n');
} finally {
  await ses.stop();
  await dynamo.stop();
}

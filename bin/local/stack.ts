// `rounds start`: the whole local stack in the foreground.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { localDeps } from '#shared/adapters/local';
import type { User } from '#shared/domain/model';
import { createApp } from '#shared/http/app';
import { captureAddressFor } from '#shared/mail/address';
import { createSignInLink } from '#shared/users/sign-in';
import { startDynamo } from './dynamo.ts';
import { startEmulator } from './emulator.ts';
import {
  localConfig,
  localPorts,
  paths,
  readStackRecord,
  removeStackRecord,
  roundsHome,
  writeStackRecord,
} from './home.ts';
import { acquireHomeLock } from './lock.ts';
import { assertPortFree, LOOPBACK } from './ports.ts';
import { startSes } from './ses.ts';
import { startSmtp } from './smtp.ts';
import { stopWarm } from './warm.ts';

const say = (line = '') => process.stdout.write(`${line}\n`);

/** `rounds start`: the whole local stack in the foreground; Ctrl-C stops all of it. */
export async function startStack(): Promise<void> {
  const home = roundsHome();
  const running = readStackRecord(home);
  if (running)
    throw new Error(`Rounds is already running here (pid ${running.pid}); stop it first, or use it as it is`);
  const config = localConfig(home);
  const ports = localPorts();
  process.env.ROUNDS_LOG_FILE ??= paths(home).log;
  await assertPortFree(ports.smtp, 'inbound SMTP');
  await assertPortFree(ports.http, 'dashboard');

  const stops: (() => Promise<void>)[] = [];
  // A DynamoDB Local kept warm for earlier commands gives the data over to the stack.
  await stopWarm(home);
  // Held for the stack's life: commands join the stack instead of starting their own.
  const release = await acquireHomeLock(paths(home).lock);
  stops.push(async () => release());
  const stopAll = async () => {
    // Unannounce first, so no command joins a stack that is going away.
    removeStackRecord(home);
    for (const stop of stops.reverse()) await stop().catch(() => {});
  };
  try {
    say('Starting Rounds…');
    const dynamo = await startDynamo({
      dataDir: paths(home).dynamodb,
      ...(ports.dynamodb ? { port: ports.dynamodb } : {}),
    });
    stops.push(dynamo.stop);
    const ses = await startSes({ outboxFile: paths(home).outbox, port: ports.ses });
    stops.push(ses.stop);
    const deps = localDeps({ config, dynamodbEndpoint: dynamo.endpoint, sesEndpoint: ses.endpoint });
    stops.push(async () => deps.close());
    const { store } = deps;
    await store.ensureTable();

    const smtp = await startSmtp({
      port: ports.smtp,
      mailDir: paths(home).mail,
      deps,
      onOutcome: (o) => say(`[inbound] ${o.status}${o.reason ? ` (${o.reason})` : ''} ${o.messageId}`),
    });
    stops.push(smtp.stop);
    const http = serve({ fetch: createApp(deps).fetch, port: ports.http, hostname: LOOPBACK });
    stops.push(() => new Promise<void>((resolve) => http.close(() => resolve())));
    const emulator = startEmulator(deps, (sent) => {
      for (const mail of sent) say(`[scheduler] sent ${mail.kind} to ${mail.to}: ${mail.subject}`);
    });
    stops.push(emulator.stop);

    writeStackRecord(home, {
      pid: process.pid,
      dynamodbEndpoint: dynamo.endpoint,
      sesEndpoint: ses.endpoint,
      smtpPort: ports.smtp,
      httpPort: ports.http,
      startedAt: new Date().toISOString(),
    });

    say('');
    say('Rounds is running (Ctrl-C stops all of it):');
    say(`  inbound mail (SMTP)    smtp://${LOOPBACK}:${ports.smtp}   for *@${config.captureDomain}`);
    say(`  sent mail (SES v2 API) ${ses.endpoint}   web view of sent mail: ${ses.endpoint}/`);
    say(`  dashboard              http://${LOOPBACK}:${ports.http}`);
    say(`  DynamoDB Local         ${dynamo.endpoint}   data in ${paths(home).dynamodb}`);
    say('  scheduler              per-user morning run and weekly digest, on the real clock');
    say('');
    const users = await store.users.list();
    if (users.length === 0) {
      say('No user yet. Add one (in another terminal):');
      say('  npx rounds user add amira@example.org --name "Amira Haddad" --tz America/Chicago');
    }
    const announced = new Set<string>();
    const announce = async (user: User) => {
      announced.add(user.userId);
      const capture = captureAddressFor(user.captureToken, config.captureDomain);
      const link = await createSignInLink(user, deps);
      say(`${user.name ?? user.email} <${user.email}>`);
      say(`  capture address: ${capture}`);
      say(`  sign in:         ${link.url}   (works once, for 15 minutes; 'npx rounds link' makes another)`);
      const sample = join(home, `sample-${user.userId}.eml`);
      writeFileSync(sample, sampleOutreach(user.email, user.name, capture));
      say('  send a test email to it:');
      say(
        `    curl -s --url smtp://${LOOPBACK}:${ports.smtp} --mail-from ${user.email} --mail-rcpt ${capture} --upload-file ${sample}`,
      );
    };
    for (const { userId } of users) {
      const user = await store.users.get(userId);
      if (user) await announce(user);
    }
    // A user added while the stack runs (`rounds user add` in another terminal) gets a link too.
    const watch = setInterval(() => {
      void store.users
        .list()
        .then(async (all) => {
          for (const { userId } of all) {
            if (announced.has(userId)) continue;
            const user = await store.users.get(userId);
            if (user) await announce(user);
          }
        })
        .catch(() => {});
    }, 2_000);
    stops.push(async () => clearInterval(watch));
  } catch (error) {
    await stopAll();
    throw error;
  }

  await new Promise<void>((resolve) => {
    const shutdown = () => {
      say('\nStopping Rounds…');
      void stopAll().then(resolve);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  say(`Stopped. Your data is kept in ${home}`);
}

function sampleOutreach(email: string, name: string | undefined, capture: string): string {
  return [
    `From: ${name ? `"${name}" ` : ''}<${email}>`,
    'To: "Dr. Maria Lopez" <mlopez@stmarys.example.edu>',
    `Bcc: ${capture}`,
    'Subject: Research opportunities in PM&R',
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <sample-${Date.now()}@rounds.localhost>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Dear Dr. Lopez,',
    '',
    'Thank you for your talk on spinal cord injury rehabilitation. I would be grateful',
    'for ten minutes of your time to ask about research opportunities in your department.',
    '',
    'Best regards,',
    name ?? email,
    '',
  ].join('\r\n');
}

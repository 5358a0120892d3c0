// aws-ses-v2-local: the SES v2 API on loopback, with every sent message appended to the outbox.
import { appendFileSync } from 'node:fs';
import type { Server } from 'node:http';
import sesModule from 'aws-ses-v2-local';
import { type Email, getStoreReadonly } from 'aws-ses-v2-local/dist/store.js';
import { type OutboxEntry, readOutbox } from './outbox.ts';
import { assertPortFree, freePort, LOOPBACK } from './ports.ts';

export { type OutboxEntry, readOutbox };

// A CommonJS module with `exports.default`: seen as the default or as its `.default` by ESM loaders.
const sesServer = (sesModule as unknown as { default?: typeof sesModule }).default ?? sesModule;

const toEntry = (email: Email): OutboxEntry => ({
  messageId: email.messageId,
  to: [...email.destination.to, ...email.destination.cc].join(', '),
  from: email.from,
  replyTo: email.replyTo.join(', '),
  subject: email.subject,
  text: email.body.text ?? '',
  html: email.body.html ?? '',
  sentAt: new Date(email.at * 1000).toISOString(),
  ...(email.headers ? { headers: email.headers } : {}),
});

const fromEntry = (entry: OutboxEntry): Email => ({
  messageId: entry.messageId,
  from: entry.from,
  replyTo: entry.replyTo ? entry.replyTo.split(', ') : [],
  destination: { to: entry.to ? entry.to.split(', ') : [], cc: [], bcc: [] },
  subject: entry.subject,
  body: { text: entry.text, html: entry.html },
  attachments: [],
  ...(entry.headers ? { headers: entry.headers } : {}),
  at: Math.floor(Date.parse(entry.sentAt) / 1000),
});

export type RunningSes = { endpoint: string; port: number; stop(): Promise<void> };

/**
 * Runs aws-ses-v2-local (the SES v2 API and its web view of sent mail) in this process.
 * It keeps mail in memory; the outbox file makes sent mail outlive a restart and lets
 * `rounds outbox` read it whether or not the stack runs.
 */
export async function startSes(options: { outboxFile: string; port?: number }): Promise<RunningSes> {
  const port = options.port ?? (await freePort());
  await assertPortFree(port, 'SES v2 API');
  const store = getStoreReadonly() as { emails: Email[] };
  if (store.emails.length === 0) store.emails.push(...readOutbox(options.outboxFile).map(fromEntry));
  const emails = store.emails;
  const push = emails.push.bind(emails);
  emails.push = (...items: Email[]) => {
    for (const email of items) appendFileSync(options.outboxFile, `${JSON.stringify(toEntry(email))}\n`);
    return push(...items);
  };
  const server: Server = await sesServer({ host: LOOPBACK, port });
  return {
    endpoint: `http://${LOOPBACK}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        emails.push = push;
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

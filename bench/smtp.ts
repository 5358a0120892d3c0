// Inbound SMTP on loopback: messages a second through the local stack's server into ingest,
// one connection per message as a mail server delivers them, ten at a time (smtp-server holds
// each greeting 100 ms to catch clients that talk too soon), with memory before and after.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '#bin/local/ports';
import { startSmtp } from '#bin/local/smtp';
import type { Deps } from '#shared/deps';
import { smtpSend } from '../test/support/cli.ts';

const CONCURRENT = 10;

export type SmtpFigures = { messages: number; perSecond: number; rssBeforeMiB: number; rssAfterMiB: number };

export async function benchSmtp(
  deps: Deps,
  capture: string,
  from: string,
  messages = 300,
): Promise<SmtpFigures> {
  const port = await freePort();
  let logged = 0;
  const smtp = await startSmtp({
    port,
    mailDir: mkdtempSync(join(tmpdir(), 'rounds-bench-smtp-')),
    deps,
    onOutcome: (outcome) => {
      if (outcome.status === 'logged') logged += 1;
    },
  });
  const rssBeforeMiB = process.memoryUsage().rss / 2 ** 20;
  const start = performance.now();
  try {
    const send = async (i: number) => {
      const raw = Buffer.from(
        `From: ${from}\r\nTo: "Dr. S${i}" <s${i}@smtp${i % 30}.example.edu>\r\nBcc: ${capture}\r\nSubject: Hello ${i}\r\nDate: Mon, 2 Nov 2026 09:15:00 -0600\r\nMessage-ID: <bench-smtp-${i}@example.org>\r\n\r\nDear Dr. S${i},\r\n`,
      );
      await smtpSend(port, from, [capture], raw);
    };
    let next = 0;
    const sender = async () => {
      while (next < messages) await send(next++);
    };
    await Promise.all(Array.from({ length: CONCURRENT }, sender));
  } finally {
    await smtp.stop();
  }
  const seconds = (performance.now() - start) / 1000;
  if (logged !== messages) throw new Error(`bench: ${logged} of ${messages} SMTP messages were logged`);
  return {
    messages,
    perSecond: messages / seconds,
    rssBeforeMiB,
    rssAfterMiB: process.memoryUsage().rss / 2 ** 20,
  };
}

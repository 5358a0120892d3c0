// The local inbound mail server: SMTP on loopback for the capture domain, delivering to ingest.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { Deps } from '#shared/deps';
import { sha256Hex } from '#shared/domain/ids';
import { type IngestOutcome, ingestMessage } from '#shared/ingest/ingest';
import { isCaptureDomainAddress, recipientsByCaptureToken } from '#shared/mail/address';
import { LOOPBACK } from './ports.ts';

/** The largest message SES accepts into S3 (AWS-NOTES.md §1). */
const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

/**
 * Inbound mail, as SES receives it: accepts mail for the capture domain only, keeps the raw
 * message under $ROUNDS_HOME/mail/ (the local S3 bucket) until ingest has processed it.
 */
export async function startSmtp(options: {
  port: number;
  mailDir: string;
  deps: Deps;
  onOutcome: (outcome: IngestOutcome & { recipients: string[] }) => void;
}): Promise<{ stop(): Promise<void> }> {
  mkdirSync(options.mailDir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    banner: 'Rounds local inbound',
    // Every client is on loopback: a reverse DNS lookup per connection only waits (~120 ms).
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      if (!isCaptureDomainAddress(address.address, options.deps.config.captureDomain)) {
        return callback(
          Object.assign(
            new Error(`550 ${address.address}: this server only accepts mail for the capture domain`),
            {
              responseCode: 550,
            },
          ),
        );
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        if (stream.sizeExceeded) {
          return callback(Object.assign(new Error('552 message too large'), { responseCode: 552 }));
        }
        const raw = Buffer.concat(chunks);
        const recipients = session.envelope.rcptTo.map((r) => r.address);
        const file = join(
          options.mailDir,
          `${new Date().toISOString().replace(/[:.]/g, '-')}-${sha256Hex(raw).slice(0, 12)}.eml`,
        );
        try {
          writeFileSync(file, raw);
          const captured = recipientsByCaptureToken(recipients, options.deps.config.captureDomain);
          const outcomes = [];
          for (const group of captured)
            outcomes.push({
              ...(await ingestMessage({ raw, recipients: group }, options.deps)),
              recipients: group,
            });
          // Raw mail is kept only as long as processing needs (DOMAIN.md, Privacy).
          rmSync(file, { force: true });
          for (const outcome of outcomes) options.onOutcome(outcome);
          callback();
        } catch (error) {
          // Accepted mail that failed to process stays on disk; `rounds ingest <file>` retries it.
          callback(
            Object.assign(new Error(`451 temporary failure: ${String(error)}`), { responseCode: 451 }),
          );
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, LOOPBACK, () => resolve());
  });
  server.on('error', () => {});
  return { stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

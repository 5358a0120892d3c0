// The local outbox file: every message the local SES API accepted, one JSON line each. Read
// without loading the SES server, so `rounds outbox` starts at once.
import { existsSync, readFileSync } from 'node:fs';

export type OutboxEntry = {
  messageId: string;
  to: string;
  from: string;
  replyTo: string;
  subject: string;
  text: string;
  html: string;
  sentAt: string;
  headers?: { name: string; value: string }[];
};

export function readOutbox(file: string): OutboxEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as OutboxEntry);
}

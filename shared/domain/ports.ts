// The ports use cases send through, as types only: adapters implement them (SES, S3,
// EventBridge Scheduler, or their local stand-ins). The store is a port too (store/index.ts).

export type OutgoingMail = {
  to: string;
  from: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  headers: { name: string; value: string }[];
  /** Files sent along (the welcome email's vCard of the capture address). */
  attachments?: { filename: string; contentType: string; content: string }[];
};

/** Sends one email; the id is the Message-ID the recipient's client will cite in a reply. */
export type Mailer = { send(mail: OutgoingMail): Promise<{ messageId: string }> };

/** Where SES left the raw message: S3 in AWS, $ROUNDS_HOME/mail locally. Keyed by SES message id. */
export type RawMailSource = { get(key: string): Promise<Uint8Array> };

/**
 * "I sent it" on a held message: ingest runs where mail is processed. Locally that is this
 * process; in AWS the dashboard's function hands it to the inbound function, which has the
 * memory and time for a 25 MB message and keeps the dashboard's bundle free of the parsers.
 */
export type HeldMail = { confirm(userId: string, heldId: string): Promise<{ line: string }> };

export type { Clock } from './clock.ts';
export type { Schedules } from './schedules.ts';

// What ingest says it did with one message (CONTRACT.md, `rounds ingest`).
import type { InteractionView, ReminderRef, ReminderView } from '../domain/views.ts';
import type { CommandOutcome } from '../reply/outcome.ts';
import type { SenderVerdicts } from './trust.ts';

export type IngestInput = {
  raw: Uint8Array;
  /** Envelope recipients: SES receipt recipients, SMTP RCPT TO, or `rounds ingest --to`. */
  recipients: string[];
  verdicts?: SenderVerdicts;
  /** The envelope sender (SES `mail.source`): SPF vouches for its domain, not for From's. */
  mailFrom?: string;
  /** The user confirmed a held message as theirs (ingest/confirm-held.ts). */
  userConfirmed?: boolean;
  /** Mail from the user's archive (ingest/past-mail.ts): logged at its dates, never a command. */
  pastMail?: { staleBefore: string };
};

export type IngestOutcome = {
  messageId: string;
  status: 'logged' | 'duplicate' | 'command' | 'ignored' | 'rejected';
  reason?: string;
  interactions?: InteractionView[];
  reminders?: {
    created: ReminderView[];
    resolved: ReminderRef[];
    /** Moved by a calendar update. */
    moved?: ReminderView[];
    /** Removed by a calendar cancellation. */
    cancelled?: ReminderRef[];
  };
  command?: CommandOutcome;
  /** A residency program's mail: the program it updated, as it now stands. */
  program?: { id: string; name: string; status: string };
  unknownTags?: string[];
  /** What Rounds had to guess or could not read (a calendar line, a message missing from the thread). */
  warnings?: string[];
};

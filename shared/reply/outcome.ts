// What a reply command did, as the ingest outcome's `command` field reports it (CONTRACT.md).
import type { User } from '../domain/model.ts';
import type { SignedTag } from '../domain/signing.ts';
import type { ParsedMail } from '../mail/parse.ts';

export type CommandAction =
  | 'done'
  | 'replied'
  | 'snooze'
  | 'skip'
  | 'stop'
  | 'note'
  | 'tier'
  /** An interview debrief: the people met joined the program, the note went on it. */
  | 'debrief'
  | 'unknown';

export type DigestItemOutcome = {
  item: number;
  action: CommandAction;
  reminderId?: string;
  contact?: string;
  until?: string;
  /** Set when the command changed nothing: the reminder had already closed. */
  unchanged?: 'already-closed';
};

export type CommandOutcome =
  | {
      action: CommandAction | 'unsubscribe';
      reminderId?: string;
      until?: string;
      unchanged?: 'already-closed';
    }
  | { action: 'digest'; items: DigestItemOutcome[] };

/** What a reply acts on: the user, their message, and the signed tag of the address it went to. */
export type ReplyInput = {
  user: User;
  mail: ParsedMail;
  tag: SignedTag;
  occurredAt: string;
  replyAddress: string;
};

/** An outcome, and the confirmation to send once the outcome is recorded. */
export type ReplyResult = { outcome: CommandOutcome; confirm: () => Promise<void> };

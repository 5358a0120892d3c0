// The user's "I sent it" on a held message: it runs through ingest as theirs. The held copy is
// released afterwards; a second click finds nothing. ("I did not" is in held-answer.ts.)
import type { Deps } from '../deps.ts';
import type { HeldMail } from '../domain/ports.ts';
import { answerableHeld, HELD_GONE } from './held-answer.ts';
import { ingestMessage } from './ingest.ts';
import type { IngestOutcome } from './outcome.ts';

export type HeldAnswer = { line: string; outcome?: IngestOutcome };

export async function confirmHeld(userId: string, heldId: string, deps: Deps): Promise<HeldAnswer> {
  const held = await answerableHeld(userId, heldId, deps);
  if (!held) return { line: HELD_GONE };
  const outcome = await ingestMessage(
    {
      raw: held.raw,
      recipients: held.recipients,
      ...(held.mailFrom ? { mailFrom: held.mailFrom } : {}),
      ...(held.verdicts ? { verdicts: held.verdicts } : {}),
      userConfirmed: true,
    },
    deps,
  );
  // Released only after ingest finished: a click that failed half-way can be clicked again.
  await deps.store.held.release(userId, heldId);
  return { line: lineFor(outcome), outcome };
}

/** Confirmations run here, in this process (the local stack, the CLI, the inbound function). */
export const heldMailInProcess = (deps: () => Deps): HeldMail => ({
  confirm: (userId, heldId) => confirmHeld(userId, heldId, deps()),
});

function lineFor(outcome: IngestOutcome): string {
  if (outcome.status === 'duplicate') return 'That email was recorded already.';
  if (outcome.status !== 'logged') return `Rounds did not record it (${outcome.reason ?? outcome.status}).`;
  const people = [...new Set(outcome.interactions?.flatMap((i) => i.contacts.map((c) => c.name ?? c.email)))];
  return `Recorded${people.length > 0 ? `: ${people.join(', ')}` : ''}.`;
}

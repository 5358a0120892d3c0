// The user's answer to a held message: "I sent it" runs it through ingest as theirs; "I did
// not" discards it. Either way the held copy is gone afterwards; a second click finds nothing.
import type { Deps } from '../deps.ts';
import type { User } from '../domain/model.ts';
import { ingestMessage } from './ingest.ts';
import type { IngestOutcome } from './outcome.ts';

export type HeldAnswer = { line: string; outcome?: IngestOutcome };

const GONE = 'Nothing is waiting here: it was recorded or discarded already, or it expired.';

/** What the page that asks shows of a held message (undefined when there is none). */
export async function heldSummary(user: User, heldId: string, deps: Deps) {
  const held = await deps.store.held.get(user.userId, heldId);
  if (!held || held.confirmBy < deps.clock.now().toISOString()) return undefined;
  return { subject: held.subject, to: held.to, heldAt: held.heldAt };
}

export async function confirmHeld(user: User, heldId: string, deps: Deps): Promise<HeldAnswer> {
  const held = await deps.store.held.get(user.userId, heldId);
  if (!held || held.confirmBy < deps.clock.now().toISOString()) return { line: GONE };
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
  await deps.store.held.release(user.userId, heldId);
  return { line: lineFor(outcome), outcome };
}

export async function discardHeld(user: User, heldId: string, deps: Deps): Promise<HeldAnswer> {
  const held = await deps.store.held.get(user.userId, heldId);
  if (!held) return { line: GONE };
  await deps.store.held.release(user.userId, heldId);
  return { line: 'Discarded: nothing from that email was recorded.' };
}

function lineFor(outcome: IngestOutcome): string {
  if (outcome.status === 'duplicate') return 'That email was recorded already.';
  if (outcome.status !== 'logged') return `Rounds did not record it (${outcome.reason ?? outcome.status}).`;
  const people = [...new Set(outcome.interactions?.flatMap((i) => i.contacts.map((c) => c.name ?? c.email)))];
  return `Recorded${people.length > 0 ? `: ${people.join(', ')}` : ''}.`;
}

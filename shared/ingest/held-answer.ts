// What the held-message link shows and does without ingest itself: the summary that asks,
// "I did not" (discard), and the event that asks the inbound function to record one.
import type { Deps } from '../deps.ts';
import type { User } from '../domain/model.ts';

export const HELD_GONE = 'Nothing is waiting here: it was recorded or discarded already, or it expired.';

/** The event the dashboard sends the inbound function for "I sent it" (AWS only). */
export const HELD_CONFIRMATION_SOURCE = 'rounds.held-confirmation';
export type HeldConfirmationEvent = {
  source: typeof HELD_CONFIRMATION_SOURCE;
  userId: string;
  heldId: string;
};

export function isHeldConfirmation(event: unknown): event is HeldConfirmationEvent {
  const e = event as Partial<HeldConfirmationEvent> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    e.source === HELD_CONFIRMATION_SOURCE &&
    typeof e.userId === 'string' &&
    typeof e.heldId === 'string'
  );
}

/** A held message that can still be answered, or undefined. */
export async function answerableHeld(userId: string, heldId: string, deps: Pick<Deps, 'store' | 'clock'>) {
  const held = await deps.store.held.get(userId, heldId);
  return held && held.confirmBy >= deps.clock.now().toISOString() ? held : undefined;
}

/** What the page that asks shows of a held message (undefined when there is none). */
export async function heldSummary(user: User, heldId: string, deps: Pick<Deps, 'store' | 'clock'>) {
  const held = await answerableHeld(user.userId, heldId, deps);
  return held ? { subject: held.subject, to: held.to, heldAt: held.heldAt } : undefined;
}

export async function discardHeld(user: User, heldId: string, deps: Pick<Deps, 'store'>) {
  const held = await deps.store.held.get(user.userId, heldId);
  if (!held) return { line: HELD_GONE };
  await deps.store.held.release(user.userId, heldId);
  return { line: 'Discarded: nothing from that email was recorded.' };
}

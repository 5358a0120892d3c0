// A letter writer moved a step on their ladder (the CLI, the contact page): the reminders of
// the steps behind end and the new step's are planned (domain/letters.ts).
import type { Deps } from '../deps.ts';
import { letterNeededBy, planLetterStep } from '../domain/letters.ts';
import type { Contact, LetterStatus, User } from '../domain/model.ts';
import { applyReminderPlan } from './apply.ts';
import { plannerFor } from './read.ts';

export async function moveLetter(
  user: User,
  writer: Contact,
  from: LetterStatus | null | undefined,
  neededBy: string | undefined,
  deps: Pick<Deps, 'store' | 'clock'>,
) {
  const to = writer.letterStatus;
  if (!to || to === from) return undefined;
  const now = deps.clock.now().toISOString();
  const planner = await plannerFor(user.userId, [writer.contactId], deps);
  planLetterStep(planner, { writer, from, to, neededBy: neededBy ?? letterNeededBy(now), now });
  return applyReminderPlan(planner.plan(), deps);
}

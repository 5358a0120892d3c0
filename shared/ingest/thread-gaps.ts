// "Forgot to BCC": a thread Rounds logged goes on, and a message it cites never reached
// Rounds. Said in the outcome and, gently, in the next digest; nothing is guessed from it.
import type { Deps } from '../deps.ts';
import type { ParsedMail } from '../mail/parse.ts';

/** The messages of a logged thread this one cites that Rounds never saw (the newest ten looked at). */
export async function threadGaps(
  userId: string,
  mail: ParsedMail,
  known: string[],
  deps: Pick<Deps, 'store'>,
): Promise<string[]> {
  const cited = [...new Set([...mail.references, ...mail.inReplyTo])]
    .filter((id) => id !== mail.messageId && !known.includes(id))
    .slice(-10);
  if (cited.length === 0) return [];
  const seen = await Promise.all(cited.map((id) => deps.store.messages.hasSeen(userId, id)));
  // A thread Rounds never logged is not a gap: it began before the user BCC'd anything.
  if (!seen.some(Boolean) && known.length === 0) return [];
  return cited.filter((_, i) => !seen[i]);
}

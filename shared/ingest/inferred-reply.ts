// The contact's reply Rounds never saw: the user BCCs their answer, which quotes it. When the
// quoted attribution names one of the people written to (or a known contact), and the message
// it answers was not logged, that person replied — at the quoted time, never after the answer.
import { contactPeople, ownAddresses } from '../contacts/people.ts';
import type { Deps } from '../deps.ts';
import { stableId } from '../domain/ids.ts';
import type { User } from '../domain/model.ts';
import { isReplySubject } from '../mail/intent.ts';
import type { ParsedMail, Person } from '../mail/parse.ts';
import { quotedAttribution } from '../mail/quote.ts';

export type InferredReply = { from: Person; occurredAt: string; messageId: string };

/** "Dr. Maria Lopez" and "Dr Maria  Lopez" and "Lopez, Maria" are one name. */
const nameKey = (name: string | undefined) =>
  (name ?? '')
    .toLowerCase()
    .replace(/[^\p{L}\s]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 1 && !['dr', 'prof', 'md', 'phd', 'do'].includes(w))
    .sort()
    .join(' ');

export async function findInferredReply(
  mail: ParsedMail,
  user: User,
  answerAt: string,
  deps: Pick<Deps, 'store' | 'config'>,
): Promise<InferredReply | undefined> {
  if (!isReplySubject(mail.subject) && mail.inReplyTo.length === 0) return undefined;
  const attribution = quotedAttribution(mail.text, user.timezone, new Date(answerAt));
  if (!attribution) return undefined;
  const own = ownAddresses(user);
  if (attribution.email && own.has(attribution.email)) return undefined;
  const recipients = contactPeople([...mail.to, ...mail.cc], user, deps.config.captureDomain);
  let from = attribution.email
    ? recipients.find((p) => p.email === attribution.email)
    : recipients.find((p) => p.name && nameKey(p.name) === nameKey(attribution.name));
  if (!from && attribution.email) {
    // Someone not on this answer, but a contact already: still their reply.
    const known = await deps.store.contacts.findByEmail(user.userId, attribution.email);
    if (known) from = { email: known.email, ...(attribution.name ? { name: attribution.name } : {}) };
  }
  if (!from || own.has(from.email)) return undefined;
  // The message answered: when Rounds logged it, the reply is already on the timeline.
  const answered = mail.inReplyTo[0];
  if (answered && (await deps.store.messages.hasSeen(user.userId, answered))) return undefined;
  const quoted = attribution.date && attribution.date < answerAt ? attribution.date : answerAt;
  return {
    from,
    occurredAt: quoted,
    messageId: answered ?? `<inferred.${stableId(user.userId, from.email, quoted)}@rounds.generated>`,
  };
}

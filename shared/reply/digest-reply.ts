// A reply to the weekly digest: one command per line, naming the digest's items by number.
import type { Deps } from '../deps.ts';
import { digestCommandLines, parseDigestLine } from '../mail/reply-command.ts';
import { actOnReminder, setTier } from './act.ts';
import { confirmer } from './confirm.ts';
import type { DigestItemOutcome, ReplyInput, ReplyResult } from './outcome.ts';

/**
 * A reply to the weekly digest: one command per line, naming its items by number
 * ("done 2", "snooze 3 1w", "tier 5 mentor"). Every line is answered on its own, the ones
 * Rounds could not use too ("skip 4: there is no item 4 in this digest.").
 */
export async function applyDigestReply(input: ReplyInput, deps: Deps): Promise<ReplyResult> {
  const { user, mail, tag } = input;
  const reply = confirmer(input, deps);
  const digest = await deps.store.digests.get(user.userId, tag.subject);
  if (!digest) return { outcome: { action: 'unknown' }, confirm: reply('That digest is too old to act on.') };
  const results: DigestItemOutcome[] = [];
  const lines: string[] = [];
  const unreadable: string[] = [];
  let understood = false;
  for (const line of digestCommandLines(mail.text)) {
    const parsed = parseDigestLine(line, new Date(input.occurredAt), user.timezone);
    if (!parsed) {
      unreadable.push(line);
      lines.push(
        `“${line}”: not a command Rounds knows; write the command and the item number, e.g. done 2.`,
      );
      continue;
    }
    understood = true;
    const item = digest.items.find((i) => i.n === parsed.item);
    if (!item) {
      lines.push(`${line}: there is no item ${parsed.item} in this digest.`);
      results.push({ item: parsed.item, action: 'unknown' });
      continue;
    }
    if (item.type === 'contact') {
      if (parsed.command.action !== 'tier') {
        lines.push(
          `${parsed.item}: ${item.label} is a new contact; reply "tier ${parsed.item} mentor" (or sponsor, working, peer, weak_tie).`,
        );
        results.push({ item: parsed.item, action: 'unknown', contact: item.email });
        continue;
      }
      lines.push(`${parsed.item}: ${await setTier(user, item.email, parsed.command.tier, deps)}`);
      results.push({ item: parsed.item, action: 'tier', contact: item.email });
      continue;
    }
    const reminder = await deps.store.reminders.get(user.userId, item.reminderId);
    if (!reminder) {
      lines.push(`${parsed.item}: that reminder no longer exists.`);
      results.push({ item: parsed.item, action: 'unknown', reminderId: item.reminderId });
      continue;
    }
    const done = await actOnReminder(
      user,
      reminder,
      parsed.command,
      { messageId: mail.messageId, occurredAt: input.occurredAt },
      deps,
    );
    lines.push(`${parsed.item}: ${done.line}`);
    results.push({
      item: parsed.item,
      action: parsed.command.action,
      reminderId: reminder.reminderId,
      ...done.extra,
    });
  }
  // Nothing in the reply was a command at all: answer with the list of commands instead.
  if (!understood)
    return { outcome: { action: 'digest', items: [] }, confirm: reply(unreadable[0] ?? '', true) };
  return { outcome: { action: 'digest', items: results }, confirm: reply(lines.join('\n')) };
}

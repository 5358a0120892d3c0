// Sending the weekly digest: at most once per user and ISO week — the week is claimed before
// sending and given back only if the send fails.
import { renderDigest } from '#templates/digest';
import { logger } from '../adapters/observability.ts';
import { networkContacts } from '../contacts/network-contacts.ts';
import type { Deps } from '../deps.ts';
import type { SentMail } from '../dispatch/morning-run.ts';
import { addDays } from '../domain/clock.ts';
import type { Contact, Milestone, Reminder } from '../domain/model.ts';
import { resolveSettings } from '../domain/settings.ts';
import { emailDashboardLink, mailToUser } from '../mail/envelope.ts';
import { buildDigest, isoWeekKey } from './build.ts';

/**
 * Sends the user's digest for the ISO week of `scheduledAt`, at most once: the week is
 * claimed before sending and given back only if the send fails.
 */
export async function sendWeeklyDigest(
  input: { userId: string; scheduledAt: Date },
  deps: Deps,
): Promise<SentMail[]> {
  const { store, config } = deps;
  const user = await store.users.get(input.userId);
  if (!user || user.mailPausedAt) return [];
  // A wake-up from before the user joined has no week of theirs to sum up.
  if (input.scheduledAt.toISOString() < user.createdAt) return [];
  const settings = resolveSettings(user.settings);
  const week = isoWeekKey(input.scheduledAt, user.timezone);
  if (await store.digests.settled(user.userId, week, deps.clock.now().toISOString())) return [];
  const now = input.scheduledAt.toISOString();
  const [read, reminders, items, activity, notices, programs] = await Promise.all([
    networkContacts(user, addDays(now, -7), deps),
    store.reminders.open(user),
    store.milestones.list(user.userId),
    store.interactions.activityBetween(user.userId, addDays(now, -7), now),
    store.notices.between(user.userId, addDays(now, -7), `${now}~`),
    store.programs.list(user.userId),
  ]);
  const contacts = await withNamedContacts(user.userId, read, reminders, items, deps);
  const model = {
    ...buildDigest({ user, contacts, reminders, items, activity, notices, programs, now, settings }),
    week,
  };
  const claimedAt = deps.clock.now().toISOString();
  if (model.empty && !settings.emptyDigest) {
    await store.digests.claim(user.userId, { week, state: 'skipped', items: [], claimedAt });
    return [];
  }
  if (!(await store.digests.claim(user.userId, { week, state: 'sending', items: model.items, claimedAt })))
    return [];

  const rendered = renderDigest(model, emailDashboardLink(config));
  try {
    const { messageId } = await deps.mailer.send(
      mailToUser(
        user,
        config,
        {
          purpose: 'w',
          subject: week,
          threadId: `digest.${week}.${user.userId}`,
          marker: { name: 'X-Rounds-Digest', value: week },
        },
        rendered,
        input.scheduledAt,
      ),
    );
    // The record of the email first, the week's state last: a run that dies between them leaves
    // the claim to lapse and the digest to be sent again, never a sent digest Rounds cannot trace.
    await store.messages.recordSent(user.userId, messageId, { kind: 'digest', week, sentAt: claimedAt });
    await store.digests.put(user.userId, {
      week,
      state: 'sent',
      items: model.items,
      claimedAt,
      messageId,
      sentAt: claimedAt,
    });
    logger.info('digest sent', { userId: user.userId, week, items: model.items.length });
    const reminderIds = model.items.flatMap((i) => (i.type === 'reminder' ? [i.reminderId] : []));
    return [{ to: user.email, subject: rendered.subject, kind: 'digest', reminderIds }];
  } catch (error) {
    logger.error('digest not sent', { userId: user.userId, week, error });
    await store.digests.release(user.userId, week);
    return [];
  }
}

/** The contacts read, plus those the open reminders and the letters name (for their names now). */
async function withNamedContacts(
  userId: string,
  read: Contact[],
  reminders: Reminder[],
  items: Milestone[],
  deps: Deps,
): Promise<Contact[]> {
  const byId = new Map(read.map((c) => [c.contactId, c]));
  const missing = reminders
    .flatMap((r) => [r.contactId, ...(r.others ?? []).map((o) => o.contactId)])
    .filter((id) => !byId.has(id));
  const writers = items.flatMap((i) => (i.kind === 'letter' ? [i.from] : []));
  const [named, letterWriters] = await Promise.all([
    missing.length ? deps.store.contacts.getMany(userId, missing) : [],
    writers.length ? deps.store.contacts.findManyByEmail(userId, writers) : [],
  ]);
  for (const c of [...named, ...letterWriters]) if (c) byId.set(c.contactId, c);
  return [...byId.values()];
}

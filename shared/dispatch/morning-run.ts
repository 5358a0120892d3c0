// Dispatch: a user's morning run. Loads due reminders with one Query, sends each as its own
// email, and marks it sent with a conditional update, so a reminder is sent at most once
// even when the schedule fires twice.
import { renderReminder } from '#templates/reminder';
import { logger } from '../adapters/observability.ts';
import type { Deps } from '../deps.ts';
import { isoWeekKey } from '../digest/build.ts';
import { type Contact, isOpen, type Reminder, type User } from '../domain/model.ts';
import { planMorningRun } from '../domain/reminder-events.ts';
import { isWriteTo } from '../domain/reminder-kinds.ts';
import { ReminderPlanner } from '../domain/reminder-plan.ts';
import { resolveSettings } from '../domain/settings.ts';
import { captureAddressFor } from '../mail/address.ts';
import { actionLinks, emailDashboardLink, mailToUser } from '../mail/envelope.ts';
import { applyReminderPlan } from '../reminders/apply.ts';

export type SentMail = { to: string; subject: string; kind: 'reminder' | 'digest'; reminderIds: string[] };

export async function dispatchDueReminders(
  input: { userId: string; asOf: Date },
  deps: Deps,
): Promise<SentMail[]> {
  const user = await deps.store.users.get(input.userId);
  if (!user) {
    logger.warn('schedule for a missing user', { userId: input.userId });
    return [];
  }
  if (user.mailPausedAt) return [];
  const due = await deps.store.reminders.due(user.userId, input.asOf.toISOString());
  return sendDue(user, due, input.asOf, deps);
}

/**
 * Sends these reminders now rather than at the next morning run, when they are open and due:
 * an interview invitation's answer cannot wait for tomorrow (ingest calls this once the
 * invitation is logged). The same rules and claims as the morning run, so never twice.
 */
export async function sendRemindersNow(user: User, reminderIds: string[], deps: Deps): Promise<SentMail[]> {
  if (reminderIds.length === 0) return [];
  const now = deps.clock.now();
  const due = (await deps.store.reminders.getMany(user.userId, reminderIds)).filter(
    (r) => isOpen(r.state) && r.state !== 'sent' && r.dueAt <= now.toISOString(),
  );
  return sendDue(user, due, now, deps);
}

async function sendDue(user: User, due: Reminder[], asOfDate: Date, deps: Deps): Promise<SentMail[]> {
  const { store } = deps;
  // An unsubscribed user's reminders wait; nothing is lost.
  if (user.mailPausedAt || due.length === 0) return [];
  const asOf = asOfDate.toISOString();
  const settings = resolveSettings(user.settings);
  const contacts = new Map<string, Contact | undefined>();
  for (const reminder of due) {
    if (!contacts.has(reminder.contactId))
      contacts.set(reminder.contactId, await store.contacts.get(user.userId, reminder.contactId));
  }
  const planner = new ReminderPlanner(user.userId, deps.clock.now().toISOString(), due);
  const inDigest = await listedInFreshDigest(user, asOfDate, deps);
  const toSend = planMorningRun(planner, due, contacts, settings, asOf).filter(
    (r) => !inDigest.has(r.reminderId),
  );
  await applyReminderPlan(planner.plan(), deps);
  const sent: SentMail[] = [];
  for (const reminder of toSend) {
    const contact = contacts.get(reminder.contactId)!;
    // Written after the email and before the reminder is marked sent: a run that dies in between
    // sends again once the claim lapses, and a failed email holds nothing back.
    const paced = async () => {
      if (isWriteTo(reminder.kind))
        await store.contacts.setFields(user.userId, contact.contactId, { lastWriteReminderAt: asOf });
    };
    const mail = await sendReminder(
      user,
      { ...reminder, contactName: contact.name ?? reminder.contactName },
      deps,
      paced,
    );
    if (mail) sent.push(mail);
  }
  return sent;
}

/** How long a digest's items are not also sent one by one (a late morning run meeting the digest). */
const DIGEST_QUIET_MINUTES = 10;

/**
 * The reminders the week's digest listed, when it went out moments ago: a morning run delayed
 * into the digest's minute must not send the same items again as separate emails. They wait
 * for the next morning run.
 */
async function listedInFreshDigest(user: User, asOf: Date, deps: Deps): Promise<Set<string>> {
  const digest = await deps.store.digests.get(user.userId, isoWeekKey(asOf, user.timezone));
  const sentAt = digest?.state === 'sent' ? digest.sentAt : undefined;
  if (!sentAt || deps.clock.now().getTime() - Date.parse(sentAt) > DIGEST_QUIET_MINUTES * 60_000)
    return new Set();
  return new Set(digest!.items.flatMap((i) => (i.type === 'reminder' ? [i.reminderId] : [])));
}

async function sendReminder(
  user: User,
  reminder: Reminder,
  deps: Deps,
  sent: () => Promise<void>,
): Promise<SentMail | undefined> {
  const { store, config } = deps;
  const now = deps.clock.now();
  if (!(await store.reminders.claimForSending(reminder, now.toISOString()))) return undefined;
  const rendered = renderReminder({
    kind: reminder.kind,
    ...(reminder.contactName ? { contactName: reminder.contactName } : {}),
    contactEmail: reminder.contactEmail,
    ...(reminder.others?.length ? { others: reminder.others } : {}),
    ...(reminder.about ? { about: reminder.about } : {}),
    dueAt: reminder.dueAt,
    timezone: user.timezone,
    dashboardUrl: emailDashboardLink(config),
    captureAddress: captureAddressFor(user.captureToken, config.captureDomain),
    actions: actionLinks(user, config, reminder.reminderId, now),
  });
  try {
    const { messageId } = await deps.mailer.send(
      mailToUser(
        user,
        config,
        {
          purpose: 'r',
          subject: reminder.reminderId,
          // A stable thread per reminder: a snoozed reminder's second email joins the first.
          threadId: `reminder.${reminder.reminderId}`,
          marker: { name: 'X-Rounds-Reminder', value: reminder.reminderId },
        },
        rendered,
        now,
      ),
    );
    await store.messages.recordSent(user.userId, messageId, {
      kind: 'reminder',
      reminderIds: [reminder.reminderId],
      sentAt: now.toISOString(),
    });
    await sent();
    await store.reminders.markSent(reminder);
    logger.info('reminder sent', {
      userId: user.userId,
      reminderId: reminder.reminderId,
      kind: reminder.kind,
    });
    return {
      to: user.email,
      subject: rendered.subject,
      kind: 'reminder',
      reminderIds: [reminder.reminderId],
    };
  } catch (error) {
    // Not sent: release the claim so the next run tries again.
    logger.error('reminder not sent', {
      userId: user.userId,
      reminderId: reminder.reminderId,
      error,
    });
    await store.reminders.releaseClaim(reminder);
    return undefined;
  }
}

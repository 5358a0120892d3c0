// Links that carry their own proof (a signature or a secret), no session needed: one-click
// actions on a reminder, a held message, unsubscribe, and the calendar feed.
import type { Hono } from 'hono';
import { renderCalendarFeed } from '#templates/calendar-feed';
import { escapeHtml } from '#templates/html';
import type { Deps } from '../deps.ts';
import { ForbiddenError, NotFoundError } from '../domain/errors.ts';
import { stableId } from '../domain/ids.ts';
import { namesOf, reminderPeople, type User } from '../domain/model.ts';
import { sameSecret, verifyTag } from '../domain/signing.ts';
import { discardHeld, heldSummary } from '../ingest/held-answer.ts';
import { CLICK_ACTIONS, isClickAction } from '../mail/reply-command.ts';
import { applyClickAction } from '../reply/click.ts';
import { setMailFlow } from '../users/users.ts';
import type { AppEnv } from './guard.ts';

export function linkRoutes(app: Hono<AppEnv>, deps: Deps) {
  // Upcoming follow-ups as a calendar to subscribe to; its own secret, rotated from Settings.
  app.get('/feed/:userId/:token/rounds.ics', async (c) => {
    const user = await deps.store.users.get(c.req.param('userId'));
    if (!user?.feedToken || !sameSecret(c.req.param('token'), user.feedToken))
      throw new NotFoundError('No calendar here: copy the current address from Settings.');
    const now = deps.clock.now().toISOString();
    const entries = (await deps.store.reminders.waiting(user.userId, now))
      .filter((r) => r.dueAt >= now)
      .map((r) => ({
        id: r.reminderId,
        kind: r.kind,
        name: namesOf(reminderPeople(r)),
        about: r.about?.subject,
        dueAt: r.dueAt,
      }));
    c.header('Content-Type', 'text/calendar; charset=utf-8');
    return c.body(renderCalendarFeed(entries, now, deps.config.captureDomain));
  });

  // The 400-day dashboard links older emails carry no longer open anything: sign in instead.
  app.get('/u/*', (c) => c.redirect('/signin', 303));

  /** The user a signed unsubscribe link names, or 403. */
  const unsubscribeTarget = async (userId: string, tag: string): Promise<User> => {
    const user = await deps.store.users.get(userId);
    const verdict = user
      ? verifyTag(deps.config.signingSecret, user.captureToken, tag, deps.clock.now())
      : undefined;
    if (!user || !verdict?.ok || verdict.tag.purpose !== 'u' || verdict.tag.subject !== userId.slice(0, 8))
      throw new ForbiddenError('This link is not valid (or has expired).');
    return user;
  };

  // RFC 8058: the mailbox provider POSTs "List-Unsubscribe=One-Click"; a person gets a button first.
  app.get('/unsubscribe/:userId/:tag', async (c) => {
    await unsubscribeTarget(c.req.param('userId'), c.req.param('tag'));
    return c.html(
      page(
        'Pause Rounds emails?',
        '<p>Your contacts and reminders are kept; you can resume with <code>rounds settings mail=on</code>.</p><form method="post"><button type="submit" style="font-size:18px;padding:10px 18px">Pause emails</button></form>',
      ),
    );
  });

  app.post('/unsubscribe/:userId/:tag', async (c) => {
    const user = await unsubscribeTarget(c.req.param('userId'), c.req.param('tag'));
    await setMailFlow(user, false, deps);
    return c.html(page('Rounds emails are paused', '<p>Your contacts and reminders are kept.</p>'));
  });

  /** A signed reminder link: the user, the reminder's tag, and the action. */
  const clickTarget = async (userId: string, tag: string, action: string) => {
    const user = await deps.store.users.get(userId);
    const verdict = user
      ? verifyTag(deps.config.signingSecret, user.captureToken, tag, deps.clock.now())
      : undefined;
    if (!user || !verdict?.ok || verdict.tag.purpose !== 'r' || !isClickAction(action))
      throw new ForbiddenError(
        'This link is not valid (or has expired). Reply to the reminder email instead.',
      );
    return { user: user as User, reminderId: verdict.tag.subject, action };
  };

  // GET only shows a button: mail scanners follow links, and must not act for the user.
  app.get('/a/:userId/:tag/:action', async (c) => {
    const { reminderId, action } = await clickTarget(
      c.req.param('userId'),
      c.req.param('tag'),
      c.req.param('action'),
    );
    const reminder = await deps.store.reminders.get(c.req.param('userId'), reminderId);
    const who = reminder ? namesOf(reminderPeople(reminder)) : 'this reminder';
    return c.html(
      page(
        `${CLICK_ACTIONS[action]}: ${who}`,
        `<form method="post"><button type="submit" style="font-size:18px;padding:10px 18px">${escapeHtml(CLICK_ACTIONS[action])}</button></form>`,
      ),
    );
  });

  app.post('/a/:userId/:tag/:action', async (c) => {
    const { user, reminderId, action } = await clickTarget(
      c.req.param('userId'),
      c.req.param('tag'),
      c.req.param('action'),
    );
    const clickId = stableId(c.req.param('tag'), action);
    const result = await applyClickAction(user, reminderId, action, clickId, deps);
    return c.html(page(result.line, '<p>You can close this page.</p>'));
  });

  /** A signed held-message link: the user and the held message's id, or 403. */
  const heldTarget = async (userId: string, tag: string) => {
    const user = await deps.store.users.get(userId);
    const verdict = user
      ? verifyTag(deps.config.signingSecret, user.captureToken, tag, deps.clock.now())
      : undefined;
    if (!user || !verdict?.ok || verdict.tag.purpose !== 'h')
      throw new ForbiddenError('This link is not valid (or has expired).');
    return { user, heldId: verdict.tag.subject };
  };

  // Mail as the user that their provider did not vouch for: GET asks, POST records or discards.
  app.get('/h/:userId/:tag', async (c) => {
    const { user, heldId } = await heldTarget(c.req.param('userId'), c.req.param('tag'));
    const held = await heldSummary(user, heldId, deps);
    if (!held)
      return c.html(
        page('Nothing is waiting', '<p>It was recorded or discarded already, or it expired.</p>'),
      );
    const what = held.subject ? `“${held.subject}”` : 'an email without a subject';
    const to =
      held.to.length > 0 ? ` to ${held.to.slice(0, 5).join(', ')}${held.to.length > 5 ? ', …' : ''}` : '';
    return c.html(
      page(
        'Did you send this?',
        `<p>${escapeHtml(`${what}${to}, received ${held.heldAt.slice(0, 16).replace('T', ' ')} UTC.`)}</p>` +
          '<form method="post"><button type="submit" style="font-size:18px;padding:10px 18px">I sent it: record it</button></form>' +
          `<form method="post" action="${escapeHtml(c.req.path)}/discard"><button type="submit" style="margin-top:12px">I did not send it: discard</button></form>`,
      ),
    );
  });

  app.post('/h/:userId/:tag', async (c) => {
    const { user, heldId } = await heldTarget(c.req.param('userId'), c.req.param('tag'));
    const answer = await deps.heldMail.confirm(user.userId, heldId);
    return c.html(page(answer.line, '<p>You can close this page.</p>'));
  });

  app.post('/h/:userId/:tag/discard', async (c) => {
    const { user, heldId } = await heldTarget(c.req.param('userId'), c.req.param('tag'));
    const answer = await discardHeld(user, heldId, deps);
    return c.html(page(answer.line, '<p>You can close this page.</p>'));
  });
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#1d2330}table{border-collapse:collapse}td,th{padding:6px 12px;border-bottom:1px solid #dde;text-align:left}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

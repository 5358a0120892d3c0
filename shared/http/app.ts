// The dashboard and API (Hono). Locally on :3000, in AWS behind a function URL.
// A user reaches their page through a signed link; nobody sees another user's data.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { renderCalendarFeed } from '#templates/calendar-feed';
import { escapeHtml } from '#templates/html';
import { logger } from '../adapters/observability.ts';
import type { Deps } from '../deps.ts';
import { type ErrorKind, ForbiddenError, RoundsError } from '../domain/errors.ts';
import { stableId } from '../domain/ids.ts';
import { namesOf, reminderPeople, type User } from '../domain/model.ts';
import { verifyTag } from '../domain/signing.ts';
import { contactView } from '../domain/views.ts';
import { confirmHeld, discardHeld, heldSummary } from '../ingest/confirm-held.ts';
import { CLICK_ACTIONS, isClickAction } from '../mail/reply-command.ts';
import { applyClickAction } from '../reply/click.ts';
import { setMailFlow } from '../users/users.ts';

export { dashboardLink } from '../mail/envelope.ts';

const STATUS_BY_KIND = {
  'invalid-input': 400,
  'not-found': 404,
  conflict: 409,
  forbidden: 403,
  failed: 503,
} as const satisfies Record<ErrorKind, number>;

export function createApp(deps: Deps) {
  const app = new Hono();

  // The one place errors become responses: Rounds' own by their kind, anything else a 500.
  app.onError((error, c) => {
    if (error instanceof RoundsError) return c.text(error.message, STATUS_BY_KIND[error.kind]);
    if (error instanceof HTTPException) return c.text(error.message, error.status);
    // The route, never the path: paths carry signed tags, which must not reach the logs.
    logger.error('request failed', { route: c.req.routePath, method: c.req.method, error });
    return c.text('Something went wrong on our side.', 500);
  });

  app.get('/', (c) =>
    c.html(
      page(
        'Rounds',
        '<p>Open the link Rounds gave you: <code>rounds start</code> prints one for each user, and every reminder email carries one.</p>',
      ),
    ),
  );

  /** The user a signed dashboard link names, or 403. */
  const dashboardUser = async (tag: string): Promise<User> => {
    const userId = tag.split('.')[1] ?? '';
    const user = userId ? await deps.store.users.get(userId) : undefined;
    const verdict = user
      ? verifyTag(deps.config.signingSecret, user.captureToken, tag, deps.clock.now())
      : undefined;
    if (!user || !verdict?.ok || verdict.tag.purpose !== 'd' || verdict.tag.subject !== user.userId) {
      throw new ForbiddenError('This link is not valid (or has expired). Ask Rounds for a new one.');
    }
    return user;
  };

  // Upcoming follow-ups as a calendar to subscribe to (the same signed link, plus /calendar.ics).
  app.get('/u/:tag/calendar.ics', async (c) => {
    const user = await dashboardUser(c.req.param('tag'));
    const now = deps.clock.now().toISOString();
    const entries = (await deps.store.reminders.list(user.userId))
      .filter((r) => ['pending', 'snoozed'].includes(r.state) && r.dueAt >= now)
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

  app.get('/u/:tag', async (c) => {
    const user = await dashboardUser(c.req.param('tag'));
    const [contacts, reminders] = await Promise.all([
      deps.store.contacts.list(user.userId),
      deps.store.reminders.list(user.userId),
    ]);
    const rows = contacts
      .map((contact) => contactView(contact, reminders, deps.clock.now().toISOString()))
      .sort((a, b) => (b.lastContactAt ?? '').localeCompare(a.lastContactAt ?? ''))
      .map(
        (c) =>
          `<tr><td>${escapeHtml(c.name ?? '')}</td><td>${escapeHtml(c.email)}</td><td>${escapeHtml(c.tier ?? '—')}</td><td>${escapeHtml(c.status)}</td><td>${escapeHtml(c.lastContactAt?.slice(0, 10) ?? '—')}</td><td>${escapeHtml(c.nextFollowUpAt?.slice(0, 10) ?? '—')}</td></tr>`,
      )
      .join('\n');
    const body =
      contacts.length === 0
        ? '<p>No contacts yet. BCC your capture address on your next email to a program director or mentor.</p>'
        : `<table><thead><tr><th>Name</th><th>Email</th><th>Tier</th><th>Status</th><th>Last contact</th><th>Next follow-up</th></tr></thead><tbody>${rows}</tbody></table>`;
    const feed = `<p><a href="${escapeHtml(c.req.path)}/calendar.ics">Your follow-ups in your calendar</a> (subscribe to this link)</p>`;
    return c.html(page(`Contacts of ${user.name ?? user.email}`, `${feed}${body}`));
  });

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
    const answer = await confirmHeld(user, heldId, deps);
    return c.html(page(answer.line, '<p>You can close this page.</p>'));
  });

  app.post('/h/:userId/:tag/discard', async (c) => {
    const { user, heldId } = await heldTarget(c.req.param('userId'), c.req.param('tag'));
    const answer = await discardHeld(user, heldId, deps);
    return c.html(page(answer.line, '<p>You can close this page.</p>'));
  });

  return app;
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#1d2330}table{border-collapse:collapse}td,th{padding:6px 12px;border-bottom:1px solid #dde;text-align:left}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

// The signed-in app: Today, Contacts, a Contact, Settings. Every page reads only the session's
// user; every change is a POST (with the CSRF token) that redirects back with one status line.
import type { Context, Hono } from 'hono';
import { captureVCard } from '#templates/account';
import { addContactNote, editContact, mergeContacts, stopContact } from '../contacts/book.ts';
import { exportAccount, exportCsv } from '../contacts/import-export.ts';
import type { Deps } from '../deps.ts';
import { InvalidInputError, NotFoundError } from '../domain/errors.ts';
import { newSecret } from '../domain/ids.ts';
import { type Contact, isValidTimeZone, type User } from '../domain/model.ts';
import { resolveSettings, type Settings } from '../domain/settings.ts';
import { zoneChoices } from '../domain/zones.ts';
import { captureAddressFor } from '../mail/address.ts';
import { writeToLink } from '../mail/write-to.ts';
import { loadToday } from '../reminders/today.ts';
import { applyAppAction, isAppAction } from '../reply/click.ts';
import { rotateFeedToken, setMailFlow, updateUserSettings } from '../users/users.ts';
import { cursorParam, listContacts } from './contacts-list.ts';
import { formOf } from './form.ts';
import { type AppEnv, signedIn } from './guard.ts';
import { TimeZonePage } from './views/account.tsx';
import { ContactPage } from './views/contact.tsx';
import { type ContactQuery, ContactsPage } from './views/contacts.tsx';
import { SETTING_LABELS, SettingsPage } from './views/settings.tsx';
import { TodayPage } from './views/today.tsx';

type Ctx = Context<AppEnv>;

/** Back to a page with one line saying what happened. */
const back = (c: Ctx, path: string, said: string) =>
  c.redirect(`${path}${path.includes('?') ? '&' : '?'}said=${encodeURIComponent(said)}`, 303);

const said = (c: Ctx) => c.req.query('said')?.slice(0, 300);

const contactPath = (contactId: string) => `/contacts/${encodeURIComponent(contactId)}`;

const capture = (user: User, deps: Deps) => captureAddressFor(user.captureToken, deps.config.captureDomain);

/** The contact in the path, if it is this user's; another user's id is simply not found. */
async function ownContact(c: Ctx, deps: Deps): Promise<Contact> {
  const contact = await deps.store.contacts.get(c.get('user').userId, c.req.param('contactId') ?? '');
  if (!contact) throw new NotFoundError('There is no such contact.');
  return contact;
}

export function appRoutes(app: Hono<AppEnv>, deps: Deps) {
  const guard = signedIn(deps);
  for (const path of [
    '/today',
    '/reminders/*',
    '/contacts',
    '/contacts/*',
    '/settings',
    '/settings/*',
    '/setup/*',
    '/export.*',
  ])
    app.use(path, guard);

  // A zone never given is asked before anything else is shown.
  app.use('/today', async (c, next) => {
    if (c.get('user').timezoneUnconfirmed && c.req.method === 'GET')
      return c.redirect('/setup/timezone?next=/today', 303);
    await next();
  });

  app.get('/setup/timezone', (c) =>
    c.html(
      <TimeZonePage
        zones={zoneChoices()}
        current={c.get('user').timezone}
        csrf={c.get('csrf')}
        next="/today"
      />,
    ),
  );

  app.post('/setup/timezone', async (c) => {
    const timezone = (await formOf(c)).text('timezone') ?? '';
    if (!isValidTimeZone(timezone)) throw new InvalidInputError(`not a time zone Rounds knows: ${timezone}`);
    await updateUserSettings(c.get('user'), { timezone, assignments: [] }, deps);
    return back(c, '/today', `Your time zone is ${timezone}.`);
  });

  app.get('/today', async (c) => {
    const user = c.get('user');
    const { now, coming } = await loadToday(user, deps);
    return c.html(
      <TodayPage
        now={now}
        coming={coming}
        timezone={user.timezone}
        captureAddress={capture(user, deps)}
        csrf={c.get('csrf')}
        requestId={newSecret()}
        said={said(c)}
        today={new Intl.DateTimeFormat('en-CA', { timeZone: user.timezone }).format(deps.clock.now())}
      />,
    );
  });

  app.post('/reminders/:reminderId/:action', async (c) => {
    const action = c.req.param('action');
    if (!isAppAction(action)) throw new NotFoundError('There is no such action.');
    const form = await formOf(c);
    const result = await applyAppAction(
      c.get('user'),
      c.req.param('reminderId'),
      action,
      form.text('for'),
      form.requestId(),
      deps,
    );
    return back(c, '/today', result.line);
  });

  app.get('/contacts', async (c) => {
    const user = c.get('user');
    const query: ContactQuery = {
      q: (c.req.query('q') ?? '').trim().slice(0, 100),
      tier: c.req.query('tier') ?? '',
      status: c.req.query('status') ?? '',
      role: (c.req.query('role') ?? '').slice(0, 200),
      institution: (c.req.query('institution') ?? '').slice(0, 200),
      sort: (['last', 'next', 'name'] as const).find((s) => s === c.req.query('sort')) ?? 'last',
      page: Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1),
    };
    const listing = await listContacts(
      user,
      query,
      { newerThan: cursorParam(c.req.query('newer')), olderThan: cursorParam(c.req.query('older')) },
      deps,
    );
    return c.html(<ContactsPage {...listing} timezone={user.timezone} said={said(c)} />);
  });

  app.get('/contacts/:contactId', async (c) => {
    const user = c.get('user');
    const contact = await ownContact(c, deps);
    const [timeline, reminders] = await Promise.all([
      deps.store.interactions.timeline(user.userId, contact.contactId),
      deps.store.reminders.ofContact(user.userId, contact.contactId),
    ]);
    const lastSubject = timeline.find((i) => i.kind === 'email' && i.subject)?.subject;
    return c.html(
      <ContactPage
        contact={contact}
        timeline={timeline}
        reminders={reminders}
        timezone={user.timezone}
        csrf={c.get('csrf')}
        requestId={newSecret()}
        writeTo={writeToLink({
          to: [contact.email],
          subject: lastSubject,
          captureAddress: capture(user, deps),
        })}
        said={said(c)}
      />,
    );
  });

  app.post('/contacts/:contactId', async (c) => {
    const contact = await ownContact(c, deps);
    const { text } = await formOf(c);
    const changes = Object.fromEntries(
      ['name', 'institution', 'specialty', 'role', 'tier', 'howMet', 'visaNotes', 'letterStatus'].flatMap(
        (k) => {
          const value = text(k);
          return value === undefined ? [] : [[k, value]];
        },
      ),
    );
    await editContact(c.get('user'), contact.email, changes, deps);
    return back(c, contactPath(contact.contactId), 'Saved.');
  });

  app.post('/contacts/:contactId/note', async (c) => {
    const contact = await ownContact(c, deps);
    const form = await formOf(c);
    await addContactNote(c.get('user'), contact.contactId, form.text('note') ?? '', form.requestId(), deps);
    return back(c, contactPath(contact.contactId), 'Note saved.');
  });

  app.post('/contacts/:contactId/stop', async (c) => {
    const contact = await ownContact(c, deps);
    await stopContact(c.get('user'), contact.contactId, deps);
    return back(c, contactPath(contact.contactId), 'No more reminders about them.');
  });

  app.post('/contacts/:contactId/merge', async (c) => {
    const contact = await ownContact(c, deps);
    const other = ((await formOf(c)).text('other') ?? '').trim();
    const merged = await mergeContacts(c.get('user').userId, contact.email, other, deps.store);
    return back(c, contactPath(merged.contactId), `Merged ${other} into this contact.`);
  });

  app.get('/settings', async (c) => {
    let user = c.get('user');
    if (!user.feedToken) user = await rotateFeedToken(user, deps);
    const origin = deps.config.dashboardUrl ?? new URL(c.req.url).origin;
    return c.html(
      <SettingsPage
        email={user.email}
        addresses={[user.email, ...user.aliases]}
        timezone={user.timezone}
        zones={zoneChoices(user.timezone)}
        settings={resolveSettings(user.settings)}
        captureAddress={capture(user, deps)}
        feedUrl={`${origin}/feed/${user.userId}/${user.feedToken}/rounds.ics`}
        mailPaused={
          user.mailPausedAt
            ? { at: user.mailPausedAt, reason: user.mailPausedReason ?? 'unsubscribed' }
            : undefined
        }
        csrf={c.get('csrf')}
        said={said(c)}
      />,
    );
  });

  app.post('/settings', async (c) => {
    const user = c.get('user');
    const { text } = await formOf(c);
    const current = resolveSettings(user.settings);
    const keys = ['morningAt', 'digestDay', 'digestAt', ...Object.keys(SETTING_LABELS)] as (keyof Settings)[];
    // Only what changed is stored, so a default moved later still reaches the user.
    const assignments = keys.flatMap((key) => {
      const value = text(key)?.trim();
      return value !== undefined && value !== String(current[key]) ? [`${key}=${value}`] : [];
    });
    const chosen = text('timezone');
    const timezone = chosen && chosen !== user.timezone ? chosen : undefined;
    await updateUserSettings(user, { ...(timezone ? { timezone } : {}), assignments }, deps);
    return back(c, '/settings', 'Settings saved.');
  });

  app.post('/settings/mail', async (c) => {
    const on = (await formOf(c)).text('mail') === 'on';
    await setMailFlow(c.get('user'), on, deps);
    return back(c, '/settings', on ? 'Emails resumed.' : 'Emails paused; reminders wait in Today.');
  });

  app.post('/settings/feed', async (c) => {
    await rotateFeedToken(c.get('user'), deps);
    return back(c, '/settings', 'New calendar address made; the old one no longer works.');
  });

  app.get('/settings/rounds.vcf', (c) => {
    c.header('Content-Type', 'text/vcard; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="Rounds.vcf"');
    return c.body(captureVCard(capture(c.get('user'), deps)));
  });

  app.get('/export.csv', async (c) => {
    const contacts = await deps.store.contacts.list(c.get('user').userId);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="rounds-contacts.csv"');
    return c.body(exportCsv(contacts));
  });

  app.get('/export.json', async (c) => {
    c.header('Content-Disposition', 'attachment; filename="rounds-export.json"');
    return c.json(await exportAccount(c.get('user'), deps));
  });
}

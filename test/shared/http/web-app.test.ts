import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchDueReminders } from '#shared/dispatch/morning-run';
import type { User } from '#shared/domain/model';
import { createApp } from '#shared/http/app';
import { createSignInLink, requestSignIn } from '#shared/users/sign-in';
import { testDeps, twoResidents } from '../../support/local.ts';
import { type Browser, csrfOf, signInAs } from '../../support/web.ts';

let deps: Awaited<ReturnType<typeof testDeps>>;
let amira: User;
let omar: User;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  deps = await testDeps();
  app = createApp(deps);
  ({ amira, omar } = await twoResidents(deps));
});
afterAll(() => deps.ses.stop());

const tokenPath = (url: string) => new URL(url).pathname;

describe('sign-in by email link', () => {
  it('the form emails a link to a user’s address, and says the same for an address that is nobody’s', async () => {
    const before = deps.ses.sent().length;
    const form = (email: string) =>
      app.request('/signin', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email }).toString(),
      });
    const known = await (await form('Amira@Example.org')).text();
    const unknown = await (await form('stranger@example.org')).text();
    const sent = deps.ses.sent().slice(before);
    expect(sent.map((m) => m.to)).toEqual(['amira@example.org']);
    expect(sent[0]?.text).toMatch(/http:\/\/127\.0\.0\.1:3000\/signin\/[\w-]{40,}/);
    expect(known.replace('Amira@Example.org', 'X')).toBe(unknown.replace('stranger@example.org', 'X'));
  });

  it('a link works once: GET only shows a button (a mail scanner uses nothing), POST signs in and lands on Today', async () => {
    const link = tokenPath((await createSignInLink(amira, deps)).url);
    for (let i = 0; i < 3; i++) expect(await (await app.request(link)).text()).toContain('Sign in');
    const opened = await app.request(link, { method: 'POST' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/today');
    const cookie = opened.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // http://127.0.0.1: a Secure cookie would never come back
    const again = await app.request(link, { method: 'POST' });
    expect(again.status).toBe(410);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await (await app.request(link)).text()).toContain('This link has expired');
  });

  it('a link is dead after 15 minutes', async () => {
    const link = tokenPath((await createSignInLink(amira, deps)).url);
    const now = deps.clock.now().toISOString();
    deps.clock.set(new Date(Date.parse(now) + 16 * 60_000).toISOString());
    try {
      expect((await app.request(link, { method: 'POST' })).status).toBe(410);
    } finally {
      deps.clock.set(now);
    }
  });

  it('at most five sign-in emails an hour, however often the form is sent', async () => {
    const before = deps.ses.sent().length;
    for (let i = 0; i < 9; i++) await requestSignIn('omar@example.org', undefined, deps);
    expect(
      deps.ses
        .sent()
        .slice(before)
        .filter((m) => m.to === 'omar@example.org').length,
    ).toBe(5);
  });

  it('sign out ends this session; sign out everywhere ends every session of the user', async () => {
    const phone = await signInAs(app, deps, amira);
    const laptop = await signInAs(app, deps, amira);
    const tablet = await signInAs(app, deps, amira);
    expect((await phone.post('/signout')).status).toBe(200);
    expect((await phone.get('/contacts')).status).toBe(303);
    expect((await laptop.get('/contacts')).status).toBe(200);
    expect((await laptop.post('/signout/everywhere')).status).toBe(200);
    expect((await laptop.get('/contacts')).status).toBe(303);
    expect((await tablet.get('/contacts')).status).toBe(303);
    expect((await (await signInAs(app, deps, amira)).get('/contacts')).status).toBe(200);
  });

  it('a user added without a zone is asked for it at first sign-in, never silently UTC', async () => {
    const browser = await signInAs(app, deps, omar);
    const today = await browser.get('/today');
    expect(today.headers.get('location')).toBe('/setup/timezone?next=/today');
    const asked = await browser.get('/setup/timezone');
    expect(await asked.text()).toContain('Which time zone are you in?');
    const saved = await browser.post('/setup/timezone', { timezone: 'Europe/London' }, '/setup/timezone');
    expect(saved.status).toBe(303);
    const stored = await deps.store.users.get(omar.userId);
    expect(stored?.timezone).toBe('Europe/London');
    expect((await browser.get('/today')).status).toBe(200);
    omar = stored!;
  });
});

describe('forms and headers', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await signInAs(app, deps, amira);
  });

  it('a POST without the page’s CSRF token, or from another site, changes nothing', async () => {
    const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      app.request('/settings/mail', {
        method: 'POST',
        headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(fields).toString(),
      });
    const csrf = csrfOf(await (await browser.get('/settings')).text());
    expect((await post({ mail: 'off' })).status).toBe(403);
    expect((await post({ mail: 'off', _csrf: 'x'.repeat(csrf.length) })).status).toBe(403);
    expect((await post({ mail: 'off', _csrf: csrf }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await deps.store.users.get(amira.userId))?.mailPausedAt).toBeUndefined();
    expect((await post({ mail: 'off', _csrf: csrf }, { origin: 'http://localhost' })).status).toBe(303);
    expect((await deps.store.users.get(amira.userId))?.mailPausedAt).toBeDefined();
    await browser.post('/settings/mail', { mail: 'on' });
    expect((await deps.store.users.get(amira.userId))?.mailPausedAt).toBeUndefined();
  });

  it('private pages are never cached or framed, and load nothing from elsewhere', async () => {
    const page = await browser.get('/today');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('two users, every page', () => {
  it('each sees only their own; the other’s contacts, reminders and actions are not found', async () => {
    const [a, b] = [await signInAs(app, deps, amira), await signInAs(app, deps, omar)];
    await dispatchDueReminders({ userId: omar.userId, asOf: new Date('2026-12-30T13:30:00Z') }, deps);
    const omarContact = (await deps.store.contacts.list(omar.userId))[0]!;
    const omarReminder = (await deps.store.reminders.list(omar.userId))[0]!;
    for (const path of ['/today', '/contacts', '/settings', '/export.json', '/export.csv']) {
      const body = await (await a.get(path)).text();
      if (path.startsWith('/export') || path === '/contacts') expect(body, path).toContain('lopez');
      expect(body, path).not.toContain('okafor');
      expect(body, path).not.toContain(omar.email);
    }
    const contactPath = `/contacts/${omarContact.contactId}`;
    expect((await b.get(contactPath)).status).toBe(200);
    expect((await a.get(contactPath)).status).toBe(404);
    const attempts = [
      [contactPath, { name: 'Changed' }],
      [`${contactPath}/note`, { note: 'written by someone else' }],
      [`${contactPath}/stop`, {}],
      [`${contactPath}/merge`, { other: 'mlopez@stmarys.example.edu' }],
      [`/reminders/${omarReminder.reminderId}/done`, {}],
      [`/reminders/${omarReminder.reminderId}/snooze`, { for: '1w' }],
    ] as const;
    for (const [path, fields] of attempts) expect((await a.post(path, fields)).status, path).toBe(404);
    expect((await deps.store.contacts.get(omar.userId, omarContact.contactId))?.name).toBe(omarContact.name);
    expect((await deps.store.interactions.timeline(omar.userId, omarContact.contactId)).length).toBe(1);
    expect((await deps.store.reminders.get(omar.userId, omarReminder.reminderId))?.state).toBe(
      omarReminder.state,
    );
  });
});

describe('acting from Today', () => {
  it('snooze to a date, then done: the reminder moves, then closes, and a double submit acts once', async () => {
    deps.clock.set('2026-11-30T15:00:00Z');
    const browser = await signInAs(app, deps, amira);
    const reminder = (await deps.store.reminders.list(amira.userId)).find(
      (r) => r.kind === 'no_reply_nudge',
    )!;
    const today = await (await browser.get('/today')).text();
    expect(today).toContain('Nudge Dr. Maria Lopez');
    expect(today).toMatch(/mailto:mlopez@stmarys\.example\.edu\?subject=Re%3A%20Hello&amp;bcc=[a-z0-9]+%40/);
    const snoozed = await browser.post(
      `/reminders/${reminder.reminderId}/snooze`,
      { for: '2026-12-03', requestId: 'r1' },
      '/today',
    );
    expect(decodeURIComponent(snoozed.headers.get('location') ?? '')).toContain('Snoozed until Thu 3 Dec');
    const moved = await deps.store.reminders.get(amira.userId, reminder.reminderId);
    expect(moved?.state).toBe('snoozed');
    expect(moved?.dueAt).toBe('2026-12-03T13:00:00.000Z'); // 07:00 in Chicago
    // Out of "to do now", into "this week".
    const after = await (await browser.get('/today')).text();
    expect(after).not.toContain(`/reminders/${reminder.reminderId}/done`);
    expect(after).toMatch(/This week<\/h2>.*Nudge Dr\. Maria Lopez.*Thu 3 Dec/s);

    deps.clock.set('2026-12-03T15:00:00Z');
    for (let i = 0; i < 2; i++)
      await browser.post(`/reminders/${reminder.reminderId}/done`, { requestId: 'same-form' }, '/today');
    expect((await deps.store.reminders.get(amira.userId, reminder.reminderId))?.state).toBe('done');
    const contact = (await deps.store.contacts.list(amira.userId))[0]!;
    const wrote = (await deps.store.interactions.timeline(amira.userId, contact.contactId)).filter(
      (i) => i.subject === 'Written (reported by you)',
    );
    expect(wrote.length).toBe(1);
  });
});

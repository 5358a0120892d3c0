import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchDueReminders } from '#shared/dispatch/morning-run';
import type { User } from '#shared/domain/model';
import { createApp } from '#shared/http/app';
import { parseCalendar } from '#shared/mail/calendar';
import { addUser } from '#shared/users/users';
import { testDeps, twoResidents } from '../../support/local.ts';
import { signInAs } from '../../support/web.ts';

let deps: Awaited<ReturnType<typeof testDeps>>;
let amira: User;
let omar: User;

beforeAll(async () => {
  deps = await testDeps();
  ({ amira, omar } = await twoResidents(deps, 'Europe/London'));
});
afterAll(() => deps.ses.stop());

describe('dashboard', () => {
  it('shows a signed-in user their own contacts, and nobody else’s', async () => {
    const app = createApp(deps);
    const browser = await signInAs(app, deps, amira);
    const response = await browser.get('/contacts');
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('Dr. Maria Lopez');
    expect(html).not.toContain('Okafor');
  });

  it('pages through contacts latest first, older and back to newer, each page a link away', async () => {
    const { user: many } = await addUser({ email: 'many@example.org', timezone: 'America/Chicago' }, deps);
    for (let i = 1; i <= 30; i++) {
      const at = new Date(Date.UTC(2026, 9, i, 12)).toISOString();
      await deps.store.contacts.put(many.userId, {
        contactId: `c-${i}`,
        email: `p${i}@uni.example.edu`,
        emails: [`p${i}@uni.example.edu`],
        name: `Dr. Person ${i}`,
        institution: null,
        role: null,
        tier: null,
        status: 'active',
        firstContactAt: at,
        lastContactAt: at,
        createdAt: at,
      });
    }
    const browser = await signInAs(createApp(deps), deps, many);
    const people = (html: string) => [...html.matchAll(/>Dr\. Person (\d+)</g)].map((m) => Number(m[1]));
    const linkTo = (html: string, label: string) =>
      html.match(new RegExp(`<a href="([^"]+)">${label}</a>`))?.[1]?.replaceAll('&amp;', '&');

    const first = await (await browser.get('/contacts')).text();
    expect(people(first)).toEqual(Array.from({ length: 25 }, (_, i) => 30 - i));
    expect(linkTo(first, '← Newer')).toBeUndefined();
    const second = await (await browser.get(linkTo(first, 'Older →')!)).text();
    expect(people(second)).toEqual([5, 4, 3, 2, 1]);
    expect(linkTo(second, 'Older →')).toBeUndefined();
    const back = await (await browser.get(linkTo(second, '← Newer')!)).text();
    expect(people(back)).toEqual(people(first));
  });

  it('serves the user’s upcoming follow-ups as a calendar feed at its own secret address, and nobody else’s', async () => {
    const app = createApp(deps);
    const response = await app.request(`/feed/${amira.userId}/${amira.feedToken}/rounds.ics`);
    const ics = await response.text();
    const events = parseCalendar(ics, 'UTC', deps.clock.now());
    expect(response.headers.get('content-type')).toContain('text/calendar');
    expect(events.map((e) => e.summary)).toEqual(['Nudge Dr. Maria Lopez about “Hello”']);
    expect(events[0]?.start).toBe('2026-11-16T15:15:00.000Z');
    expect(ics).not.toContain('Okafor');
  });

  it('refuses a feed address with another user’s secret, and the old address once rotated', async () => {
    const app = createApp(deps);
    expect((await app.request(`/feed/${amira.userId}/${omar.feedToken}/rounds.ics`)).status).toBe(404);
    const browser = await signInAs(app, deps, omar);
    const old = `/feed/${omar.userId}/${omar.feedToken}/rounds.ics`;
    expect((await app.request(old)).status).toBe(200);
    expect((await browser.post('/settings/feed')).status).toBe(303);
    expect((await app.request(old)).status).toBe(404);
    const fresh = (await deps.store.users.get(omar.userId))?.feedToken;
    expect((await app.request(`/feed/${omar.userId}/${fresh}/rounds.ics`)).status).toBe(200);
  });

  it('an old 400-day dashboard link opens nothing: it leads to the sign-in form', async () => {
    const app = createApp(deps);
    const response = await app.request('/u/d.abc.20800.signature');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/signin');
  });
});

describe('one-click links in reminder emails', () => {
  it('show a confirmation on GET (a mail scanner changes nothing) and act on POST', async () => {
    const app = createApp(deps);
    const [sent] = await dispatchDueReminders(
      { userId: amira.userId, asOf: new Date('2026-11-30T13:30:00Z') },
      deps,
    );
    const reminderId = sent!.reminderIds[0]!;
    const mail = deps.ses.sent().find((m) => m.headers?.some((h) => h.value === reminderId))!;
    const links = [...mail.html.matchAll(/href="(http:\/\/127\.0\.0\.1:3000\/a\/[^"]+)"/g)].map((m) => m[1]!);
    const done = new URL(links.find((l) => l.endsWith('/done'))!).pathname;

    const shown = await app.request(done);
    const stateAfterGet = (await deps.store.reminders.get(amira.userId, reminderId))?.state;
    const acted = await app.request(done, { method: 'POST' });

    expect(links.map((l) => l.split('/').at(-1))).toEqual(['done', 'snooze', 'skip']);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('<form method="post">');
    expect(stateAfterGet).toBe('sent');
    expect(acted.status).toBe(200);
    expect(await acted.text()).toContain('Done: Dr. Maria Lopez');
    expect((await deps.store.reminders.get(amira.userId, reminderId))?.state).toBe('done');
    // The email's link to the web app carries no secret: without a session it asks to sign in.
    const dashboard = mail.text.match(/Your contacts: (\S+)/)![1]!;
    expect(new URL(dashboard).pathname).toBe('/today');
    expect((await app.request('/today')).headers.get('location')).toBe('/signin?next=%2Ftoday');
    expect((await app.request(new URL(dashboard).pathname)).status).toBe(303);
  });

  it('refuse a link moved to another user or with an altered signature', async () => {
    const app = createApp(deps);
    const mail = deps.ses.sent().find((m) => m.html.includes('/a/'))!;
    const link = new URL(mail.html.match(/href="(http:\/\/127\.0\.0\.1:3000\/a\/[^"]+\/skip)"/)![1]!)
      .pathname;
    expect((await app.request(link.replace(amira.userId, omar.userId), { method: 'POST' })).status).toBe(403);
    const altered = link.replace(/(.)\/skip$/, (_m, c: string) => `${c === 'a' ? 'b' : 'a'}/skip`);
    expect((await app.request(altered, { method: 'POST' })).status).toBe(403);
    expect((await app.request(link.replace(/skip$/, 'delete'), { method: 'POST' })).status).toBe(403);
  });
});

describe('one-click unsubscribe (RFC 8058)', () => {
  it('pauses mail on POST to the List-Unsubscribe link, never on GET, and mail resumes when the user says so', async () => {
    const app = createApp(deps);
    const mail = deps.ses.sent().find((m) => m.to === 'amira@example.org')!;
    const header = (name: string) => mail.headers?.find((h) => h.name === name)?.value ?? '';
    const https = header('List-Unsubscribe').match(/<(http[^>]+)>/)![1]!;
    const link = new URL(https).pathname;

    expect(header('List-Unsubscribe')).toContain('<mailto:');
    expect(header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect((await app.request(link.replace(amira.userId, omar.userId), { method: 'POST' })).status).toBe(403);
    expect((await app.request(link)).status).toBe(200);
    expect((await deps.store.users.get(amira.userId))?.mailPausedAt).toBeUndefined();
    const posted = await app.request(link, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
    expect(posted.status).toBe(200);
    expect((await deps.store.users.get(amira.userId))?.mailPausedReason).toBe('unsubscribed');
    expect(
      await dispatchDueReminders({ userId: amira.userId, asOf: new Date('2027-06-01T12:00:00Z') }, deps),
    ).toEqual([]);

    const { setMailFlow } = await import('#shared/users/users');
    await setMailFlow((await deps.store.users.get(amira.userId))!, true, deps);

    expect((await deps.store.users.get(amira.userId))?.mailPausedAt).toBeUndefined();
    expect(
      (await dispatchDueReminders({ userId: amira.userId, asOf: new Date('2027-06-01T12:00:00Z') }, deps))
        .length,
    ).toBeGreaterThan(0);
  });
});

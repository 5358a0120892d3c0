// A browser's side of the web app in tests: sign in through a real sign-in link, then carry
// the session cookie and each form's CSRF token as a browser would.
import type { Hono } from 'hono';
import { afterAll } from 'vitest';
import type { User } from '#shared/domain/model';
import { createApp } from '#shared/http/app';
import type { AppEnv } from '#shared/http/guard';
import { createSignInLink } from '#shared/users/sign-in';
import { testDeps, twoResidents } from './local.ts';

type Deps = Awaited<ReturnType<typeof testDeps>>;

export type Browser = {
  cookie: string;
  get(path: string): Promise<Response>;
  /** Submits a form of `page` (its CSRF token read from the page) with these fields. */
  post(path: string, fields?: Record<string, string>, page?: string): Promise<Response>;
};

export const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';

export async function signInAs(app: Hono<AppEnv>, deps: Deps, user: User): Promise<Browser> {
  const link = await createSignInLink(user, deps);
  const opened = await app.request(new URL(link.url).pathname, { method: 'POST' });
  const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (!cookie.includes('=')) throw new Error(`sign-in failed: ${opened.status}`);
  const browser: Browser = {
    cookie,
    get: async (path) => app.request(path, { headers: { cookie } }),
    async post(path, fields = {}, page = '/settings') {
      const csrf = csrfOf(await (await browser.get(page)).text());
      return app.request(path, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      });
    },
  };
  return browser;
}

/**
 * The web app on the real local components with two residents (twoResidents), Amira signed
 * in. Use at the top of a file: `const { deps, app, amira, omar, browser } = await twoResidentsSignedIn();`.
 */
export async function twoResidentsSignedIn(start?: string) {
  const deps = await testDeps(start);
  afterAll(() => deps.ses.stop());
  const app = createApp(deps);
  const { amira, omar } = await twoResidents(deps);
  return { deps, app, amira, omar, browser: await signInAs(app, deps, amira) };
}

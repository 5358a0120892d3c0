// Sign in and out. The form answers the same whether or not the address is a user's; the
// link's GET only shows a button (mail scanners open links), its POST opens the session.
import type { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Deps } from '../deps.ts';
import {
  peekSignInLink,
  redeemSignInLink,
  requestSignIn,
  safeNext,
  signOut,
  signOutEverywhere,
} from '../users/sign-in.ts';
import { type AppEnv, clearSessionCookie, sessionCookieName, setSessionCookie, signedIn } from './guard.ts';
import { Message, SignInLinkPage, SignInPage } from './views/account.tsx';

export function signInRoutes(app: Hono<AppEnv>, deps: Deps) {
  app.get('/signin', (c) => c.html(<SignInPage next={safeNext(c.req.query('next'))} />));

  app.post('/signin', async (c) => {
    const form = await c.req.parseBody();
    const email = typeof form.email === 'string' ? form.email.slice(0, 320) : '';
    const next = typeof form.next === 'string' ? safeNext(form.next) : undefined;
    await requestSignIn(email, next, deps);
    return c.html(
      <Message title="Check your email">
        <p>
          If {email} is an address of a Rounds user, a sign-in link is on its way. It works once, for 15
          minutes.
        </p>
      </Message>,
    );
  });

  app.get('/signin/:token', async (c) =>
    c.html(<SignInLinkPage valid={await peekSignInLink(c.req.param('token'), deps)} />),
  );

  app.post('/signin/:token', async (c) => {
    const opened = await redeemSignInLink(c.req.param('token'), deps);
    if (!opened) return c.html(<SignInLinkPage valid={false} />, 410);
    // Rotated at sign-in: whatever session this browser had ends; the new one starts clean.
    const previous = getCookie(c, sessionCookieName(deps));
    if (previous) await signOut(previous, deps);
    setSessionCookie(c, deps, opened.sessionSecret);
    return c.redirect(opened.next ?? '/today', 303);
  });

  app.post('/signout', signedIn(deps), async (c) => {
    await signOut(c.get('sessionSecret'), deps);
    clearSessionCookie(c, deps);
    return c.html(<SignInPage said="You are signed out." />);
  });

  app.post('/signout/everywhere', signedIn(deps), async (c) => {
    await signOutEverywhere(c.get('user'), deps);
    clearSessionCookie(c, deps);
    return c.html(<SignInPage said="You are signed out on every device." />);
  });
}

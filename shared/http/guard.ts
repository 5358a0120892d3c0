// What every request passes: security headers, a same-origin check on every POST, the
// session cookie, and a CSRF token on every form a signed-in user submits.
import { createHmac } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Deps } from '../deps.ts';
import { ForbiddenError } from '../domain/errors.ts';
import type { User } from '../domain/model.ts';
import { sameSecret } from '../domain/signing.ts';
import type { Session } from '../store/sessions.ts';
import { SESSION_DAYS, userOfSession } from '../users/sign-in.ts';

export type AppEnv = { Variables: { user: User; session: Session; sessionSecret: string; csrf: string } };

/** `__Host-` pins the cookie to this origin over https; plain http (localhost) cannot use it. */
export const sessionCookieName = (deps: Pick<Deps, 'config'>) =>
  secureOrigin(deps) ? '__Host-rounds' : 'rounds';

const secureOrigin = (deps: Pick<Deps, 'config'>) => deps.config.dashboardUrl?.startsWith('https:') ?? false;

// Pages load nothing from elsewhere, run only our own script, and cannot be framed.
const CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "script-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Content-Security-Policy', CSP);
  c.header('X-Frame-Options', 'DENY');
  c.header('X-Content-Type-Options', 'nosniff');
  // Links carry secrets (sign-in, feeds, signed actions): no page passes its address to
  // another site. (Not no-referrer: Chromium then sends "Origin: null" with our own forms.)
  c.header('Referrer-Policy', 'same-origin');
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
};

/**
 * A POST from another site's page is refused. Browsers send Origin with every form POST;
 * mailbox providers' one-click unsubscribe (RFC 8058) sends none, and carries its own signature.
 */
export function sameOriginPosts(deps: Pick<Deps, 'config'>): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'POST') {
      // "null" (a sandboxed or privacy-stripped page) matches neither origin, so it is refused too.
      const origin = c.req.header('Origin');
      const configured = deps.config.dashboardUrl ? new URL(deps.config.dashboardUrl).origin : undefined;
      if (origin !== undefined && origin !== new URL(c.req.url).origin && origin !== configured)
        throw new ForbiddenError('This form was sent from another site; nothing was changed.');
    }
    await next();
  };
}

/** The CSRF token of a session: an HMAC of its cookie, so it needs no storage of its own. */
export const csrfToken = (secret: string, sessionSecret: string) =>
  createHmac('sha256', secret).update(`csrf|${sessionSecret}`).digest('base64url');

export function setSessionCookie(c: Context, deps: Pick<Deps, 'config'>, sessionSecret: string) {
  setCookie(c, sessionCookieName(deps), sessionSecret, {
    httpOnly: true,
    secure: secureOrigin(deps),
    sameSite: 'Lax',
    path: '/',
    maxAge: SESSION_DAYS * 86_400,
  });
}

export const clearSessionCookie = (c: Context, deps: Pick<Deps, 'config'>) =>
  deleteCookie(c, sessionCookieName(deps), { path: '/', secure: secureOrigin(deps) });

/**
 * Pages of the signed-in user. Without a live session: a GET goes to the sign-in form (and
 * comes back after), anything else is refused. Every POST must carry the session's CSRF token.
 */
export function signedIn(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const secret = getCookie(c, sessionCookieName(deps));
    const found = secret ? await userOfSession(secret, deps) : undefined;
    if (!found || !secret) {
      if (c.req.method === 'GET') {
        const here = new URL(c.req.url);
        return c.redirect(`/signin?next=${encodeURIComponent(here.pathname + here.search)}`, 303);
      }
      throw new ForbiddenError('You are signed out. Sign in again, then repeat what you did.');
    }
    const csrf = csrfToken(deps.config.signingSecret, secret);
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      const given = typeof form._csrf === 'string' ? form._csrf : '';
      if (!sameSecret(given, csrf))
        throw new ForbiddenError('This form has expired. Go back, reload the page and try again.');
    }
    c.set('user', found.user);
    c.set('session', found.session);
    c.set('sessionSecret', secret);
    c.set('csrf', csrf);
    await next();
  };
}

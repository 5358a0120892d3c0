// Sign-in by email link, and the sessions it opens. No password and no long-lived link: a
// link works once for 15 minutes; a session is a cookie whose hash is the only thing stored.
import { captureVCard, renderSignInLink, renderWelcome } from '#templates/account';
import { logger } from '../adapters/observability.ts';
import type { Deps } from '../deps.ts';
import { newSecret, secretHash } from '../domain/ids.ts';
import type { User } from '../domain/model.ts';
import { captureAddressFor } from '../mail/address.ts';
import type { Session } from '../store/sessions.ts';

export const LOGIN_LINK_MINUTES = 15;
/** A phone stays signed in for a month; "sign out everywhere" ends it sooner. */
export const SESSION_DAYS = 30;
/** Sign-in emails one user may be sent in an hour, however often the form is filled. */
export const SIGN_IN_EMAILS_PER_HOUR = 5;

type SignInDeps = Pick<Deps, 'store' | 'clock' | 'config'>;

/** Only paths of this app, never another site: `next` comes from a query string. */
export const safeNext = (next: string | undefined): string | undefined =>
  next && /^\/(?![/\\])[\w\-./?=&%]*$/.test(next) ? next : undefined;

/** A fresh single-use sign-in link for the user (`rounds link`, the welcome, the sign-in form). */
export async function createSignInLink(
  user: User,
  deps: SignInDeps,
  options: { sentTo?: string; next?: string } = {},
): Promise<{ url: string; expiresAt: string }> {
  const token = newSecret();
  const validUntil = new Date(deps.clock.now().getTime() + LOGIN_LINK_MINUTES * 60_000).toISOString();
  const next = safeNext(options.next);
  await deps.store.sessions.addLogin(secretHash(token), {
    userId: user.userId,
    sentTo: options.sentTo ?? user.email,
    validUntil,
    ...(next ? { next } : {}),
  });
  return { url: `${deps.config.dashboardUrl ?? ''}/signin/${token}`, expiresAt: validUntil };
}

/**
 * The sign-in form: emails a link to the address if it is one of a user's. The answer is the
 * same either way, so the form tells nobody who uses Rounds.
 */
export async function requestSignIn(address: string, next: string | undefined, deps: Deps): Promise<void> {
  const email = address.trim().toLowerCase();
  const user = email.includes('@') ? await deps.store.users.findByAddress(email) : undefined;
  if (!user) return;
  const hour = deps.clock.now().toISOString().slice(0, 13);
  if ((await deps.store.sessions.countRequest(user.userId, hour)) > SIGN_IN_EMAILS_PER_HOUR) {
    logger.warn('sign-in emails capped for the hour', { userId: user.userId });
    return;
  }
  const link = await createSignInLink(user, deps, { sentTo: email, ...(next ? { next } : {}) });
  await deps.mailer.send({
    to: email,
    from: deps.config.fromAddress,
    ...renderSignInLink({ url: link.url, minutes: LOGIN_LINK_MINUTES }),
    headers: [{ name: 'Auto-Submitted', value: 'auto-generated' }],
  });
}

/** A sign-in link still good to use (GET shows a button; it is not used up until POST). */
export async function peekSignInLink(token: string, deps: SignInDeps): Promise<boolean> {
  return Boolean(await deps.store.sessions.peekLogin(secretHash(token), deps.clock.now().toISOString()));
}

/**
 * Uses a sign-in link up and opens a session: the secret for the cookie, and where to go.
 * A link used, expired or unknown opens nothing.
 */
export async function redeemSignInLink(
  token: string,
  deps: SignInDeps,
): Promise<{ user: User; sessionSecret: string; next?: string } | undefined> {
  const now = deps.clock.now();
  const link = await deps.store.sessions.consumeLogin(secretHash(token), now.toISOString());
  if (!link) return undefined;
  const user = await deps.store.users.get(link.userId);
  if (!user) return undefined;
  const sessionSecret = newSecret();
  await deps.store.sessions.addSession(
    secretHash(sessionSecret),
    {
      userId: user.userId,
      generation: user.sessionGeneration ?? 0,
      createdAt: now.toISOString(),
      validUntil: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
    },
    SESSION_DAYS,
  );
  return { user, sessionSecret, ...(link.next ? { next: link.next } : {}) };
}

/** The signed-in user a session cookie names, if the session is live. */
export async function userOfSession(
  sessionSecret: string,
  deps: SignInDeps,
): Promise<{ user: User; session: Session } | undefined> {
  const session = await deps.store.sessions.getSession(secretHash(sessionSecret));
  if (!session || session.validUntil <= deps.clock.now().toISOString()) return undefined;
  const user = await deps.store.users.get(session.userId);
  if (!user || (user.sessionGeneration ?? 0) !== session.generation) return undefined;
  return { user, session };
}

export const signOut = (sessionSecret: string, deps: Pick<Deps, 'store'>) =>
  deps.store.sessions.removeSession(secretHash(sessionSecret));

export const signOutEverywhere = (user: User, deps: Pick<Deps, 'store'>) =>
  deps.store.users.endSessions(user.userId);

/**
 * The welcome email of a new user: the capture address, its tags, a vCard of it, and a
 * sign-in link when there is a web app to sign in to. A lost welcome must not undo the user.
 */
export async function sendWelcome(user: User, deps: Deps): Promise<void> {
  const captureAddress = captureAddressFor(user.captureToken, deps.config.captureDomain);
  const link = deps.config.dashboardUrl ? await createSignInLink(user, deps) : undefined;
  try {
    await deps.mailer.send({
      to: user.email,
      from: deps.config.fromAddress,
      ...renderWelcome({
        name: user.name,
        captureAddress,
        signInUrl: link?.url,
        minutes: LOGIN_LINK_MINUTES,
      }),
      headers: [{ name: 'Auto-Submitted', value: 'auto-generated' }],
      attachments: [
        {
          filename: 'Rounds.vcf',
          contentType: 'text/vcard; charset=utf-8',
          content: captureVCard(captureAddress),
        },
      ],
    });
  } catch (error) {
    logger.error('welcome email not sent', { userId: user.userId, error });
  }
}

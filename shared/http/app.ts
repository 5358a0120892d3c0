// The web app and its API (Hono): locally on :3000, in AWS behind a function URL. Pages of a
// signed-in user (app-routes), sign-in (signin-routes), and links with their own proof
// (link-routes). One user never sees another's data: every page reads the session's user.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { logger } from '../adapters/observability.ts';
import type { Deps } from '../deps.ts';
import { type ErrorKind, RoundsError } from '../domain/errors.ts';
import { addressRoutes } from './address-routes.tsx';
import { appRoutes } from './app-routes.tsx';
import { type AppEnv, sameOriginPosts, securityHeaders } from './guard.ts';
import { importRoutes } from './import-routes.tsx';
import { linkRoutes } from './link-routes.ts';
import { planRoutes } from './plan-routes.tsx';
import { programRoutes } from './program-routes.tsx';
import { signInRoutes } from './signin-routes.tsx';
import { APP_CSS, APP_JS } from './views/assets.ts';

const STATUS_BY_KIND = {
  'invalid-input': 400,
  'not-found': 404,
  conflict: 409,
  forbidden: 403,
  failed: 503,
} as const satisfies Record<ErrorKind, number>;

export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>();

  // The one place errors become responses: Rounds' own by their kind, anything else a 500.
  app.onError((error, c) => {
    if (error instanceof RoundsError) return c.text(error.message, STATUS_BY_KIND[error.kind]);
    if (error instanceof HTTPException) return c.text(error.message, error.status);
    // The route, never the path: paths carry signed tags, which must not reach the logs.
    logger.error('request failed', { route: c.req.routePath, method: c.req.method, error });
    return c.text('Something went wrong on our side.', 500);
  });
  app.use('*', securityHeaders);
  app.use('*', sameOriginPosts(deps));

  app.get('/assets/app.css', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    c.header('Content-Type', 'text/css; charset=utf-8');
    return c.body(APP_CSS);
  });
  app.get('/assets/app.js', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    return c.body(APP_JS);
  });
  app.get('/', (c) => c.redirect('/today', 303));

  signInRoutes(app, deps);
  appRoutes(app, deps);
  importRoutes(app, deps);
  addressRoutes(app, deps);
  planRoutes(app, deps);
  programRoutes(app, deps);
  linkRoutes(app, deps);
  return app;
}

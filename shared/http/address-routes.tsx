// Adding an address of the user's own: asked from Settings (signed in), confirmed from the
// link emailed to that address (no session needed: the link is the proof). GET only shows a
// button, so a mail scanner opening the link adds nothing; POST adds it.
import type { Hono } from 'hono';
import type { Deps } from '../deps.ts';
import { confirmAddress, peekAddressLink, requestAddress } from '../users/addresses.ts';
import { formOf } from './form.ts';
import type { AppEnv } from './guard.ts';
import { Message } from './views/account.tsx';

export function addressRoutes(app: Hono<AppEnv>, deps: Deps) {
  // Under /settings/*, so the signed-in guard and the CSRF check of appRoutes apply.
  app.post('/settings/addresses', async (c) => {
    const said = await requestAddress(c.get('user'), (await formOf(c)).text('address') ?? '', deps);
    return c.redirect(`/settings?said=${encodeURIComponent(said)}`, 303);
  });

  app.get('/addresses/:token', async (c) => {
    const address = await peekAddressLink(c.req.param('token'), deps);
    if (!address)
      return c.html(
        <Message title="This link has expired">It was used already, or it is over a day old.</Message>,
        410,
      );
    return c.html(
      <Message title="Add this address?">
        <p>
          Mail from <strong>{address}</strong> will count as yours in Rounds.
        </p>
        <form method="post">
          <button type="submit" class="primary">
            Add {address}
          </button>
        </form>
      </Message>,
    );
  });

  app.post('/addresses/:token', async (c) => {
    const line = await confirmAddress(c.req.param('token'), deps);
    return c.html(<Message title={line} />);
  });
}

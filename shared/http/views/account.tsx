// The pages before and around a session: sign in, the link's button, first-day time zone,
// and short answers ("Check your email", "This link has expired").
import type { Child } from 'hono/jsx';
import { Csrf, Layout, Select } from './layout.tsx';

export function SignInPage(props: { next?: string | undefined; said?: string | undefined }) {
  return (
    <Layout title="Sign in" said={props.said}>
      <form method="post" action="/signin" class="card">
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <label for="email">Your email address</label>
        <input id="email" name="email" type="email" autocomplete="email" required />
        <p class="meta">Rounds emails you a link that signs you in. It works once, for 15 minutes.</p>
        <button type="submit" class="primary">
          Email me a link
        </button>
      </form>
    </Layout>
  );
}

/** GET of a sign-in link: a button, so a mail scanner that opens links does not use it up. */
export function SignInLinkPage(props: { valid: boolean }) {
  if (!props.valid)
    return (
      <Message title="This link has expired">
        <p>Sign-in links work once, for 15 minutes.</p>
        <p>
          <a class="button primary" href="/signin">
            Get a new link
          </a>
        </p>
      </Message>
    );
  return (
    <Layout title="Sign in to Rounds">
      <form method="post" class="card">
        <button type="submit" class="primary">
          Sign in
        </button>
      </form>
    </Layout>
  );
}

/** First sign-in without a known zone: ask (the browser's zone is preselected), never assume UTC. */
export function TimeZonePage(props: { zones: string[]; current: string; csrf: string; next: string }) {
  return (
    <Layout title="Where are you?" nav={undefined}>
      <form method="post" action="/setup/timezone" class="card">
        <Csrf token={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <p>
          Rounds emails you in your morning and shows every date in your time. Which time zone are you in?
        </p>
        <Select id="timezone" label="Time zone" options={props.zones} selected={props.current} detectZone />
        <p>
          <button type="submit" class="primary">
            Save
          </button>
        </p>
      </form>
    </Layout>
  );
}

export function Message(props: { title: string; children?: Child; signedIn?: boolean }) {
  return (
    <Layout title={props.title} nav={props.signedIn ? 'today' : undefined}>
      <div class="card">{props.children}</div>
    </Layout>
  );
}

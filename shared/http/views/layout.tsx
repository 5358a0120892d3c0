// The frame of every page: a skip link, the navigation, one main landmark, one status line.

import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';

export type Nav = 'today' | 'contacts' | 'programs' | 'plans' | 'network' | 'settings' | undefined;

const NAV: { key: Exclude<Nav, undefined>; href: string; label: string }[] = [
  { key: 'today', href: '/today', label: 'Today' },
  { key: 'contacts', href: '/contacts', label: 'Contacts' },
  { key: 'programs', href: '/programs', label: 'Programs' },
  { key: 'plans', href: '/plans', label: 'Plans' },
  { key: 'network', href: '/network', label: 'Network' },
  { key: 'settings', href: '/settings', label: 'Settings' },
];

export function Layout(props: { title: string; nav?: Nav; said?: string | undefined; children?: Child }) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width,initial-scale=1" />
          <title>{`${props.title} · Rounds`}</title>
          <link rel="stylesheet" href="/assets/app.css" />
          <script src="/assets/app.js" defer />
        </head>
        <body>
          <a class="skip" href="#main">
            Skip to content
          </a>
          <header class="top">
            <a class="brand" href="/today">
              Rounds
            </a>
            {props.nav !== undefined ? (
              <nav aria-label="Main">
                {NAV.map((n) => (
                  <a href={n.href} aria-current={props.nav === n.key ? 'page' : undefined}>
                    {n.label}
                  </a>
                ))}
              </nav>
            ) : null}
          </header>
          <main id="main">
            <h1>{props.title}</h1>
            {props.said ? (
              <p class="status" role="status">
                {props.said}
              </p>
            ) : null}
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}

/** The hidden field every signed-in form carries. */
export const Csrf = (props: { token: string }) => <input type="hidden" name="_csrf" value={props.token} />;

/** A one-button form (POST), with the CSRF token. */
export function PostButton(props: {
  action: string;
  csrf: string;
  label: string;
  class?: string;
  fields?: Record<string, string>;
}) {
  return (
    <form method="post" action={props.action}>
      <Csrf token={props.csrf} />
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={props.class}>
        {props.label}
      </button>
    </form>
  );
}

/**
 * A labelled choice. Options are values, or [value, label] pairs; `none` adds an empty first
 * option ("Any", "None") that submits "".
 */
export function Select(props: {
  id: string;
  /** The field's name, when several forms on a page share it (ids must stay unique). */
  name?: string;
  label: string;
  options: readonly (string | readonly [string, string])[];
  selected: string | null | undefined;
  none?: string;
  detectZone?: boolean;
}) {
  return (
    <>
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        name={props.name ?? props.id}
        data-detect-zone={props.detectZone ? '1' : undefined}
      >
        {props.none !== undefined ? <option value="">{props.none}</option> : null}
        {props.options.map((option) => {
          const [value, label] = typeof option === 'string' ? [option, option] : option;
          return (
            <option value={value} selected={props.selected === value}>
              {label}
            </option>
          );
        })}
      </select>
    </>
  );
}

/** An address shown in full with a Copy button (the button needs the script; the text does not). */
export const Copyable = (props: { value: string }) => (
  <p>
    <code class="addr">{props.value}</code>{' '}
    <button type="button" data-copy={props.value}>
      Copy
    </button>
  </p>
);

/** Tier names as people read them ("weak tie"). */
export const tierOptions = (tiers: readonly string[]) => tiers.map((t) => [t, t.replace('_', ' ')] as const);

// Contacts: search, filter, sort and pages; a person with no name shows their address. Browsing
// pages by cursor (latest contact first); a search counts its matches and numbers its pages.
import { TIERS } from '../../domain/model.ts';
import { shortDate } from '../../domain/time.ts';
import { Layout, Select, tierOptions } from './layout.tsx';

const CONTACT_STATUSES = ['active', 'dormant', 'stopped'] as const;
const SORTS = [
  ['last', 'Last contact'],
  ['next', 'Next follow-up'],
  ['name', 'Name'],
] as const;

export type ContactRow = {
  contactId: string;
  email: string;
  name: string | null | undefined;
  institution: string | null | undefined;
  role: string | null | undefined;
  tier: string | null | undefined;
  status: string;
  lastContactAt: string | null | undefined;
  nextFollowUpAt: string | null | undefined;
};

export type ContactQuery = {
  q: string;
  tier: string;
  status: string;
  role: string;
  institution: string;
  sort: 'last' | 'next' | 'name';
  page: number;
};

export type ContactsListing = {
  rows: ContactRow[];
  query: ContactQuery;
  /** Searching: how many matched and how many pages; browsing pages by cursor instead. */
  total?: number;
  pages?: number;
  /** Browsing: the cursors of the pages either side. */
  newer?: string;
  older?: string;
};

export function ContactsPage(props: ContactsListing & { timezone: string; said?: string | undefined }) {
  const { query } = props;
  const params = (extra: Record<string, string>) =>
    `/contacts?${new URLSearchParams({ q: query.q, tier: query.tier, status: query.status, role: query.role, institution: query.institution, sort: query.sort, ...extra })}`;
  const link = (page: number) => params({ page: String(page) });
  return (
    <Layout title="Contacts" nav="contacts" said={props.said}>
      <p>
        <a href="/import">Import contacts</a> (a spreadsheet, LinkedIn connections or vCards)
      </p>
      <search class="card">
        <form method="get" action="/contacts">
          <label for="q">Search name, address, institution or role</label>
          <input id="q" name="q" type="search" value={query.q} />
          <div class="inline">
            <div>
              <Select id="tier" label="Tier" options={tierOptions(TIERS)} selected={query.tier} none="Any" />
            </div>
            <div>
              <Select
                id="status"
                label="Status"
                options={CONTACT_STATUSES}
                selected={query.status}
                none="Any"
              />
            </div>
            <div>
              <label for="role">Role</label>
              <input id="role" name="role" type="search" value={query.role} placeholder="program director" />
            </div>
            <div>
              <label for="institution">Institution</label>
              <input id="institution" name="institution" type="search" value={query.institution} />
            </div>
            <div>
              <Select id="sort" label="Sort by" options={SORTS} selected={query.sort} />
            </div>
          </div>
          <p>
            <button type="submit" class="primary">
              Show
            </button>
          </p>
        </form>
      </search>
      <p class="meta" role="status">
        {props.total === undefined
          ? props.rows.length === 0
            ? 'No contacts yet.'
            : 'Latest contact first.'
          : props.total === 0
            ? 'No contacts match.'
            : `${props.total} contact${props.total === 1 ? '' : 's'} · page ${query.page} of ${props.pages}`}
      </p>
      <ul class="list">
        {props.rows.map((c) => (
          <li>
            <a href={`/contacts/${encodeURIComponent(c.contactId)}`}>{c.name || c.email}</a>
            {c.name ? <span class="meta"> · {c.email}</span> : null}
            <div class="meta">
              {[
                c.role,
                c.institution,
                c.tier?.replace('_', ' '),
                c.status !== 'active' ? c.status : undefined,
              ]
                .filter(Boolean)
                .join(' · ')}
            </div>
            <div class="meta">
              Last contact {c.lastContactAt ? shortDate(new Date(c.lastContactAt), props.timezone) : '—'}
              {c.nextFollowUpAt ? ` · next ${shortDate(new Date(c.nextFollowUpAt), props.timezone)}` : ''}
            </div>
          </li>
        ))}
      </ul>
      {props.total === undefined ? (
        <nav class="pager" aria-label="Pages">
          {props.newer ? <a href={params({ newer: props.newer })}>← Newer</a> : <span />}
          {props.older ? <a href={params({ older: props.older })}>Older →</a> : <span />}
        </nav>
      ) : (
        <nav class="pager" aria-label="Pages">
          {query.page > 1 ? <a href={link(query.page - 1)}>← Previous</a> : <span />}
          {query.page < (props.pages ?? 1) ? <a href={link(query.page + 1)}>Next →</a> : <span />}
        </nav>
      )}
    </Layout>
  );
}

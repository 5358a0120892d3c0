// Contacts: search, filter, sort and pages; a person with no name shows their address.
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

export function ContactsPage(props: {
  rows: ContactRow[];
  total: number;
  query: ContactQuery;
  pages: number;
  timezone: string;
  said?: string | undefined;
  /** The roles and institutions the user's contacts have, to filter by. */
  roles: string[];
  institutions: string[];
}) {
  const { query } = props;
  const link = (page: number) =>
    `/contacts?${new URLSearchParams({ q: query.q, tier: query.tier, status: query.status, role: query.role, institution: query.institution, sort: query.sort, page: String(page) })}`;
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
              <Select id="role" label="Role" options={props.roles} selected={query.role} none="Any" />
            </div>
            <div>
              <Select
                id="institution"
                label="Institution"
                options={props.institutions}
                selected={query.institution}
                none="Any"
              />
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
        {props.total === 0
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
      <nav class="pager" aria-label="Pages">
        {query.page > 1 ? <a href={link(query.page - 1)}>← Previous</a> : <span />}
        {query.page < props.pages ? <a href={link(query.page + 1)}>Next →</a> : <span />}
      </nav>
    </Layout>
  );
}

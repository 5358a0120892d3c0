// Network: the user's sponsors, mentors and peers against the playbook's targets, drawn as
// bars over the target band (an SVG with presentation attributes only: the CSP allows no
// inline style), the same numbers as text for screen readers, and who has gone quiet.
import type { Contact } from '../../domain/model.ts';
import type { NetworkHealth } from '../../domain/network.ts';
import { shortDate } from '../../domain/time.ts';
import { Layout } from './layout.tsx';

const WIDTH = 340;
const ROW = 46;
const LABEL = 80;

function Bars(p: { health: NetworkHealth['health'] }) {
  const scale = Math.max(...p.health.map((h) => Math.max(h.max, h.count)), 1);
  const x = (n: number) => LABEL + (n / scale) * (WIDTH - LABEL - 40);
  const summary = p.health.map((h) => `${h.tier}s: ${h.count}, aim for ${h.min} to ${h.max}`).join('; ');
  return (
    <svg viewBox={`0 0 ${WIDTH} ${p.health.length * ROW + 10}`} width="100%" role="img" aria-label={summary}>
      {p.health.map((h, i) => {
        const y = i * ROW + 8;
        const met = h.count >= h.min;
        return (
          <g>
            <text x="0" y={y + 20} font-size="14" fill="#1d2330">
              {`${h.tier}s`}
            </text>
            {/* The target band, then the bar of how many there are. */}
            <rect x={x(h.min)} y={y} width={Math.max(2, x(h.max) - x(h.min))} height="28" fill="#dbe7fb" />
            <rect
              x={LABEL}
              y={y + 6}
              width={Math.max(2, x(h.count) - LABEL)}
              height="16"
              fill={met ? '#166534' : '#9a3412'}
            />
            <text x={x(Math.max(h.count, h.max)) + 6} y={y + 20} font-size="14" fill="#1d2330">
              {String(h.count)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

const who = (c: Contact) => c.name ?? c.email;

export function NetworkPage(p: { network: NetworkHealth; timezone: string; restingDays: number }) {
  const { health, quiet, dormant } = p.network;
  return (
    <Layout title="Network" nav="network">
      <section class="card" aria-labelledby="targets-h">
        <h2 id="targets-h">Against the playbook’s targets</h2>
        <Bars health={health} />
        <ul>
          {health.map((h) => (
            <li>
              {h.count} {h.count === 1 ? h.tier : `${h.tier}s`} (aim for {h.min}–{h.max})
              {h.count < h.min ? ': give someone this tier from their contact page, or meet more.' : ''}
            </li>
          ))}
        </ul>
      </section>
      <section class="card" aria-labelledby="quiet-h">
        <h2 id="quiet-h">Gone quiet</h2>
        <p class="meta">Past their keep-in-touch cadence, longest silent first.</p>
        {quiet.length === 0 ? <p>No one: everyone is within their cadence.</p> : null}
        <ul class="list">
          {quiet.map((c) => (
            <li>
              <a href={`/contacts/${encodeURIComponent(c.contactId)}`}>{who(c)}</a>{' '}
              <span class="meta">
                {c.tier?.replace('_', ' ')} · last contact{' '}
                {c.lastContactAt ? shortDate(new Date(c.lastContactAt), p.timezone) : 'never'}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section class="card" aria-labelledby="dormant-h">
        <h2 id="dormant-h">Resting</h2>
        <p class="meta">
          No answer after the last nudge: Rounds stops asking until they write. These came to rest in the last{' '}
          {p.restingDays} days; <a href="/contacts?status=dormant">everyone resting</a>.
        </p>
        {dormant.length === 0 ? <p>No one.</p> : null}
        <ul class="list">
          {dormant.map((c) => (
            <li>
              <a href={`/contacts/${encodeURIComponent(c.contactId)}`}>{who(c)}</a>
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, dashboardLink } from '#shared/http';
import { ingestMessage } from '#shared/ingest';
import type { User } from '#shared/model';
import { addUser } from '#shared/users';
import { testDeps } from '../support/local.ts';
import { eml } from '../support/mail.ts';

let deps: Awaited<ReturnType<typeof testDeps>>;
let amira: User;
let omar: User;

beforeAll(async () => {
  deps = await testDeps();
  const a = await addUser({ email: 'amira@example.org', timezone: 'America/Chicago' }, deps);
  const o = await addUser({ email: 'omar@example.org', timezone: 'Europe/London' }, deps);
  amira = a.user;
  omar = o.user;
  await ingestMessage(
    {
      raw: eml({ from: 'amira@example.org', to: '"Dr. Maria Lopez" <mlopez@stmarys.example.edu>' }),
      recipients: [a.captureAddress],
    },
    deps,
  );
  await ingestMessage(
    {
      raw: eml({ from: 'omar@example.org', to: '"Prof. Jane Okafor" <okafor@kings.example.ac.uk>' }),
      recipients: [o.captureAddress],
    },
    deps,
  );
});
afterAll(() => deps.ses.stop());

const path = (link: string) => new URL(link).pathname;

describe('dashboard', () => {
  it('shows a user their own contacts through their signed link, and nobody else’s', async () => {
    const app = createApp(deps);
    const response = await app.request(path(dashboardLink(deps.config, amira, deps.clock.now())));
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('Dr. Maria Lopez');
    expect(html).not.toContain('Okafor');
  });

  it('refuses a link whose signature was altered or that names another user', async () => {
    const app = createApp(deps);
    const link = path(dashboardLink(deps.config, amira, deps.clock.now()));
    const altered = link.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a'));
    const swapped = link.replace(amira.userId, omar.userId);
    expect((await app.request(altered)).status).toBe(403);
    expect((await app.request(swapped)).status).toBe(403);
    expect((await app.request('/u/nonsense')).status).toBe(403);
  });
});

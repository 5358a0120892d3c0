import { describe, expect, it } from 'vitest';
import { ingestMessage } from '#shared/ingest/ingest';
import { captureAddressFor } from '#shared/mail/address';
import { eml } from '../../support/mail.ts';
import { twoResidentsSignedIn } from '../../support/web.ts';

const { deps, app, amira, browser } = await twoResidentsSignedIn();

/** Asks for the address from Settings; the path of the link emailed to it. */
async function ask(address: string): Promise<{ said: string; linkPath?: string }> {
  const before = deps.ses.sent().length;
  const answer = await browser.post('/settings/addresses', { address });
  const mail = deps.ses.sent().slice(before);
  const url = mail[0]?.text.match(/http:\/\/127\.0\.0\.1:3000(\/addresses\/[\w-]+)/)?.[1];
  expect(mail.every((m) => m.to === address)).toBe(true);
  return {
    said: decodeURIComponent(answer.headers.get('location') ?? ''),
    ...(url ? { linkPath: url } : {}),
  };
}

describe('adding an address of your own', () => {
  it('emails a link to the new address; opening it shows a button; pressing it adds the address', async () => {
    const { said, linkPath } = await ask('amira.haddad@hospital.example.org');
    expect(said).toContain('We emailed a link to amira.haddad@hospital.example.org');

    const shown = await app.request(linkPath!);
    expect(await shown.text()).toContain('Add amira.haddad@hospital.example.org');
    // Opening the link (a mail scanner does) adds nothing.
    expect(await deps.store.users.findByAddress('amira.haddad@hospital.example.org')).toBeUndefined();

    const pressed = await (await app.request(linkPath!, { method: 'POST' })).text();
    expect(pressed).toContain('is now one of your addresses');
    expect((await deps.store.users.get(amira.userId))?.aliases).toEqual([
      'amira.haddad@hospital.example.org',
    ]);

    // Mail she writes from it is now hers.
    const outcome = await ingestMessage(
      {
        raw: eml({ from: 'amira.haddad@hospital.example.org', to: 'Dr. Ravi Shah <rshah@card.example.edu>' }),
        recipients: [captureAddressFor(amira.captureToken, deps.config.captureDomain)],
      },
      deps,
    );
    expect(outcome.status).toBe('logged');
    // The link works once.
    expect(await (await app.request(linkPath!, { method: 'POST' })).text()).toContain('used already');
  });

  it('never adds an address that is another user’s, and says so only to whoever reads that mailbox', async () => {
    const { said, linkPath } = await ask('omar@example.org');
    expect(said).toContain('We emailed a link to omar@example.org');

    const pressed = await (await app.request(linkPath!, { method: 'POST' })).text();

    expect(pressed).toContain('already in use with another Rounds account');
    expect((await deps.store.users.findByAddress('omar@example.org'))?.userId).not.toBe(amira.userId);
    expect((await deps.store.users.get(amira.userId))?.aliases).not.toContain('omar@example.org');
  });

  it('an address link is not a sign-in link, and a bad address gets a clear answer', async () => {
    const { linkPath } = await ask('amira.work@clinic.example.org');
    const asSignIn = await app.request(linkPath!.replace('/addresses/', '/signin/'), { method: 'POST' });
    expect(asSignIn.status).toBe(410);
    expect(asSignIn.headers.get('set-cookie')).toBeNull();

    const bad = await browser.post('/settings/addresses', { address: 'not-an-address' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('not an email address');
  });
});

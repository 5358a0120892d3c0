import { describe, expect, it } from 'vitest';
import { IMPORT_STEP } from '#shared/contacts/import-export';
import { csrfOf, twoResidentsSignedIn } from '../../support/web.ts';

const { deps, app, amira, omar, browser } = await twoResidentsSignedIn();

/** Uploads a file through the import form, as a browser sends it (multipart). */
async function upload(name: string, text: string): Promise<Response> {
  const csrf = csrfOf(await (await browser.get('/import')).text());
  const form = new FormData();
  form.set('_csrf', csrf);
  form.set('file', new File([text], name, { type: 'text/csv' }));
  return app.request('/import/preview', { method: 'POST', headers: { cookie: browser.cookie }, body: form });
}

/** Submits the first form of a page that posts to `action`, with all its hidden fields. */
async function submit(page: string, action: string, extra: Record<string, string> = {}): Promise<Response> {
  const form = page.slice(page.indexOf(`action="${action}"`));
  const fields = Object.fromEntries(
    [
      ...form
        .slice(0, form.indexOf('</form>'))
        .matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g),
    ].map((m) => [
      m[1]!,
      m[2]!
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&'),
    ]),
  );
  return app.request(action, {
    method: 'POST',
    headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, ...extra }).toString(),
  });
}

describe('import from the web app', () => {
  it('previews every row (new, update, problem with the reason) and writes nothing until asked', async () => {
    const sheet =
      'name,email,tier,last_contact\n"Lopez, Maria",mlopez@stmarys.example.edu,sponsor,\nDr. Wei Chen,wchen@uni.example.edu,best friend,\nNo Address,,,\n';
    const before = await deps.store.contacts.list(amira.userId);

    const preview = await upload('mentors.csv', sheet);
    const page = await preview.text();

    expect(preview.status).toBe(200);
    expect(page).toContain('1 new, 1 to update, 0 unchanged, 1 with a');
    expect(page).toMatch(/<strong>Update<\/strong>: name, tier/);
    expect(page).toContain('tier &quot;best friend&quot; left out');
    expect(page).toMatch(/<strong>Problem<\/strong>: no email/);
    expect(await deps.store.contacts.list(amira.userId)).toEqual(before);

    const done = await submit(page, '/import/apply');

    expect(done.status).toBe(303);
    expect(decodeURIComponent(done.headers.get('location') ?? '')).toContain(
      'Imported 1 new and updated 1 from mentors.csv; 1 row was left out.',
    );
    expect(await deps.store.contacts.findByEmail(amira.userId, 'wchen@uni.example.edu')).toMatchObject({
      name: 'Dr. Wei Chen',
      tier: null,
    });
    expect((await deps.store.contacts.findByEmail(amira.userId, 'mlopez@stmarys.example.edu'))?.tier).toBe(
      'sponsor',
    );
    // Omar's contacts are untouched by Amira's import.
    expect((await deps.store.contacts.list(omar.userId)).map((c) => c.email)).toEqual([
      'okafor@kings.example.ac.uk',
    ]);
  });

  it('asks how dates are written when 07/04/2026 could be either, then reads them that way', async () => {
    const page = await (await upload('dates.csv', 'email,last_contact\nkpatel@x.edu,07/04/2026\n')).text();
    expect(page).toContain('How are dates written in this file?');
    expect(page).not.toContain('action="/import/apply"');

    const again = await (await submit(page, '/import/preview', { dateOrder: 'dmy' })).text();
    await submit(again, '/import/apply');

    expect((await deps.store.contacts.findByEmail(amira.userId, 'kpatel@x.edu'))?.lastContactAt).toBe(
      '2026-04-07T00:00:00.000Z',
    );
  });

  it('imports a long file in steps, each showing how far it got', async () => {
    const rows = Array.from({ length: IMPORT_STEP + 50 }, (_, i) => `Person ${i},p${i}@big.example.org`);
    const page = await (await upload('big.csv', `name,email\n${rows.join('\n')}\n`)).text();

    const first = await submit(page, '/import/apply');
    const progress = await first.text();
    expect(progress).toContain(`${IMPORT_STEP} of ${IMPORT_STEP + 50} rows done.`);
    expect(progress).toContain('data-autosubmit');
    const last = await submit(progress, '/import/apply');

    expect(decodeURIComponent(last.headers.get('location') ?? '')).toContain(
      `Imported ${IMPORT_STEP + 50} new`,
    );
    const big = (await deps.store.contacts.list(amira.userId)).filter((c) =>
      c.email.endsWith('@big.example.org'),
    );
    expect(big).toHaveLength(IMPORT_STEP + 50);
  });

  it('then filters Contacts by role and by institution, as typed: any case, part of the value', async () => {
    const sheet =
      'email,name,role,institution\nrshah@card.example.edu,Dr. Ravi Shah,program director,County General\nlkim@card.example.edu,Dr. Lena Kim,core faculty,County General\njdoe@ortho.example.org,Dr. Jo Doe,program director,Lakeside\n';
    await submit(await (await upload('faculty.csv', sheet)).text(), '/import/apply');

    const names = async (query: string) =>
      [
        ...(await (await browser.get(`/contacts?${query}`)).text()).matchAll(
          /<a href="\/contacts\/[^"]+">([^<]+)<\/a>/g,
        ),
      ].map((m) => m[1]);

    expect(await names('role=program+director&sort=name')).toEqual(['Dr. Jo Doe', 'Dr. Ravi Shah']);
    expect(await names('institution=County+General&sort=name')).toEqual(['Dr. Lena Kim', 'Dr. Ravi Shah']);
    expect(await names('role=program+director&institution=Lakeside')).toEqual(['Dr. Jo Doe']);
    expect(await names('role=Program+Dir&sort=name')).toEqual(['Dr. Jo Doe', 'Dr. Ravi Shah']);
    expect(await names('role=dean')).toEqual([]);
  });

  it('refuses an import without the page’s CSRF token, and a stranger without a session', async () => {
    const form = new FormData();
    form.set('file', new File(['email\nx@evil.example\n'], 'x.csv'));
    const forged = await app.request('/import/preview', {
      method: 'POST',
      headers: { cookie: browser.cookie },
      body: form,
    });
    const anonymous = await app.request('/import');

    expect(forged.status).toBe(403);
    expect(anonymous.status).toBe(303);
  });
});

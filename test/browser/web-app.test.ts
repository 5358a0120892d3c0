// The web app in a real browser (Debian's Chromium driven by playwright-core): sign in by the
// emailed link, answer the zone question, act on a reminder, edit a contact, change the zone,
// sign out — at a phone's width and a desktop's.
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchDueReminders } from '#shared/dispatch/morning-run';
import type { User } from '#shared/domain/model';
import { createApp } from '#shared/http/app';
import { ingestMessage } from '#shared/ingest/ingest';
import { addUser } from '#shared/users/users';
import { testDeps } from '../support/local.ts';
import { eml } from '../support/mail.ts';

const CHROMIUM = process.env.ROUNDS_CHROMIUM ?? '/usr/bin/chromium';
/** `npm run screenshots` writes them to docs/; a test run keeps its own out of the checkout. */
const SHOTS = process.env.ROUNDS_SCREENSHOTS ?? join(tmpdir(), 'rounds-screenshots');

let deps: Awaited<ReturnType<typeof testDeps>>;
let amira: User;
let browser: Browser;
let origin: string;
let server: ReturnType<typeof serve>;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is missing at ${CHROMIUM}: install it with 'sudo apt-get install -y chromium'`);
  mkdirSync(SHOTS, { recursive: true });
  deps = await testDeps('2026-11-02T14:00:00Z');
  ({ user: amira } = await addUser({ email: 'amira@example.org', name: 'Amira Haddad' }, deps));
  const capture = `${amira.captureToken}@${deps.config.captureDomain}`;
  const outreach = [
    ['"Dr. Maria Lopez" <mlopez@stmarys.example.edu>', 'Research opportunities in PM&R'],
    ['"Prof. Wei Chen" <wchen@uni.example.edu>', 'Observership in cardiology?'],
    ['rdiaz@county.example.org', 'Question about your program'],
  ];
  for (const [to, subject] of outreach)
    await ingestMessage(
      { raw: eml({ from: 'amira@example.org', to: to!, subject: subject! }), recipients: [capture] },
      deps,
    );
  deps.clock.set('2026-11-17T14:00:00Z');
  await dispatchDueReminders({ userId: amira.userId, asOf: deps.clock.now() }, deps);
  server = serve({ fetch: createApp(deps).fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await deps?.ses.stop();
});

/** The newest sign-in link Rounds emailed to the user, on this test's server. */
function emailedLink(): string {
  const mail = deps.ses
    .sent()
    .filter((m) => m.to === 'amira@example.org' && /\/signin\//.test(m.text))
    .at(-1)!;
  const url = mail.text.match(/https?:\/\/\S+\/signin\/\S+/)![0];
  return `${origin}${new URL(url).pathname}`;
}

async function signIn(page: Page) {
  await page.goto(`${origin}/today`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Your email address').fill('amira@example.org');
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await page.goto(emailedLink());
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const card = (page: Page, name: string) => page.locator('article', { hasText: name });

describe.each([
  { width: 390, height: 844, label: 'phone' },
  { width: 1280, height: 900, label: 'desktop' },
])('the web app at $label width ($width px)', ({ width, height, label }) => {
  it('signs in by emailed link, acts on a reminder, edits a contact, imports a CSV with a bad row, changes the zone, signs out', async () => {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    await signIn(page);

    if (label === 'phone') {
      // First sign-in: the zone was never given, so Rounds asks (the browser's zone preselected).
      await page.getByRole('heading', { name: 'Where are you?' }).waitFor();
      await page.getByLabel('Time zone').selectOption('America/Chicago');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Your time zone is America/Chicago.').waitFor();
    }
    await page.getByRole('heading', { name: 'Today' }).waitFor();
    expect(await card(page, 'Nudge Dr. Maria Lopez').count()).toBe(1);
    // Nothing is wider than the screen.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
    await page.screenshot({ path: join(SHOTS, `today-${label}.png`), fullPage: true });

    const who = label === 'phone' ? 'Prof. Wei Chen' : 'rdiaz@county.example.org';
    const reminder = card(page, `Nudge ${who}`);
    if (label === 'phone') {
      await reminder.getByText('Snooze…').click();
      await reminder.getByRole('button', { name: '1 week' }).click();
      await page.getByRole('status').filter({ hasText: 'Snoozed until' }).waitFor();
    } else {
      await reminder.getByRole('button', { name: 'Done' }).click();
      await page.getByRole('status').filter({ hasText: 'Done:' }).waitFor();
    }
    expect(await card(page, `Nudge ${who}`).count()).toBe(0);

    await card(page, 'Nudge Dr. Maria Lopez')
      .getByRole('link', { name: /timeline/ })
      .click();
    await page.getByRole('heading', { name: 'Dr. Maria Lopez' }).waitFor();
    const institution = label === 'phone' ? "St Mary's Hospital" : 'St Mary’s Rehabilitation Institute';
    await page.getByLabel('Institution').fill(institution);
    await page.getByLabel('Tier').selectOption('mentor');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const lopez = await deps.store.contacts.findByEmail(amira.userId, 'mlopez@stmarys.example.edu');
    expect(lopez?.institution).toBe(institution);
    expect(lopez?.tier).toBe('mentor');
    await page.screenshot({ path: join(SHOTS, `contact-${label}.png`), fullPage: true });

    // Import a spreadsheet with a bad row: the preview says which and why; the rest goes in.
    await page.getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('link', { name: 'Import contacts' }).click();
    const newcomer = label === 'phone' ? 'kpatel@neuro.example.edu' : 'nadia.okafor@peds.example.org';
    await page.getByLabel('File').setInputFiles({
      name: 'mentors.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`name,email,tier\nDr. K. Patel,${newcomer},mentor\nNo Address,broken,\n`),
    });
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('cell', { name: /Problem: not an email address: broken/ }).waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
    expect(await deps.store.contacts.findByEmail(amira.userId, newcomer)).toBeUndefined();
    await page.screenshot({ path: join(SHOTS, `import-${label}.png`), fullPage: true });
    await page.getByRole('button', { name: 'Import 1 contact' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Imported 1 new and updated 0 from mentors.csv; 1 row was left out.' })
      .waitFor();
    expect((await deps.store.contacts.findByEmail(amira.userId, newcomer))?.tier).toBe('mentor');

    // Plans and Network fit the screen too.
    for (const [tab, heading] of [
      ['Plans', 'Conferences'],
      ['Network', 'Against the playbook’s targets'],
    ] as const) {
      await page.getByRole('link', { name: tab, exact: true }).click();
      await page.getByRole('heading', { name: heading }).waitFor();
      expect(await page.evaluate<number>('document.documentElement.scrollWidth'), tab).toBeLessThanOrEqual(
        width,
      );
      await page.screenshot({ path: join(SHOTS, `${tab.toLowerCase()}-${label}.png`), fullPage: true });
    }

    // The program board: add a program, give it a day, then say she will not go.
    await page.getByRole('link', { name: 'Programs', exact: true }).click();
    await page.getByRole('heading', { name: 'Your programs for the 2027 Match' }).waitFor();
    const programName = label === 'phone' ? 'Neurology Residency' : 'Pediatrics Residency';
    await page.getByText('Add a program').click();
    await page.getByLabel('Program', { exact: true }).fill(programName);
    await page.getByLabel('A person there (email)').fill(`coordinator@${label}.example.org`);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Added ${programName}.` })
      .waitFor();
    const program = page.locator('li', { hasText: programName });
    await program.getByText('Change').click();
    await program.getByLabel('Interview day').fill('2026-12-15');
    await program.getByLabel('Going?').selectOption('no');
    await program.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved. 1 reminder set.' }).waitFor();
    await page
      .locator('li', { hasText: programName })
      .getByText(/you will not attend/)
      .waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
    await page.screenshot({ path: join(SHOTS, `programs-${label}.png`), fullPage: true });

    await page.getByRole('link', { name: 'Settings' }).click();
    const zone = label === 'phone' ? 'Asia/Kolkata' : 'America/New_York';
    await page.getByLabel('Time zone').selectOption(zone);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    expect((await deps.store.users.get(amira.userId))?.timezone).toBe(zone);

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByText('You are signed out.').waitFor();
    await page.goto(`${origin}/today`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await context.close();
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import { signInAs, twoResidentsSignedIn } from '../../support/web.ts';

const { deps, app, amira, omar, browser } = await twoResidentsSignedIn('2026-11-02T12:00:00Z');

const preConference = async () =>
  (await deps.store.reminders.list(amira.userId))
    .filter((r) => r.kind === 'pre_conference')
    .map((r) => [r.contactEmail, r.dueAt, r.state])
    .sort();

describe('plans in the web app', () => {
  it('adds a conference, moves it, drops a person and removes it; its reminders follow each time', async () => {
    const added = await browser.post(
      '/plans',
      {
        kind: 'conference',
        name: 'AAPM&R Annual Assembly',
        start: '2027-02-24',
        end: '2027-02-27',
        people: 'asilva@rehab.example.org, bkim@rehab.example.org',
      },
      '/plans',
    );
    expect(decodeURIComponent(added.headers.get('location') ?? '')).toContain('2 reminders set.');
    // Three weeks before 24 Feb, in Chicago.
    expect(await preConference()).toEqual([
      ['asilva@rehab.example.org', '2027-02-03T06:00:00.000Z', 'pending'],
      ['bkim@rehab.example.org', '2027-02-03T06:00:00.000Z', 'pending'],
    ]);
    const page = await (await browser.get('/plans')).text();
    expect(page).toContain('AAPM&amp;R Annual Assembly: Wed 24 Feb to Sat 27 Feb');
    const [item] = await deps.store.milestones.list(amira.userId);

    await browser.post(
      `/plans/${item!.itemId}`,
      {
        kind: 'conference',
        name: 'AAPM&R Annual Assembly',
        start: '2027-03-10',
        people: 'asilva@rehab.example.org',
      },
      '/plans',
    );

    expect(await preConference()).toEqual([
      ['asilva@rehab.example.org', '2027-02-03T06:00:00.000Z', 'cancelled'],
      ['asilva@rehab.example.org', '2027-02-17T06:00:00.000Z', 'pending'],
      ['bkim@rehab.example.org', '2027-02-03T06:00:00.000Z', 'cancelled'],
    ]);
    const [moved] = await deps.store.milestones.list(amira.userId);
    expect(moved).toMatchObject({ start: '2027-03-10T06:00:00.000Z', targets: ['asilva@rehab.example.org'] });

    await browser.post(`/plans/${moved!.itemId}/remove`, {}, '/plans');

    expect(await deps.store.milestones.list(amira.userId)).toEqual([]);
    expect((await preConference()).filter((r) => r[2] === 'pending')).toEqual([]);
  });

  it('adds a rotation and a letter; a bad date is a clear error; another user’s item is not found', async () => {
    await browser.post(
      '/plans',
      { kind: 'rotation', name: 'Inpatient medicine', end: '2026-12-27', people: 'sokoye@im.example.edu' },
      '/plans',
    );
    await browser.post(
      '/plans',
      { kind: 'letter', people: 'wchen@uni.example.edu', due: '2026-12-15' },
      '/plans',
    );
    const bad = await browser.post(
      '/plans',
      { kind: 'letter', people: 'wchen@uni.example.edu', due: 'soon' },
      '/plans',
    );

    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('wants a date such as 2027-03-10');
    const kinds = (await deps.store.reminders.list(amira.userId))
      .filter((r) => r.state === 'pending')
      .map((r) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['rotation_end', 'letter_check']));
    const omarBrowser = await signInAs(app, deps, omar);
    const [letter] = (await deps.store.milestones.list(amira.userId)).filter((i) => i.kind === 'letter');
    expect((await omarBrowser.post(`/plans/${letter!.itemId}/remove`, {}, '/plans')).status).toBe(404);
    expect(await (await omarBrowser.get('/plans')).text()).not.toContain('wchen@uni.example.edu');
    expect(await deps.store.milestones.get(amira.userId, letter!.itemId)).toBeDefined();
  });
});

describe('the network page', () => {
  it('draws sponsors, mentors and peers against the targets and lists who has gone quiet', async () => {
    // Amira's mentor from last spring: 90 days have long passed.
    const lopez = (await deps.store.contacts.findByEmail(amira.userId, 'mlopez@stmarys.example.edu'))!;
    await deps.store.contacts.put(amira.userId, {
      ...lopez,
      tier: 'mentor',
      lastContactAt: '2026-05-01T12:00:00.000Z',
    });

    const page = await (await browser.get('/network')).text();

    expect(page).toContain('<svg');
    expect(page).toContain(
      'aria-label="sponsors: 0, aim for 1 to 2; mentors: 1, aim for 2 to 3; peers: 0, aim for 5 to 10"',
    );
    expect(page).toContain('1 mentor (aim for 2–3): give someone this tier');
    const quiet = page.slice(page.indexOf('Gone quiet'), page.indexOf('Resting'));
    expect(quiet).toContain(`/contacts/${lopez.contactId}`);
    expect(quiet).toContain('mentor · last contact Fri 1 May');
    const omarPage = await (await (await signInAs(app, deps, omar)).get('/network')).text();
    expect(omarPage).not.toContain('Lopez');
  });
});

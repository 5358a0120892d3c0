// The program board in the web app, as a resident uses it on a phone: programs by stage with
// their next reminder; a day set plans it, "not attending" brings the cancellation; the same
// day saved again keeps a confirmed time; the first choice plans the letter of intent; another
// user's program is not found.
import { describe, expect, it } from 'vitest';
import { addProgram, setProgram } from '#shared/programs/programs';
import { twoResidentsSignedIn } from '../../support/web.ts';

const { deps, amira, omar, browser } = await twoResidentsSignedIn('2026-10-20T15:00:00Z');

const said = (response: Response) => decodeURIComponent(response.headers.get('location') ?? '');

describe('the program board', () => {
  it('adds a program, sets its interview day, and shows where each program stands and what is next', async () => {
    const added = await browser.post(
      '/programs',
      { name: 'Family Medicine Residency', institution: "St. Mary's", contact: 'kmills@stmarys.example.org' },
      '/programs',
    );
    expect(said(added)).toContain('Added Family Medicine Residency.');
    const [program] = await deps.store.programs.list(amira.userId);
    const scheduled = await browser.post(
      `/programs/${program!.programId}`,
      { status: 'applied', interview: '2026-11-19', attending: 'yes', policy: 'open', contact: '' },
      '/programs',
    );
    expect(said(scheduled)).toContain('Saved. 3 reminders set.');
    const page = await (await browser.get('/programs')).text();
    expect(page).toContain('Your programs for the 2027 Match');
    expect(page).toContain('scheduled since');
    expect(page).toContain('interview Thu 19 Nov, 08:00');
    expect(page).toContain('Next: Prepare for “Family Medicine Residency” (Wed 18 Nov)');
  });

  it('saving the same day keeps a confirmed time; not attending ends the day and brings the cancellation', async () => {
    const [program] = await deps.store.programs.list(amira.userId);
    // As a Thalamus confirmation would have it: 08:00 Eastern, 07:00 for Amira in Chicago.
    await setProgram(amira, program!.programId, { interview: '2026-11-19T13:00:00Z' }, deps);
    const kept = await browser.post(
      `/programs/${program!.programId}`,
      { status: 'scheduled', interview: '2026-11-19', attending: 'no', policy: 'open', contact: '' },
      '/programs',
    );
    expect(said(kept)).toContain('Saved. 1 reminder set, 3 ended.');
    expect((await deps.store.programs.get(amira.userId, program!.programId))?.interview).toEqual({
      at: '2026-11-19T13:00:00.000Z',
      attending: false,
    });
    const page = await (await browser.get('/programs')).text();
    expect(page).toContain('you will not attend');
    expect(page).toContain('Next: Cancel the Family Medicine Residency interview (Wed 4 Nov)');
  });

  it('makes a program the first choice, which plans its letter of intent', async () => {
    const riverside = await addProgram(
      amira,
      {
        name: 'Internal Medicine Residency',
        institution: 'Riverside',
        contacts: ['pd@riverside.example.org'],
      },
      deps,
    );
    const chosen = await browser.post(`/programs/${riverside.programId}/first-choice`, {}, '/programs');
    expect(said(chosen)).toContain('Internal Medicine Residency is your first choice. 1 reminder set.');
    expect(await (await browser.get('/programs')).text()).toContain('your first choice');
  });

  it('proposes people who write from the program’s domain, and adds one when she says so', async () => {
    const contact = (email: string, name: string) =>
      deps.store.contacts.create(amira.userId, {
        contactId: `c-${email.split('@')[0]}`,
        email,
        emails: [email],
        name,
        institution: null,
        role: null,
        tier: null,
        status: 'active',
        firstContactAt: '2026-10-19T15:00:00.000Z',
        lastContactAt: '2026-10-19T15:00:00.000Z',
        createdAt: '2026-10-19T15:00:00.000Z',
      });
    await contact('pbrenner@stmarys.example.org', 'Dr. Paul Brenner');
    // A personal address says nothing about where someone works.
    await contact('someone@gmail.com', 'A Friend');
    const page = await (await browser.get('/programs')).text();
    expect(page).toContain('From the same place: Dr. Paul Brenner &lt;pbrenner@stmarys.example.org&gt;');
    expect(page).not.toContain('someone@gmail.com');

    const [program] = (await deps.store.programs.list(amira.userId)).filter(
      (p) => p.name === 'Family Medicine Residency',
    );
    const added = await browser.post(
      `/programs/${program!.programId}/people`,
      { email: 'pbrenner@stmarys.example.org' },
      '/programs',
    );
    expect(said(added)).toContain(
      "pbrenner@stmarys.example.org is one of Family Medicine Residency's people now.",
    );
    const after = await (await browser.get('/programs')).text();
    expect(after).not.toContain('From the same place: Dr. Paul Brenner');
    expect(after).toContain('People: kmills@stmarys.example.org, Dr. Paul Brenner');
  });

  it("keeps each user's programs to themselves", async () => {
    const theirs = await addProgram(omar, { name: 'Surgery Residency' }, deps);
    const page = await (await browser.get('/programs')).text();
    expect(page).not.toContain('Surgery Residency');
    const response = await browser.post(`/programs/${theirs.programId}`, { status: 'withdrawn' });
    expect(response.status).toBe(404);
    expect((await deps.store.programs.get(omar.userId, theirs.programId))?.status).toBe('applied');
  });
});

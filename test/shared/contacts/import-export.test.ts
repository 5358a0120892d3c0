import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCsv, parseCsv } from '#shared/contacts/csv';
import {
  type DateOrder,
  exportCsv,
  exportRows,
  importContacts,
  planImport,
  previewImport,
} from '#shared/contacts/import-export';
import type { User } from '#shared/domain/model';
import { ingestMessage } from '#shared/ingest/ingest';
import { addUser } from '#shared/users/users';
import { testDeps } from '../../support/local.ts';
import { eml } from '../../support/mail.ts';

describe('csv', () => {
  it('reads quoted commas, doubled quotes, newlines in quotes, CRLF and a BOM', () => {
    const text = '\uFEFFname,notes\r\n"Lopez, Maria","said ""yes""\nin May"\r\nChen,\r\n';
    expect(parseCsv(text)).toEqual([
      ['name', 'notes'],
      ['Lopez, Maria', 'said "yes"\nin May'],
      ['Chen', ''],
    ]);
  });

  it('writes what it reads, and neutralises cells a spreadsheet would run as formulas', () => {
    const rows = [
      ['a,b', 'say "hi"'],
      ['=HYPERLINK("x")', 'plain'],
      ['Lopez;=1+2', 'Lopez; MD'],
    ];
    expect(parseCsv(formatCsv(rows))).toEqual([
      ['a,b', 'say "hi"'],
      ['\'=HYPERLINK("x")', 'plain'],
      ["'Lopez;=1+2", 'Lopez; MD'],
    ]);
  });
});

let deps: Awaited<ReturnType<typeof testDeps>>;
let user: User;
let capture: string;
beforeAll(async () => {
  deps = await testDeps('2026-11-20T12:00:00Z');
  ({ user, captureAddress: capture } = await addUser(
    { email: 'amira@example.org', timezone: 'America/Chicago' },
    deps,
  ));
});
afterAll(() => deps.ses.stop());

describe('importContacts', () => {
  it('creates new contacts, fills in known ones without erasing, and reports bad rows and bad cells with their lines', async () => {
    await ingestMessage(
      {
        raw: eml({ from: 'amira@example.org', to: '"Dr. Maria Lopez" <mlopez@stmarys.example.edu>' }),
        recipients: [capture],
      },
      deps,
    );
    await importContacts(user, 'email,institution\nmlopez@stmarys.example.edu,St. Mary’s\n', deps);
    const csv = [
      'Name,Email,Institution,Specialty,Role,Tier,How met,Last contact,Notes',
      'Maria Lopez MD,mlopez@stmarys.example.edu,,PM&R,program director,sponsor,,,',
      '"Okafor, Jane",okafor@kings.example.ac.uk,King’s College,ENT,core faculty,weak tie,AAO-HNSF 2026,2026-10-01,"sponsors J-1, not H-1B"',
      'No Email,,,,,,,,',
      'Bad Tier,bad@x.edu,,,,boss,,soon,',
    ].join('\n');

    const { plan: _plan, ...report } = await importContacts(user, csv, deps);

    // A bad cell loses the cell, not the person.
    expect(report).toEqual({
      imported: 2,
      updated: 1,
      skipped: [{ line: 4, reason: 'no email' }],
      warnings: [
        { line: 5, reason: 'tier "boss" left out: it is one of sponsor, mentor, working, peer, weak_tie' },
        { line: 5, reason: 'last contact "soon" left out: not a date in the past' },
      ],
    });
    expect(await deps.store.contacts.findByEmail(user.userId, 'bad@x.edu')).toMatchObject({
      name: 'Bad Tier',
      tier: null,
    });
    const lopez = await deps.store.contacts.findByEmail(user.userId, 'mlopez@stmarys.example.edu');
    expect(lopez).toMatchObject({
      name: 'Maria Lopez MD',
      nameSetByUser: true,
      institution: 'St. Mary’s',
      specialty: 'PM&R',
      role: 'program director',
      tier: 'sponsor',
    });
    expect(lopez?.lastContactAt).toBeTruthy();
    const okafor = await deps.store.contacts.findByEmail(user.userId, 'okafor@kings.example.ac.uk');
    expect(okafor).toMatchObject({
      name: 'Okafor, Jane',
      tier: 'weak_tie',
      howMet: 'AAO-HNSF 2026',
      notes: 'sponsors J-1, not H-1B',
    });
  });

  it('refuses a sheet without an email column, changing nothing', async () => {
    const before = await deps.store.contacts.list(user.userId);
    const report = await importContacts(user, 'name,phone\nX,1\n', deps);
    expect(report.skipped[0]?.reason).toMatch(/no "email" column/);
    expect(await deps.store.contacts.list(user.userId)).toEqual(before);
  });

  it('exports what it imports (csv and json)', async () => {
    const contacts = await deps.store.contacts.list(user.userId);
    const csv = exportCsv(contacts);
    expect(csv.split('\r\n')[0]).toBe(
      'name,email,institution,specialty,role,tier,how_met,last_contact,notes',
    );
    expect(csv).toContain('"Okafor, Jane",okafor@kings.example.ac.uk');
    const again = await testDeps('2026-11-20T12:00:00Z');
    const { user: other } = await addUser({ email: 'copy@example.org', timezone: 'UTC' }, again);
    await importContacts(other, csv, again);
    expect(exportRows(await again.store.contacts.list(other.userId))).toEqual(exportRows(contacts));
    await again.ses.stop();
  });
});

describe('importContacts: the playbook from a spreadsheet', () => {
  it('puts tiered contacts in their cadence at once; lapsed ones come due a day apart, closest ties first', async () => {
    const csv = [
      'name,email,tier,last_contact',
      'Dr. Ada Mentor,ada@uni.example,mentor,2025-11-01',
      'Dr. Sam Sponsor,sam@uni.example,sponsor,2025-10-01',
      'Dr. Recent Peer,recent@uni.example,peer,2026-11-01',
      'No Tier,notier@uni.example,,2025-01-01',
    ].join('\n');

    await importContacts(user, csv, deps);

    const cadence = (await deps.store.reminders.list(user.userId))
      .filter((r) => r.kind === 'keep_in_touch' && r.contactEmail.endsWith('@uni.example'))
      .map((r) => [r.contactEmail, r.dueAt, r.state])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    expect(cadence).toEqual([
      ['sam@uni.example', '2026-11-20T12:00:00.000Z', 'pending'],
      ['ada@uni.example', '2026-11-21T12:00:00.000Z', 'pending'],
      // 120 days after 1 Nov 2026 (the sheet's date, midnight UTC): not lapsed, due then.
      ['recent@uni.example', '2027-03-01T00:00:00.000Z', 'pending'],
    ]);
  });

  it('importing the same sheet again adds no second cadence reminder', async () => {
    const before = (await deps.store.reminders.list(user.userId)).length;

    await importContacts(
      user,
      'name,email,tier,last_contact\nDr. Sam Sponsor,sam@uni.example,sponsor,2025-10-01\n',
      deps,
    );

    expect((await deps.store.reminders.list(user.userId)).length).toBe(before);
  });
});

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/contacts/${name}`, import.meta.url), 'utf8');
const planFor = (text: string, dateOrder?: DateOrder) =>
  planImport(user, text, { dateOrder, captureDomain: 'in.rounds.test', now: '2026-11-20T12:00:00.000Z' }, []);
const view = (plan: ReturnType<typeof planFor>) =>
  plan.rows.map(({ contact, ...row }) => ({
    ...row,
    ...(contact ? { institution: contact.institution } : {}),
  }));

describe('planImport: the files people have', () => {
  it('reads LinkedIn’s Connections.csv under its notes, and says why a connection without email is left out', () => {
    const plan = planFor(fixture('Connections.csv'));

    expect(plan.format).toBe('linkedin');
    expect(view(plan)).toEqual([
      {
        line: 5,
        email: 'praman@heart.example.org',
        name: 'Priya Raman',
        action: 'new',
        institution: 'Heart Institute',
      },
      {
        line: 6,
        name: 'Tomás Ortega',
        action: 'problem',
        reason: 'no email (LinkedIn shares it only for people who allow it)',
      },
      {
        line: 7,
        email: 'hkim@neuro.example.edu',
        name: 'Hana Kim',
        action: 'new',
        institution: 'Northwestern Neurology',
      },
    ]);
    expect(plan.rows[0]?.contact).toMatchObject({
      role: 'Program Director',
      howMet: 'LinkedIn',
      lastContactAt: '2023-03-15T00:00:00.000Z',
    });
  });

  it('reads vCards from Apple Contacts, Google and Outlook (groups, folded lines, escapes, quoted-printable)', () => {
    const plan = planFor(fixture('contacts.vcf'));

    expect(plan.format).toBe('vcard');
    expect(plan.rows.map((r) => [r.line, r.action, r.email ?? r.reason])).toEqual([
      [1, 'new', 'mlopez@stmarys.example.edu'],
      [14, 'new', 'wchen@uni.example.edu'],
      [24, 'new', 'lgarcia@clinic.example.org'],
      [31, 'problem', 'no email'],
    ]);
    expect(plan.rows[0]?.contact).toMatchObject({
      name: 'Dr. Maria Lopez',
      institution: "St. Mary's Hospital",
      specialty: 'Physical Medicine & Rehabilitation',
      role: 'Program Director',
      notes: 'Met at AAPM&R 2026, poster hall. Sponsors J-1.',
    });
    expect(plan.rows[0]?.lost).toEqual([
      "also has maria.lopez@gmail.example: merge it from the contact's page if it is the same person",
    ]);
    expect(plan.rows[1]?.contact).toMatchObject({
      role: 'Research mentor, neurology',
      notes: 'Weekly lab meeting Thursdays. Very long note that an export folds across two lines.',
    });
    expect(plan.rows[2]?.contact).toMatchObject({ name: 'Lucía García', institution: 'Clínica' });
  });

  it('asks which way 07/04/2026 reads, unless the file proves it or the user says', () => {
    const ambiguous = 'email,last_contact\na@x.edu,07/04/2026\n';
    const proven = `${ambiguous}b@x.edu,13/04/2026\n`;

    expect(planFor(ambiguous).needsDateOrder).toEqual({ line: 2, example: '07/04/2026' });
    expect(planFor(ambiguous, 'mdy').rows[0]?.contact?.lastContactAt).toBe('2026-07-04T00:00:00.000Z');
    expect(planFor(ambiguous, 'dmy').rows[0]?.contact?.lastContactAt).toBe('2026-04-07T00:00:00.000Z');
    // 13/04 can only be day first: the whole file reads that way.
    expect(planFor(proven).needsDateOrder).toBeUndefined();
    expect(planFor(proven).rows.map((r) => r.contact?.lastContactAt)).toEqual([
      '2026-04-07T00:00:00.000Z',
      '2026-04-13T00:00:00.000Z',
    ]);
  });

  it('reports a person twice in one file, and the user’s own address, without importing either', () => {
    const plan = planFor('email,name\na@x.edu,A\nA@X.edu,A again\namira@example.org,Me\n');

    expect(plan.rows.map((r) => [r.line, r.action, r.reason])).toEqual([
      [2, 'new', undefined],
      [3, 'problem', 'the same address as line 2'],
      [4, 'problem', 'that is your own address'],
    ]);
  });
});

describe('import preview and export round trip', () => {
  it('previews without writing: new, update, unchanged, with what an update changes', async () => {
    const before = await deps.store.contacts.list(user.userId);
    const text =
      'email,role,name\nokafor@kings.example.ac.uk,program director,"Okafor, Jane"\nsam@uni.example,,\nnew@x.edu,,\n';

    const plan = await previewImport(user, text, deps);

    expect(plan.rows.map((r) => [r.email, r.action, r.changes])).toEqual([
      ['okafor@kings.example.ac.uk', 'update', ['role']],
      ['sam@uni.example', 'unchanged', undefined],
      ['new@x.edu', 'new', undefined],
    ]);
    expect(await deps.store.contacts.list(user.userId)).toEqual(before);
  });

  it('reads back every cell it exports, notes starting with - or + or = included', async () => {
    const tricky = [
      '- met at poster 12',
      '+1 for a letter',
      '=not a formula',
      "'quoted already",
      "''=two marks",
    ];
    for (const notes of tricky)
      await deps.store.contacts.put(user.userId, {
        ...(await deps.store.contacts.findByEmail(user.userId, 'okafor@kings.example.ac.uk'))!,
        notes,
      });
    const contacts = await deps.store.contacts.list(user.userId);
    const csv = exportCsv(contacts);
    const again = await testDeps('2026-11-20T12:00:00Z');
    const { user: other } = await addUser({ email: 'copy2@example.org', timezone: 'UTC' }, again);
    for (const notes of tricky) {
      const one = formatCsv([
        ['email', 'notes'],
        ['okafor@kings.example.ac.uk', notes],
      ]);
      await importContacts(other, one, again);
      expect(
        (await again.store.contacts.findByEmail(other.userId, 'okafor@kings.example.ac.uk'))?.notes,
      ).toBe(notes);
    }
    // A formula is still never live in the file a spreadsheet opens.
    expect(csv).not.toMatch(/(^|,)[=+\-@]/m);
    await again.ses.stop();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCsv, parseCsv } from '#shared/contacts/csv';
import { exportCsv, exportRows, importContacts } from '#shared/contacts/import-export';
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
  it('creates new contacts, fills in known ones without erasing, and skips bad rows with reasons', async () => {
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
      'Bad Tier,bad@x.edu,,,,boss,,,',
    ].join('\n');

    const report = await importContacts(user, csv, deps);

    expect(report).toEqual({
      imported: 1,
      updated: 1,
      skipped: [
        { line: 4, reason: 'no email' },
        { line: 5, reason: 'tier must be one of sponsor, mentor, working, peer, weak_tie, not "boss"' },
      ],
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

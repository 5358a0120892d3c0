// Residency programs on DynamoDB Local: a program groups its people (new ones become
// contacts), each status change is dated, names find programs in any case, and bad input
// gets a specific error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '#shared/domain/model';
import { addProgram, programViews, setProgram } from '#shared/programs/programs';
import { addUser } from '#shared/users/users';
import { testDeps } from '../../support/local.ts';

let deps: Awaited<ReturnType<typeof testDeps>>;
let amira: User;
let omar: User;
beforeAll(async () => {
  deps = await testDeps('2026-10-01T12:00:00Z');
  ({ user: amira } = await addUser({ email: 'amira@example.org', timezone: 'America/Chicago' }, deps));
  ({ user: omar } = await addUser({ email: 'omar@example.org', timezone: 'Europe/London' }, deps));
  await deps.store.contacts.create(amira.userId, {
    contactId: 'c-lopez',
    email: 'mlopez@county.example.edu',
    emails: ['mlopez@county.example.edu'],
    name: 'Dr. Maria Lopez',
    institution: 'County General',
    role: 'program director',
    tier: null,
    status: 'active',
    firstContactAt: '2026-09-10T15:00:00.000Z',
    lastContactAt: '2026-09-10T15:00:00.000Z',
    createdAt: '2026-09-10T15:00:00.000Z',
  });
});
afterAll(() => deps.ses.stop());

describe('programs', () => {
  it('group their people, known or new, and date every change of status', async () => {
    const im = await addProgram(
      amira,
      {
        name: 'Internal Medicine Residency',
        institution: 'County General',
        specialty: 'Internal Medicine',
        contacts: ['mlopez@county.example.edu', 'Coordinator@County.example.edu'],
      },
      deps,
    );
    expect(im.status).toBe('applied');
    deps.clock.set('2026-10-20T14:00:00Z');
    const invited = await setProgram(amira, 'internal medicine residency', { status: 'invited' }, deps);

    expect(invited.history).toEqual([
      { status: 'applied', at: '2026-10-01T12:00:00.000Z' },
      { status: 'invited', at: '2026-10-20T14:00:00.000Z' },
    ]);
    expect(await programViews(amira, deps)).toEqual([
      {
        id: im.programId,
        name: 'Internal Medicine Residency',
        institution: 'County General',
        specialty: 'Internal Medicine',
        status: 'invited',
        contacts: ['mlopez@county.example.edu', 'coordinator@county.example.edu'],
      },
    ]);
    const coordinator = await deps.store.contacts.findByEmail(amira.userId, 'coordinator@county.example.edu');
    expect(coordinator).toMatchObject({ programId: im.programId, institution: 'County General' });
    expect((await deps.store.contacts.get(amira.userId, 'c-lopez'))?.programId).toBe(im.programId);
    // The same name and institution again is the same program.
    await addProgram(amira, { name: 'Internal Medicine Residency', institution: 'County General' }, deps);
    expect(await programViews(amira, deps)).toHaveLength(1);
  });

  it('say what is wrong with a status, an address or a name, and change nothing', async () => {
    await expect(setProgram(amira, 'Internal Medicine Residency', { status: 'maybe' }, deps)).rejects.toThrow(
      /status is one of applied, .*, not "maybe"/,
    );
    await expect(
      setProgram(amira, 'Internal Medicine Residency', { contacts: ['not an address'] }, deps),
    ).rejects.toThrow('"not an address" is not an email address');
    await expect(setProgram(amira, 'Surgery', { status: 'ranked' }, deps)).rejects.toThrow(
      'no program "Surgery" for amira@example.org',
    );
    await addProgram(amira, { name: 'Transitional Year', institution: 'Lakeside' }, deps);
    await addProgram(amira, { name: 'Transitional Year', institution: 'Riverside' }, deps);
    await expect(setProgram(amira, 'transitional year', { status: 'ranked' }, deps)).rejects.toThrow(
      /2 programs are called "transitional year": use an id/,
    );
    expect((await programViews(amira, deps)).map((p) => p.status)).toEqual(['invited', 'applied', 'applied']);
  });

  it('belong to their user alone', async () => {
    expect(await programViews(omar, deps)).toEqual([]);
    await expect(setProgram(omar, 'Internal Medicine Residency', { status: 'ranked' }, deps)).rejects.toThrow(
      /no program/,
    );
  });
});

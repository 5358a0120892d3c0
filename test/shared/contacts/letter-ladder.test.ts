// A letter writer's ladder on DynamoDB Local: agreeing brings the ERAS request form; the form
// sent, a check on the date ERAS programs need letters by and at most two polite nudges; the
// letter uploaded ends those and asks for it to be assigned; a no ends everything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editContact } from '#shared/contacts/book';
import type { User } from '#shared/domain/model';
import { addUser } from '#shared/users/users';
import { testDeps } from '../../support/local.ts';

let deps: Awaited<ReturnType<typeof testDeps>>;
let user: User;
beforeAll(async () => {
  deps = await testDeps('2026-08-03T15:00:00Z');
  ({ user } = await addUser({ email: 'amira@example.org', timezone: 'America/Chicago' }, deps));
  for (const email of ['wchen@uni.example.edu', 'okafor@uni.example.edu'])
    await deps.store.contacts.create(user.userId, {
      contactId: `c-${email.split('@')[0]}`,
      email,
      emails: [email],
      name: email.startsWith('w') ? 'Dr. Wei Chen' : 'Dr. Ada Okafor',
      institution: null,
      role: null,
      tier: 'mentor',
      status: 'active',
      firstContactAt: '2026-07-01T15:00:00.000Z',
      lastContactAt: '2026-07-01T15:00:00.000Z',
      createdAt: '2026-07-01T15:00:00.000Z',
    });
});
afterAll(() => deps.ses.stop());

const letterReminders = async (contactId: string) =>
  (await deps.store.reminders.ofContact(user.userId, contactId))
    .filter((r) => r.kind.startsWith('letter_'))
    .map((r) => [r.kind, r.dueAt, r.state])
    .sort();

describe("a letter writer's ladder", () => {
  it('agreed: send the ERAS request form now', async () => {
    await editContact(user, 'wchen@uni.example.edu', { letterStatus: 'agreed' }, deps);
    expect(await letterReminders('c-wchen')).toEqual([
      ['letter_request', '2026-08-03T15:00:00.000Z', 'pending'],
    ]);
  });

  it('form sent: the request is answered; a check a week before programs review, two nudges after', async () => {
    deps.clock.set('2026-08-05T15:00:00Z');
    await editContact(user, 'wchen@uni.example.edu', { letterStatus: 'form sent' }, deps);
    expect(await letterReminders('c-wchen')).toEqual([
      ['letter_check', '2026-09-16T13:00:00.000Z', 'pending'],
      ['letter_nudge', '2026-09-19T13:00:00.000Z', 'pending'],
      ['letter_nudge', '2026-09-26T13:00:00.000Z', 'pending'],
      ['letter_request', '2026-08-03T15:00:00.000Z', 'resolved'],
    ]);
  });

  it('uploaded: the check and the nudges end; assigning it to programs comes next', async () => {
    deps.clock.set('2026-09-12T15:00:00Z');
    await editContact(user, 'wchen@uni.example.edu', { letterStatus: 'uploaded' }, deps);
    const after = await letterReminders('c-wchen');
    expect(after.filter(([, , state]) => state === 'pending')).toEqual([
      ['letter_assign', '2026-09-12T15:00:00.000Z', 'pending'],
    ]);
    await editContact(user, 'wchen@uni.example.edu', { letterStatus: 'assigned' }, deps);
    expect((await letterReminders('c-wchen')).filter(([, , state]) => state === 'pending')).toEqual([]);
  });

  it('a date the user gives is the one checked; a no ends everything', async () => {
    await editContact(
      user,
      'okafor@uni.example.edu',
      { letterStatus: 'form_sent' },
      deps,
      '2026-10-01T05:00:00.000Z',
    );
    expect((await letterReminders('c-okafor')).map(([kind, due]) => [kind, due])).toEqual([
      ['letter_check', '2026-10-01T05:00:00.000Z'],
      ['letter_nudge', '2026-10-04T05:00:00.000Z'],
      ['letter_nudge', '2026-10-11T05:00:00.000Z'],
    ]);
    await editContact(user, 'okafor@uni.example.edu', { letterStatus: 'declined' }, deps);
    expect((await letterReminders('c-okafor')).map(([, , state]) => state)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
  });

  it('says which steps there are when given another', async () => {
    await expect(
      editContact(user, 'okafor@uni.example.edu', { letterStatus: 'maybe' }, deps),
    ).rejects.toThrow(
      'letter status must be one of asked, promised, form_sent, uploaded, assigned, declined (agreed is promised), not "maybe"',
    );
  });
});

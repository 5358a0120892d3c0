import { describe, expect, it } from 'vitest';
import { editContact, mergeContacts, updateContact } from '#shared/contacts/book';
import { ingestMessage } from '#shared/ingest/ingest';
import { residentWorld } from '../../support/local.ts';
import { eml } from '../../support/mail.ts';

const { deps, user, capture } = await residentWorld();

const send = (to: string, date: string, messageId: string) =>
  ingestMessage(
    { raw: eml({ from: 'amira@example.org', to, date, messageId }), recipients: [capture] },
    deps,
  );

describe('mergeContacts', () => {
  it('makes one person of two addresses, with both histories and reminders, and mail to either reaches it', async () => {
    await send(
      '"Dr. Maria Lopez" <mlopez@stmarys.example.edu>',
      'Mon, 2 Nov 2026 09:00:00 -0600',
      '<m1@example.org>',
    );
    await send('maria.lopez@gmail.example', 'Tue, 3 Nov 2026 09:00:00 -0600', '<m2@example.org>');

    const merged = await mergeContacts(
      user.userId,
      'mlopez@stmarys.example.edu',
      'maria.lopez@gmail.example',
      deps.store,
    );
    await send('maria.lopez@gmail.example', 'Wed, 4 Nov 2026 09:00:00 -0600', '<m3@example.org>');

    expect(merged.emails).toEqual(['mlopez@stmarys.example.edu', 'maria.lopez@gmail.example']);
    expect(merged.name).toBe('Dr. Maria Lopez');
    const contacts = (await deps.store.contacts.list(user.userId)).filter((c) =>
      c.emails.includes('maria.lopez@gmail.example'),
    );
    expect(contacts).toHaveLength(1);
    const timeline = await deps.store.interactions.timeline(user.userId, merged.contactId);
    expect(timeline.map((i) => i.messageId)).toEqual([
      '<m3@example.org>',
      '<m2@example.org>',
      '<m1@example.org>',
    ]);
    const reminders = (await deps.store.reminders.list(user.userId)).filter(
      (r) => r.contactId === merged.contactId,
    );
    expect(reminders.length).toBeGreaterThanOrEqual(1);
    expect(reminders.every((r) => r.contactEmail === 'mlopez@stmarys.example.edu')).toBe(true);
  });
});

describe('updateContact', () => {
  it('keeps a name the user set even when mail later brings another', async () => {
    await send('chen@uni.example.edu', 'Mon, 2 Nov 2026 09:00:00 -0600', '<c1@example.org>');
    await updateContact(
      user.userId,
      'chen@uni.example.edu',
      { name: 'Wei Chen, MD', tier: 'mentor' },
      deps.store,
    );
    await send(
      '"Chen, Wei (Dept of Medicine)" <chen@uni.example.edu>',
      'Tue, 3 Nov 2026 09:00:00 -0600',
      '<c2@example.org>',
    );
    const contact = await deps.store.contacts.findByEmail(user.userId, 'chen@uni.example.edu');
    expect(contact).toMatchObject({ name: 'Wei Chen, MD', tier: 'mentor' });
  });

  it('fills a missing name from mail, once', async () => {
    await send('okafor@kings.example.ac.uk', 'Mon, 2 Nov 2026 09:00:00 -0600', '<o1@example.org>');
    await send(
      '"Prof. Jane Okafor" <okafor@kings.example.ac.uk>',
      'Tue, 3 Nov 2026 09:00:00 -0600',
      '<o2@example.org>',
    );
    await send(
      '"J. Okafor" <okafor@kings.example.ac.uk>',
      'Wed, 4 Nov 2026 09:00:00 -0600',
      '<o3@example.org>',
    );
    expect((await deps.store.contacts.findByEmail(user.userId, 'okafor@kings.example.ac.uk'))?.name).toBe(
      'Prof. Jane Okafor',
    );
  });

  it('refuses a tier that does not exist', async () => {
    await expect(
      updateContact(user.userId, 'chen@uni.example.edu', { tier: 'boss' }, deps.store),
    ).rejects.toThrow(/tier must be one of sponsor, mentor, working, peer, weak_tie/);
  });
});

describe('editContact', () => {
  it('a tier set by hand starts the keep-in-touch cadence from the last contact, at once', async () => {
    await send(
      '"Dr. Kofi Mensah" <kmensah@surgery.example.edu>',
      'Mon, 2 Nov 2026 09:15:00 -0600',
      '<mensah-1@x>',
    );

    await editContact(user, 'kmensah@surgery.example.edu', { tier: 'sponsor' }, deps);

    const cadence = (await deps.store.reminders.list(user.userId)).filter(
      (r) => r.kind === 'keep_in_touch' && r.contactEmail === 'kmensah@surgery.example.edu',
    );
    expect(cadence.map((r) => [r.dueAt, r.state])).toEqual([['2027-01-01T15:15:00.000Z', 'pending']]);
  });
});

// The contacts repository on DynamoDB Local: one contact per address however deliveries race,
// last contact only moves forward, a name the user set is never overwritten by mail, and the
// unanswered count counts each message once.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '#shared/domain/model';
import type { Store } from '#shared/store/index';
import { freshStore } from '../../support/local.ts';

let store: Store;
beforeAll(async () => {
  store = await freshStore();
});

const contact = (id: string, email: string, overrides: Partial<Contact> = {}): Contact => ({
  contactId: id,
  email,
  emails: [email],
  name: null,
  institution: null,
  role: null,
  tier: null,
  status: 'active',
  firstContactAt: '2026-11-02T15:00:00.000Z',
  lastContactAt: null,
  createdAt: '2026-11-02T15:00:00.000Z',
  ...overrides,
});

describe('contacts repository', () => {
  it('makes one contact when two deliveries create the same person at once', async () => {
    // Ingest derives a contact's id from the address, so racing deliveries write the same one.
    const [a, b] = await Promise.all([
      store.contacts.create('u1', contact('c-pd', 'pd@uni.example', { name: 'Dr. Patel' })),
      store.contacts.create('u1', contact('c-pd', 'pd@uni.example')),
    ]);

    expect(a.contactId).toBe(b.contactId);
    expect((await store.contacts.list('u1')).map((c) => c.email)).toEqual(['pd@uni.example']);
    expect((await store.contacts.findByEmail('u1', 'PD@uni.example'))?.contactId).toBe(a.contactId);
  });

  it('moves last contact forward only, and fills a name only where there was none', async () => {
    const c = await store.contacts.create('u1', contact('c-lopez', 'mlopez@stmarys.example'));

    await store.contacts.touch('u1', c.contactId, '2026-11-05T10:00:00.000Z', 'Dr. Maria Lopez');
    await store.contacts.touch('u1', c.contactId, '2026-11-03T10:00:00.000Z', 'M. Lopez');

    expect(await store.contacts.get('u1', c.contactId)).toMatchObject({
      lastContactAt: '2026-11-05T10:00:00.000Z',
      name: 'Dr. Maria Lopez',
    });
  });

  it('never overwrites a name the user set', async () => {
    const c = await store.contacts.create(
      'u1',
      contact('c-chen', 'wchen@uni.example', { name: 'Wei Chen, MD', nameSetByUser: true }),
    );
    await store.contacts.touch('u1', c.contactId, '2026-11-06T10:00:00.000Z', 'chen.wei');

    expect((await store.contacts.get('u1', c.contactId))?.name).toBe('Wei Chen, MD');
  });

  it('counts each unanswered email once, and starts over when they answer', async () => {
    const c = await store.contacts.create('u1', contact('c-okafor', 'okafor@uni.example'));

    expect(await store.contacts.recordOutbound('u1', c.contactId, '<m1@x>')).toBe(1);
    expect(await store.contacts.recordOutbound('u1', c.contactId, '<m1@x>')).toBe(1);
    expect(await store.contacts.recordOutbound('u1', c.contactId, '<m2@x>')).toBe(2);
    await store.contacts.setFields('u1', c.contactId, { dormantAfter: '2026-12-01T00:00:00.000Z' });
    await store.contacts.recordInbound('u1', c.contactId);

    const after = await store.contacts.get('u1', c.contactId);
    expect(after?.unanswered).toBe(0);
    expect(after?.dormantAfter).toBeUndefined();
  });

  it('points a merged address at the contact it was merged into', async () => {
    await store.contacts.create('u1', contact('c-old', 'old@uni.example'));
    const keep = await store.contacts.create('u1', contact('c-keep', 'keep@uni.example'));

    await store.contacts.linkEmail('u1', 'old@uni.example', keep.contactId);
    await store.contacts.delete('u1', 'c-old');

    expect((await store.contacts.findByEmail('u1', 'old@uni.example'))?.contactId).toBe('c-keep');
  });

  it('keeps one user’s contacts out of another’s', async () => {
    await store.contacts.create('u2', contact('c-x', 'pd@uni.example'));

    expect((await store.contacts.list('u2')).map((c) => c.contactId)).toEqual(['c-x']);
    expect(await store.contacts.findByEmail('u2', 'mlopez@stmarys.example')).toBeUndefined();
  });
});

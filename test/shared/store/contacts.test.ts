// The contacts repository on DynamoDB Local: one contact per address however deliveries race,
// last contact only moves forward, a name the user set is never overwritten by mail, and the
// unanswered count counts each message once.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '#shared/domain/model';
import type { Store } from '#shared/store/index';
import { freshStore, freshStoreAndTable, putUserAsOlderCodeDid } from '../../support/local.ts';

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

describe('the people and network indexes', () => {
  const emails = (contacts: Contact[]) => contacts.map((c) => c.email);
  const day = (d: number) => `2026-10-${String(d).padStart(2, '0')}T12:00:00.000Z`;
  const u = { userId: 'u-pages', contactsIndexed: true };

  it('pages through contacts by last contact, latest first, both ways', async () => {
    for (let d = 1; d <= 7; d++)
      await store.contacts.create(
        u.userId,
        contact(`c-${d}`, `p${d}@uni.example`, { lastContactAt: day(d) }),
      );
    // A later email moves someone to the front.
    await store.contacts.touch(u.userId, 'c-2', day(20));

    const first = await store.contacts.page(u, 3);
    expect(emails(first.contacts)).toEqual(['p2@uni.example', 'p7@uni.example', 'p6@uni.example']);
    expect(first.newer).toBeUndefined();
    const second = await store.contacts.page(u, 3, { olderThan: first.older! });
    expect(emails(second.contacts)).toEqual(['p5@uni.example', 'p4@uni.example', 'p3@uni.example']);
    const last = await store.contacts.page(u, 3, { olderThan: second.older! });
    expect(emails(last.contacts)).toEqual(['p1@uni.example']);
    expect(last.older).toBeUndefined();
    const back = await store.contacts.page(u, 3, { newerThan: second.newer! });
    expect(emails(back.contacts)).toEqual(emails(first.contacts));
    expect(back.newer).toBeUndefined();
    expect(emails(await store.contacts.touchedSince(u, day(5)))).toEqual([
      'p2@uni.example',
      'p7@uni.example',
      'p6@uni.example',
    ]);
  });

  it('holds the tiered contacts as the network, following tier changes', async () => {
    const net = { userId: 'u-net', contactsIndexed: true };
    await store.contacts.create(net.userId, contact('c-m', 'mentor@uni.example', { tier: 'mentor' }));
    await store.contacts.create(net.userId, contact('c-p', 'peer@uni.example'));
    await store.contacts.setFields(net.userId, 'c-p', { tier: 'peer' });
    expect(emails(await store.contacts.network(net)).sort()).toEqual([
      'mentor@uni.example',
      'peer@uni.example',
    ]);

    await store.contacts.setFields(net.userId, 'c-m', { tier: null });
    expect(emails(await store.contacts.network(net))).toEqual(['peer@uni.example']);
    expect((await store.contacts.get(net.userId, 'c-m'))?.tier).toBeNull();
  });

  it('indexes contacts written before the indexes, on the first read, once', async () => {
    const { store: old, table } = await freshStoreAndTable();
    await putUserAsOlderCodeDid(table, 'u-old', 'old@example.org');
    // As older code left them: no index keys at all.
    for (const [id, tier, at] of [
      ['c-a', 'mentor', day(3)],
      ['c-b', null, day(9)],
    ] as const)
      await table.put({
        pk: 'USER#u-old',
        sk: `CONTACT#${id}`,
        type: 'contact',
        ...contact(id, `${id}@uni.example`, { tier, lastContactAt: at }),
      });
    const user = (await old.users.get('u-old'))!;
    expect(user.contactsIndexed).toBeUndefined();

    expect(emails((await old.contacts.page(user, 10)).contacts)).toEqual([
      'c-b@uni.example',
      'c-a@uni.example',
    ]);
    const after = (await old.users.get('u-old'))!;
    expect(after.contactsIndexed).toBe(true);
    expect(emails(await old.contacts.network(after))).toEqual(['c-a@uni.example']);
  });
});

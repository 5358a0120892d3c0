import { describe, expect, it } from 'vitest';
import { dueIndexKeys, keys, TABLE_SCHEMA } from '#shared/store/table';

describe('key design', () => {
  it('keeps everything a user owns under their own partition', () => {
    const owned = [
      keys.user('u1'),
      keys.contact('u1', 'c1'),
      keys.contactEmail('u1', 'A@B.org'),
      keys.interaction('u1', 'i1'),
      keys.timelineEntry('u1', 'c1', '2026-11-02T15:15:00.000Z', 'i1'),
      keys.reminder('u1', 'r1'),
      keys.messageSeen('u1', '<m@x>'),
      keys.messageSent('u1', '<s@x>'),
    ];
    expect(new Set(owned.map((k) => k.pk))).toEqual(new Set(['USER#u1']));
  });

  it('looks addresses up case-insensitively', () => {
    expect(keys.address('Amira@Example.ORG')).toEqual(keys.address('amira@example.org'));
    expect(keys.contactEmail('u1', 'PD@Uni.edu')).toEqual(keys.contactEmail('u1', 'pd@uni.edu'));
  });

  it('orders a contact’s timeline by time within its prefix', () => {
    const earlier = keys.timelineEntry('u1', 'c1', '2026-11-02T15:15:00.000Z', 'zzz').sk;
    const later = keys.timelineEntry('u1', 'c1', '2026-11-03T08:00:00.000Z', 'aaa').sk;
    expect(earlier.startsWith(keys.timelinePrefix('c1'))).toBe(true);
    expect(earlier < later).toBe(true);
  });

  it('indexes open reminders by due time per user, so “due by now” is a range Query', () => {
    const a = dueIndexKeys('u1', '2026-11-16T15:15:00.000Z', 'r9');
    const b = dueIndexKeys('u1', '2026-11-17T15:15:00.000Z', 'r1');
    expect(a.gsi1pk).toBe('DUE#u1');
    expect(a.gsi1sk < b.gsi1sk).toBe(true);
    expect(a.gsi1sk <= '2026-11-16T15:15:00.000Z#~').toBe(true);
    expect(TABLE_SCHEMA.dueIndex.partitionKey).toBe('gsi1pk');
  });
});

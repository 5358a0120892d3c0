// The key design, checked without a network: each repository's keys, side by side.
import { describe, expect, it } from 'vitest';
import { contactKeys } from '#shared/store/contacts';
import { interactionKeys } from '#shared/store/interactions';
import { messageKeys } from '#shared/store/messages';
import { reminderKeys } from '#shared/store/reminders';
import { keyPart, TABLE_SCHEMA } from '#shared/store/table';
import { userKeys } from '#shared/store/users';

describe('key design', () => {
  it('keeps everything a user owns under their own partition', () => {
    const owned = [
      userKeys.profile('u1'),
      contactKeys.contact('u1', 'c1'),
      contactKeys.email('u1', 'A@B.org'),
      interactionKeys.interaction('u1', 'i1'),
      interactionKeys.timelineEntry('u1', 'c1', '2026-11-02T15:15:00.000Z', 'i1'),
      reminderKeys.reminder('u1', 'r1'),
      reminderKeys.contactLink('u1', 'c1', 'r1'),
      messageKeys.seen('u1', '<m@x>'),
      messageKeys.sent('u1', '<s@x>'),
    ];
    expect(new Set(owned.map((k) => k.pk))).toEqual(new Set(['USER#u1']));
  });

  it('looks addresses up case-insensitively', () => {
    expect(userKeys.address('Amira@Example.ORG')).toEqual(userKeys.address('amira@example.org'));
    expect(contactKeys.email('u1', 'PD@Uni.edu')).toEqual(contactKeys.email('u1', 'pd@uni.edu'));
  });

  it('orders a contact’s timeline by time within its prefix', () => {
    const earlier = interactionKeys.timelineEntry('u1', 'c1', '2026-11-02T15:15:00.000Z', 'zzz').sk;
    const later = interactionKeys.timelineEntry('u1', 'c1', '2026-11-03T08:00:00.000Z', 'aaa').sk;
    expect(earlier.startsWith(interactionKeys.timelinePrefix('c1'))).toBe(true);
    expect(earlier < later).toBe(true);
  });

  it('indexes open reminders by due time per user, so “due by now” is a range Query', () => {
    const a = reminderKeys.dueIndex('u1', '2026-11-16T15:15:00.000Z', 'r9');
    const b = reminderKeys.dueIndex('u1', '2026-11-17T15:15:00.000Z', 'r1');
    expect(a.gsi1pk).toBe('DUE#u1');
    expect(a.gsi1sk < b.gsi1sk).toBe(true);
    expect(a.gsi1sk <= '2026-11-16T15:15:00.000Z#~').toBe(true);
    expect(TABLE_SCHEMA.dueIndex.partitionKey).toBe('gsi1pk');
  });

  it('hashes a value from mail too long for a sort key, and keeps real ones readable', () => {
    const long = `<${'x'.repeat(1500)}@example.org>`;
    expect(messageKeys.seen('u1', long).sk).toMatch(/^MSG#sha256:[0-9a-f]{64}$/);
    expect(messageKeys.seen('u1', '<m@x>').sk).toBe('MSG#<m@x>');
    expect(keyPart('short')).toBe('short');
  });
});
